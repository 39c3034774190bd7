import { parseArgs } from 'node:util';
import { parseSimAuth } from './ivms/basic-auth';
import type { CountStyle } from './ivms/api';
import { withMainSize } from './site/catalog';
import { startIvmsSim } from './ivms-sim';

/**
 * `npm run sim`: the IVMS Pro simulator on its own, for any client to use.
 * Prints one line `IVMS simulator: <url>` on stdout when ready.
 */
const USAGE = `Usage: npm run sim -- [options]
  --port <n>                 API port (default 9000; 0 picks a free one)
  --media-port <n>           serve HLS from a separate media server on this port (0: a free one)
  --host <addr>              address to bind (default 127.0.0.1)
  --cameras <n>              number of cameras (default 9)
  --main-size <WxH>          size of the main stream (default 1280x720; tests use a smaller one)
  --path-prefix <p>          context prefix before /REST/local, e.g. /V-Pro-IVMS-APIServer
  --session-expiry-ms <n>    drop a session that gets no keepalive for this long (default 60000)
  --linger-ms <n>            keep an unused live encoder running this long (default 10000)
  --events-per-minute <n>    random analytics events per minute (default 6; 0: only on request)
  --time-zone <zone>         IANA zone of eventTime and the burnt-in clocks (default: this machine's)
  --record-minutes <n>       length of each camera's recording ring (default 120)
  --no-recording             record nothing (no archive, no clips)
  --count-style <s>          channel/count reply: document ([{ 9 }], not JSON), array, object
  --no-stoparchive           answer stoparchive with 404, as where it is only "Planned"
  --auth <user:pass>         ask for these Basic credentials on the API, media and event socket
                             (401 otherwise), as a reverse proxy in front of IVMS does
Faults (also switchable at run time: PUT /_sim/faults):
  --site-down                1504 on every API call
  --reject-path <regex>      3002/422 on API paths matching (repeatable)
  --latency-ms <n>           delay every API answer
  --malformed-json           cut API bodies short
  --keepalive-reject         refuse keepalives and drop the session
  --ws <mode>                refuse | silent
  --segments <mode>          404 | stall
  --verbose                  log sessions and faults to stderr
Control: GET /_sim/state, PUT|DELETE /_sim/faults, POST /_sim/restart {"downMs"},
  POST /_sim/cameras/<id> {"online"}, POST /_sim/events {"cameraId","alertType","count","perSecond"},
  GET /_sim/events?after=<id>, POST /_sim/ws/drop`;

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

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      allowNegative: true,
      options: {
        port: { type: 'string' },
        'media-port': { type: 'string' },
        host: { type: 'string' },
        cameras: { type: 'string' },
        'main-size': { type: 'string' },
        'path-prefix': { type: 'string' },
        'session-expiry-ms': { type: 'string' },
        'linger-ms': { type: 'string' },
        'events-per-minute': { type: 'string' },
        'time-zone': { type: 'string' },
        'record-minutes': { type: 'string' },
        recording: { type: 'boolean', default: true },
        'count-style': { type: 'string' },
        stoparchive: { type: 'boolean', default: true },
        auth: { type: 'string' },
        'site-down': { type: 'boolean' },
        'reject-path': { type: 'string', multiple: true },
        'latency-ms': { type: 'string' },
        'malformed-json': { type: 'boolean' },
        'keepalive-reject': { type: 'boolean' },
        ws: { type: 'string' },
        segments: { type: 'string' },
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
  const sim = await startIvmsSim({
    host: values.host,
    port: intOption(values.port, 'port', 9000),
    mediaPort: values['media-port'] === undefined ? undefined : intOption(values['media-port'], 'media-port', 0),
    cameraCount: intOption(values.cameras, 'cameras', 9),
    profiles: size ? withMainSize(Number(size[1]), Number(size[2])) : undefined,
    pathPrefix: values['path-prefix'],
    sessionExpiryMs: intOption(values['session-expiry-ms'], 'session-expiry-ms', 60_000),
    encoderLingerMs: intOption(values['linger-ms'], 'linger-ms', 10_000),
    eventsPerMinute: intOption(values['events-per-minute'], 'events-per-minute', 6),
    timeZone,
    recording: values.recording ? { retentionMs: intOption(values['record-minutes'], 'record-minutes', 120) * 60_000 } : false,
    countStyle: choice<CountStyle>(values['count-style'], 'count-style', ['document', 'array', 'object']),
    stopArchive: values.stoparchive,
    auth,
    faults: {
      siteDown: values['site-down'] ?? false,
      rejectPaths: values['reject-path'] ?? [],
      latencyMs: intOption(values['latency-ms'], 'latency-ms', 0),
      malformedJson: values['malformed-json'] ?? false,
      keepaliveReject: values['keepalive-reject'] ?? false,
      websocket: choice(values.ws, 'ws', ['normal', 'refuse', 'silent'] as const) ?? 'normal',
      segments: choice(values.segments, 'segments', ['normal', '404', 'stall'] as const) ?? 'normal',
    },
    log: values.verbose ? (line) => process.stderr.write(`[sim] ${line}\n`) : undefined,
  });
  process.stdout.write(`IVMS simulator: ${sim.url}${sim.pathPrefix}\n`);
  const shutdown = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main().catch((error: unknown) => {
  process.stderr.write(`IVMS simulator failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
