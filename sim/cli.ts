import { parseArgs } from 'node:util';
import { parseCameraList } from './camera-list';
import { parseSimAuth } from './ivms/basic-auth';
import type { CountStyle } from './ivms/api';
import { DEFAULT_PROFILES, withFrameRate, withMainSize } from './site/catalog';
import { startSim, VENDORS, type Vendor } from './start-sim';

/**
 * `npm run sim`: the simulated site with one front per vendor asked for, for any client
 * to use. When ready it prints one line per front on stdout (`IVMS simulator: <url>`,
 * `VXG simulator: <url>`), then for VXG the credentials to paste into a client
 * (`VXG cloud key: <key>`, `VXG group token: <token>`), then for Eagle Eye its address and
 * user (`Eagle Eye simulator: <url>`, `Eagle Eye user: <u>`, `Eagle Eye password: <p>`), last.
 */
const USAGE = `Usage: npm run sim -- [options]
  --vendor <v>               ivms (default), vxg, een, milestone, a list such as ivms,een,milestone,
                             or all: the fronts serving the one site
Site:
  --cameras <n>              number of cameras (default 9)
  --main-size <WxH>          size of the main stream (default 1280x720; tests use a smaller one)
  --fps <n>                  frame rate of the live streams (default 15; tests use fewer)
  --linger-ms <n>            keep an unused live encoder running this long (default 10000)
  --events-per-minute <n>    random analytics events per minute (default 6; 0: only on request)
  --time-zone <zone>         IANA zone of the burnt-in clocks and IVMS eventTime (default: this machine's)
  --record-minutes <n>       length of each camera's recording ring (default 120)
  --no-recording             record nothing (no archive, no clips, no records)
  --shared-encoders <n>      for benchmarks: live video of all cameras from n encoders per profile
                             (camera k from encoder (k-1 mod n)+1): each camera keeps its own URLs,
                             but cameras sharing an encoder show the same picture, named
                             "Shared encoder i of n"; clocks stay right (default: one per camera)
  --host <addr>              address every front binds (default 127.0.0.1)
IVMS front:
  --port <n>                 API port (default 9000; 0 picks a free one)
  --media-port <n>           serve HLS from a separate media server on this port (0: a free one)
  --path-prefix <p>          context prefix before /REST/local, e.g. /V-Pro-IVMS-APIServer
  --session-expiry-ms <n>    drop a session that gets no keepalive for this long (default 60000)
  --count-style <s>          channel/count reply: document ([{ 9 }], not JSON), array, object
  --no-stoparchive           answer stoparchive with 404, as where it is only "Planned"
  --auth <user:pass>         ask for these Basic credentials on the API, media and event socket
                             (401 otherwise), as a reverse proxy in front of IVMS does
  --ivms-cameras <list>      serve only these site cameras, e.g. 1-8 or 1,3,5-7 (default all)
IVMS faults (also switchable at run time: PUT /_sim/faults on the IVMS port):
  --site-down                1504 on every API call
  --reject-path <regex>      3002/422 on API paths matching (repeatable)
  --latency-ms <n>           delay every API answer
  --malformed-json           cut API bodies short
  --keepalive-reject         refuse keepalives and drop the session
  --ws <mode>                refuse | silent
  --segments <mode>          404 | stall
IVMS control: GET /_sim/state, PUT|DELETE /_sim/faults, POST /_sim/restart {"downMs"},
  POST /_sim/cameras/<id> {"online"}, POST /_sim/events {"cameraId","alertType","count","perSecond"},
  GET /_sim/events?after=<id>, POST /_sim/ws/drop
Milestone front (XProtect API Gateway):
  --milestone-port <n>       port of the gateway (default 9300; 0 picks a free one)
  --milestone-token-seconds <n>  life of an IDP access token (default 3600)
  --milestone-user <user:pass>   the one basic user (default tessera:milestone-sim)
  --milestone-cameras <list> only these site cameras, e.g. 1-4 (default all)
  --milestone-refuse-tokens  the IDP refuses the password (400 invalid_grant)
  --milestone-ice-failure    WebRTC sessions never connect
Milestone control: GET /_sim/state, /_sim/credentials, /_sim/events, /_sim/alarms; PUT|DELETE
  /_sim/faults; PUT /_sim/token-life {"seconds"}; POST /_sim/revoke-tokens (401 mid-stream),
  /_sim/drop-sockets, /_sim/events {"camera","kind","count"}, /_sim/alarms {"camera","name"};
  PATCH /_sim/alarms/<id> {"state"}; PUT /_sim/webhooks {"url","secret","encoding","retryMs"};
  POST /_sim/webhooks/send {"badSignature","failFirst"}
VXG front:
  --vxg-port <n>             API and media port (default 9100; 0 picks a free one)
  --vxg-page-size <n>        largest page of any list (default 1000)
  --vxg-ticket-seconds <n>   life of a live HLS ticket, expire_hls (default 3600)
  --vxg-storage-ticket-seconds <n>  life of record, image and thumbnail URLs (default 3600)
  --vxg-start-delay-ms <n>   a starting stream answers watch 503 at least this long (default 1000)
  --vxg-stream-linger-ms <n> a stream nobody watched this long stops (default 10000)
  --vxg-record-seconds <n>   longest record listed (default 20)
  --vxg-cameras <list>       only these site cameras are channels, e.g. 9-12 (default all)
  --vxg-secret <s>           sign tokens with this: the same secret gives the same cloud key and
                             tokens across runs (default: new ones every run)
VXG faults (also switchable at run time: PUT /_sim/faults on the VXG port):
  --vxg-unavailable          503 on every API call
  --vxg-retry-after <s>      429 with Retry-After: <s> on every API call
  --vxg-malformed-json       cut API bodies short
  --vxg-latency-ms <n>       delay every API answer
VXG control: GET /_sim/state, GET /_sim/tokens, PUT|DELETE /_sim/faults (revokedCloudKey,
  revokedTokens, revokedChannels, retryAfterSeconds, rateLimitedCalls, unavailable, ...),
  POST /_sim/restart {"downMs"}, POST /_sim/channels/<camid> {"online"},
  POST /_sim/events {"camid","name","count","perSecond"}, GET /_sim/events?after=<id>,
  GET /_sim/created-events
Eagle Eye front (legacy API):
  --een-port <n>             login, API and preview port (default 9200; 0 picks a free one)
  --een-username <u>         the account's user (default wall@example.com)
  --een-password <p>         its password (default preview-only-1)
  --een-two-factor           the user signs in with two-factor authentication
  --een-cameras <list>       only these site cameras are the account's, e.g. 13-16 (default all)
  --een-poll-wait-ms <n>     longest a GET /poll waits for a change (default 20000)
  --een-preview-linger-ms <n> a camera's preview encoder nobody asked for this long stops (default 10000)
  --een-v3-token-seconds <n> API v3 (same port): life of an access token (default 43198); the OAuth
                             client it prints (Eagle Eye v3 client / secret) signs in at /oauth2/authorize
Eagle Eye faults (also switchable at run time: PUT /_sim/faults on the Eagle Eye port):
  --een-retry-after <s>      429 with Retry-After: <s> on every API call
  --een-poll-502 <n>         the next n GET /poll answer 502
  --een-latency-ms <n>       delay every API answer
Eagle Eye control: GET /_sim/state (preview requests per camera), PUT|DELETE /_sim/faults
  (unauthorizedCalls, retryAfterSeconds, rateLimitedCalls, poll502, passwordNeeded, ...),
  POST /_sim/sessions/end, POST /_sim/cameras/<id> {"online"}, POST /_sim/events {"cameraId","kind"},
  GET /_sim/events?after=<id>
  --verbose                  log sessions and faults to stderr`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

function choice<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) fail(`--${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function vendorsOf(value: string | undefined): Vendor[] {
  if (value === undefined) return ['ivms'];
  if (value === 'all') return [...VENDORS];
  const named = value.split(',').map((part) => part.trim());
  const unknown = named.filter((part) => !(VENDORS as readonly string[]).includes(part));
  if (unknown.length > 0 || named.length === 0) fail(`--vendor must be ${VENDORS.join(', ')}, a comma-separated list of them, or all, got "${value}"`);
  return named as Vendor[];
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      allowNegative: true,
      options: {
        vendor: { type: 'string' },
        port: { type: 'string' },
        'media-port': { type: 'string' },
        host: { type: 'string' },
        cameras: { type: 'string' },
        'main-size': { type: 'string' },
        fps: { type: 'string' },
        'path-prefix': { type: 'string' },
        'session-expiry-ms': { type: 'string' },
        'linger-ms': { type: 'string' },
        'events-per-minute': { type: 'string' },
        'time-zone': { type: 'string' },
        'record-minutes': { type: 'string' },
        recording: { type: 'boolean', default: true },
        'shared-encoders': { type: 'string' },
        'count-style': { type: 'string' },
        stoparchive: { type: 'boolean', default: true },
        auth: { type: 'string' },
        'ivms-cameras': { type: 'string' },
        'site-down': { type: 'boolean' },
        'reject-path': { type: 'string', multiple: true },
        'latency-ms': { type: 'string' },
        'malformed-json': { type: 'boolean' },
        'keepalive-reject': { type: 'boolean' },
        ws: { type: 'string' },
        segments: { type: 'string' },
        'vxg-port': { type: 'string' },
        'vxg-page-size': { type: 'string' },
        'vxg-ticket-seconds': { type: 'string' },
        'vxg-storage-ticket-seconds': { type: 'string' },
        'vxg-start-delay-ms': { type: 'string' },
        'vxg-stream-linger-ms': { type: 'string' },
        'vxg-record-seconds': { type: 'string' },
        'vxg-secret': { type: 'string' },
        'vxg-cameras': { type: 'string' },
        'vxg-unavailable': { type: 'boolean' },
        'vxg-retry-after': { type: 'string' },
        'vxg-malformed-json': { type: 'boolean' },
        'vxg-latency-ms': { type: 'string' },
        'een-port': { type: 'string' },
        'een-username': { type: 'string' },
        'een-password': { type: 'string' },
        'een-two-factor': { type: 'boolean' },
        'een-cameras': { type: 'string' },
        'een-poll-wait-ms': { type: 'string' },
        'een-preview-linger-ms': { type: 'string' },
        'een-v3-token-seconds': { type: 'string' },
        'een-retry-after': { type: 'string' },
        'een-poll-502': { type: 'string' },
        'een-latency-ms': { type: 'string' },
        'milestone-port': { type: 'string' },
        'milestone-token-seconds': { type: 'string' },
        'milestone-user': { type: 'string' },
        'milestone-cameras': { type: 'string' },
        'milestone-refuse-tokens': { type: 'boolean' },
        'milestone-ice-failure': { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const vendors = vendorsOf(values.vendor);
  const timeZone = values['time-zone'];
  if (timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
    } catch {
      fail(`--time-zone must be an IANA zone such as Asia/Kolkata, got "${timeZone}"`);
    }
  }
  const mainSize = values['main-size'];
  const size = mainSize === undefined ? undefined : /^(\d{2,4})x(\d{2,4})$/.exec(mainSize);
  if (mainSize !== undefined && !size) fail(`--main-size must be <width>x<height>, got "${mainSize}"`);
  const auth = values.auth === undefined ? undefined : parseSimAuth(values.auth);
  if (values.auth !== undefined && !auth) fail('--auth must be <user>:<password>');
  const positive = (value: string | undefined, name: string, fallback: number): number => {
    const parsed = intOption(value, name, fallback);
    if (parsed < 1) fail(`--${name} must be at least 1`);
    return parsed;
  };
  const cameraCount = intOption(values.cameras, 'cameras', 9);
  const sized = size ? withMainSize(Number(size[1]), Number(size[2])) : DEFAULT_PROFILES;
  const fps = values.fps === undefined ? undefined : positive(values.fps, 'fps', 15);
  if (fps !== undefined && fps > 60) fail('--fps must be at most 60');
  const cameraList = (value: string | undefined, name: string): number[] | undefined => {
    if (value === undefined) return undefined;
    const ids = parseCameraList(value);
    if (!ids) fail(`--${name} must list camera ids and ranges such as 1-8 or 1,3,5-7, got "${value}"`);
    const beyond = ids.filter((id) => id > cameraCount);
    if (beyond.length > 0) fail(`--${name} names camera ${beyond.join(', ')}, but the site has ${cameraCount} (--cameras)`);
    return ids;
  };
  const ivmsCameras = cameraList(values['ivms-cameras'], 'ivms-cameras');
  const vxgCameras = cameraList(values['vxg-cameras'], 'vxg-cameras');
  const eenCameras = cameraList(values['een-cameras'], 'een-cameras');
  const milestoneCameras = cameraList(values['milestone-cameras'], 'milestone-cameras');
  const milestoneUser = values['milestone-user'] === undefined ? undefined : parseSimAuth(values['milestone-user']);
  if (values['milestone-user'] !== undefined && !milestoneUser) fail('--milestone-user must be <user>:<password>');
  const running = await startSim({
    vendors,
    host: values.host,
    cameraCount,
    profiles: fps === undefined ? [...sized] : withFrameRate(sized, fps),
    encoderLingerMs: intOption(values['linger-ms'], 'linger-ms', 10_000),
    eventsPerMinute: intOption(values['events-per-minute'], 'events-per-minute', 6),
    sharedEncoders: values['shared-encoders'] === undefined ? undefined : positive(values['shared-encoders'], 'shared-encoders', 1),
    timeZone,
    recording: values.recording ? { retentionMs: intOption(values['record-minutes'], 'record-minutes', 120) * 60_000 } : false,
    log: values.verbose ? (line) => process.stderr.write(`[sim] ${line}\n`) : undefined,
    ivms: {
      port: intOption(values.port, 'port', 9000),
      mediaPort: values['media-port'] === undefined ? undefined : intOption(values['media-port'], 'media-port', 0),
      pathPrefix: values['path-prefix'],
      sessionExpiryMs: intOption(values['session-expiry-ms'], 'session-expiry-ms', 60_000),
      countStyle: choice<CountStyle>(values['count-style'], 'count-style', ['document', 'array', 'object']),
      stopArchive: values.stoparchive,
      auth,
      cameras: ivmsCameras,
      faults: {
        siteDown: values['site-down'] ?? false,
        rejectPaths: values['reject-path'] ?? [],
        latencyMs: intOption(values['latency-ms'], 'latency-ms', 0),
        malformedJson: values['malformed-json'] ?? false,
        keepaliveReject: values['keepalive-reject'] ?? false,
        websocket: choice(values.ws, 'ws', ['normal', 'refuse', 'silent'] as const) ?? 'normal',
        segments: choice(values.segments, 'segments', ['normal', '404', 'stall'] as const) ?? 'normal',
      },
    },
    vxg: {
      port: intOption(values['vxg-port'], 'vxg-port', 9100),
      pageSize: positive(values['vxg-page-size'], 'vxg-page-size', 1000),
      hlsTicketSeconds: positive(values['vxg-ticket-seconds'], 'vxg-ticket-seconds', 3600),
      storageTicketSeconds: positive(values['vxg-storage-ticket-seconds'], 'vxg-storage-ticket-seconds', 3600),
      startDelayMs: intOption(values['vxg-start-delay-ms'], 'vxg-start-delay-ms', 1000),
      streamLingerMs: intOption(values['vxg-stream-linger-ms'], 'vxg-stream-linger-ms', 10_000),
      recordChunkSeconds: positive(values['vxg-record-seconds'], 'vxg-record-seconds', 20),
      secret: values['vxg-secret'],
      cameras: vxgCameras,
      faults: {
        unavailable: values['vxg-unavailable'] ?? false,
        retryAfterSeconds: values['vxg-retry-after'] === undefined ? null : intOption(values['vxg-retry-after'], 'vxg-retry-after', 0),
        malformedJson: values['vxg-malformed-json'] ?? false,
        latencyMs: intOption(values['vxg-latency-ms'], 'vxg-latency-ms', 0),
      },
    },
    een: {
      port: intOption(values['een-port'], 'een-port', 9200),
      username: values['een-username'],
      password: values['een-password'],
      twoFactor: values['een-two-factor'] ?? false,
      cameras: eenCameras,
      pollWaitMs: positive(values['een-poll-wait-ms'], 'een-poll-wait-ms', 20_000),
      previewLingerMs: intOption(values['een-preview-linger-ms'], 'een-preview-linger-ms', 10_000),
      ...(values['een-v3-token-seconds'] === undefined ? {} : { v3: { accessTokenSeconds: positive(values['een-v3-token-seconds'], 'een-v3-token-seconds', 43_198) } }),
      faults: {
        retryAfterSeconds: values['een-retry-after'] === undefined ? null : intOption(values['een-retry-after'], 'een-retry-after', 0),
        poll502: intOption(values['een-poll-502'], 'een-poll-502', 0),
        latencyMs: intOption(values['een-latency-ms'], 'een-latency-ms', 0),
      },
    },
    milestone: {
      port: intOption(values['milestone-port'], 'milestone-port', 9300),
      tokenSeconds: positive(values['milestone-token-seconds'], 'milestone-token-seconds', 3600),
      ...(milestoneUser ? { username: milestoneUser.username, password: milestoneUser.password } : {}),
      cameras: milestoneCameras,
      faults: { refuseTokens: values['milestone-refuse-tokens'] ?? false, iceFailure: values['milestone-ice-failure'] ?? false },
    },
  });
  const lines: string[] = [];
  if (running.milestone) lines.push(`Milestone simulator: ${running.milestone.url}`, `Milestone user: ${running.milestone.username}`);
  if (running.ivms) lines.push(`IVMS simulator: ${running.ivms.url}${running.ivms.pathPrefix}`);
  if (running.vxg) lines.push(`VXG simulator: ${running.vxg.url}`, `VXG cloud key: ${running.vxg.cloudKey}`, `VXG group token: ${running.vxg.groupToken}`);
  if (running.een) {
    lines.push(`Eagle Eye simulator: ${running.een.url}`, `Eagle Eye user: ${running.een.username}`);
    lines.push(`Eagle Eye v3 client: ${running.een.v3.clientId}`, `Eagle Eye v3 secret: ${running.een.v3.clientSecret}`);
    // Last: test fixtures wait for this line.
    lines.push(`Eagle Eye password: ${running.een.password}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  const shutdown = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main().catch((error: unknown) => {
  process.stderr.write(`Simulator failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
