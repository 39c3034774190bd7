import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { channelRecord, createCameras, DEFAULT_PROFILES, pickProfile, type SimCamera, type SimProfile } from './catalog';
import { EncoderPool } from './encoder-pool';
import type { Segment } from './encoder';
import { Router, sendJson, sendText } from './http';
import { applied, noChannel, retrieved, unprocessable, type IvmsReply } from './ivms-envelope';
import { SessionTable } from './sessions';

export interface IvmsSimOptions {
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Context prefix before `/REST/local`, e.g. `/V-Pro-IVMS-APIServer`. */
  readonly pathPrefix?: string;
  readonly cameraCount?: number;
  /** A live session with no keepalive for this long expires (the real server's behaviour). */
  readonly sessionExpiryMs?: number;
  readonly encoderLingerMs?: number;
  readonly segmentSeconds?: number;
  /** Segments listed in a live playlist. */
  readonly liveWindow?: number;
  readonly profiles?: readonly SimProfile[];
  readonly log?: (line: string) => void;
}

export interface SimSessionView {
  readonly id: number;
  readonly kind: 'live';
  readonly cameraId: number;
  readonly profile: string;
  readonly ageMs: number;
  readonly keepalives: number;
}

export interface SimState {
  readonly sessions: SimSessionView[];
  readonly encoders: Array<{ key: string; refs: number; running: boolean; segments: number }>;
  readonly counters: { started: number; stopped: number; expired: number; keepalives: number };
}

export interface IvmsSim {
  /** `http://host:port`: what a Tessera server config's `url` names. */
  readonly url: string;
  readonly pathPrefix: string;
  readonly cameras: readonly SimCamera[];
  state(): SimState;
  close(): Promise<void>;
}

/** A server id in HLS paths, in the form the real product uses. */
const VMS_ID = 'VMS00000000000000000001CC084FD23';

/**
 * The IVMS Pro TS API simulator: the embedded demo VMS and the test peer of the IVMS
 * adapter. It serves the REST API under an optional prefix with the document's
 * envelope and status codes, real H.264 HLS made by ffmpeg for every session, and a
 * `/_sim/state` endpoint for tests to look inside.
 */
export async function startIvmsSim(options: IvmsSimOptions = {}): Promise<IvmsSim> {
  const host = options.host ?? '127.0.0.1';
  const prefix = normalisePrefix(options.pathPrefix ?? '');
  const profiles = options.profiles ?? DEFAULT_PROFILES;
  const segmentSeconds = options.segmentSeconds ?? 1;
  const liveWindow = options.liveWindow ?? 6;
  const log = options.log ?? (() => undefined);
  const cameras = createCameras(options.cameraCount ?? 9);
  const workDir = await mkdtemp(join(tmpdir(), 'tessera-sim-'));
  const pool = new EncoderPool({
    rootDir: workDir,
    segmentSeconds,
    keepSegments: liveWindow * 4,
    lingerMs: options.encoderLingerMs ?? 10_000,
    onError: log,
  });
  const sessions = new SessionTable(options.sessionExpiryMs ?? 60_000);

  const cameraById = (raw: string): SimCamera | undefined => cameras.find((camera) => String(camera.id) === raw);
  const hlsPath = (camera: SimCamera, profile: SimProfile): string =>
    `/live/TS_FILES/Live/${VMS_ID}/${camera.id}/${profile.name}/Without_Audio/${profile.width}_${profile.height}`;

  let origin = '';
  const uriOf = (request: IncomingMessage): string => `${origin}${request.url ?? ''}`;
  const reply = (response: ServerResponse, answer: IvmsReply): void => sendJson(response, answer.httpStatus, answer.body);

  const api = new Router()
    .on('GET', /^channel$/, (request, response) => reply(response, retrieved(uriOf(request), cameras.map(channelRecord))))
    // The document's own example, `[{ 501 }]`, is not valid JSON; the simulator answers as the document does.
    .on('GET', /^channel\/count$/, (request, response) =>
      sendText(
        response,
        200,
        `{"status":2000,"code":200,"description":"OK","message":"Successfully Retrieved!","uri":${JSON.stringify(uriOf(request))},"result":[{ ${cameras.length} }]}`,
        'application/json',
      ),
    )
    .on('GET', /^channel\/status$/, (request, response) =>
      reply(response, retrieved(uriOf(request), cameras.map((camera) => ({ channelId: camera.id, channelStatus: camera.online ? 1 : 0 })))),
    )
    .on('GET', /^channel\/([^/]+)$/, (request, response, [id = '']) => {
      const camera = cameraById(id);
      reply(response, camera ? retrieved(uriOf(request), [channelRecord(camera)]) : noChannel(uriOf(request)));
    })
    .on('GET', /^startlive\/([^/]+)\/(\d+)\/(\d+)\/([01])$/, (request, response, [id = '', width = '0', height = '0']) => {
      const camera = cameraById(id);
      if (!camera) return reply(response, noChannel(uriOf(request)));
      if (!camera.online) return reply(response, unprocessable(uriOf(request)));
      const profile = pickProfile(profiles, Number(width), Number(height));
      const session = sessions.add({ kind: 'live', cameraId: camera.id, profile, lease: pool.acquire(camera, profile) });
      log(`session ${session.id} started: camera ${camera.id} ${profile.name}`);
      reply(response, applied(uriOf(request), [{ sesssionId: session.id, hlsURL: `${origin}${hlsPath(camera, profile)}/index.m3u8` }]));
    })
    .on('GET', /^live\/keepalive\/(\d+)$/, (request, response, [id = '']) => {
      reply(response, sessions.touch(Number(id)) ? applied(uriOf(request)) : unprocessable(uriOf(request)));
    })
    .on('GET', /^stoplive\/(\d+)$/, (request, response, [id = '']) => {
      const stopped = sessions.remove(Number(id));
      if (stopped) log(`session ${id} stopped`);
      reply(response, stopped ? applied(uriOf(request), [{ sesssionId: Number(id) }]) : unprocessable(uriOf(request)));
    });

  const media = new Router()
    .on('GET', /^\/live\/TS_FILES\/Live\/[^/]+\/(\d+)\/(\w+)\/Without_Audio\/\d+_\d+\/index\.m3u8$/, (_request, response, [cameraId = '', profileName = '']) => {
      const encoder = pool.find(Number(cameraId), profileName);
      const segments = encoder?.running ? encoder.segments.slice(-liveWindow) : [];
      if (segments.length === 0) return sendText(response, 404, 'Not Found');
      sendText(response, 200, livePlaylist(segments, segmentSeconds), 'application/vnd.apple.mpegurl');
    })
    .on('GET', /^\/live\/TS_FILES\/Live\/[^/]+\/(\d+)\/(\w+)\/Without_Audio\/\d+_\d+\/(seg\d+\.ts)$/, (_request, response, [cameraId = '', profileName = '', file = '']) => {
      const encoder = pool.find(Number(cameraId), profileName);
      if (!encoder?.segments.some((segment) => segment.file === file)) return sendText(response, 404, 'Not Found');
      sendFile(response, join(encoder.spec.dir, file), 'video/mp2t');
    });

  const control = new Router().on('GET', /^\/_sim\/state$/, (_request, response) => sendJson(response, 200, state()));

  function state(): SimState {
    const now = Date.now();
    return {
      sessions: sessions.list().map((session) => ({
        id: session.id,
        kind: session.kind,
        cameraId: session.cameraId,
        profile: session.profile.name,
        ageMs: now - session.createdAt,
        keepalives: session.keepalives,
      })),
      encoders: pool.describe(),
      counters: { ...sessions.counters },
    };
  }

  const apiRoot = `${prefix}/REST/local/`;
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://sim').pathname;
    const handled = path.startsWith(apiRoot)
      ? api.dispatch(request, response, path.slice(apiRoot.length))
      : path.startsWith('/_sim/')
        ? control.dispatch(request, response, path)
        : media.dispatch(request, response, path);
    handled
      .then((matched) => {
        if (matched) return;
        if (path.startsWith(apiRoot)) reply(response, unprocessable(uriOf(request)));
        else sendText(response, 404, 'Not Found');
      })
      .catch((error: unknown) => {
        log(`sim request failed: ${String(error)}`);
        if (!response.headersSent) sendText(response, 500, 'Internal Server Error');
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: origin,
    pathPrefix: prefix,
    cameras,
    state,
    async close() {
      sessions.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

function livePlaylist(segments: readonly Segment[], segmentSeconds: number): string {
  const target = Math.max(segmentSeconds, ...segments.map((segment) => Math.ceil(segment.durationMs / 1000)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, `#EXT-X-MEDIA-SEQUENCE:${segments[0]?.sequence ?? 0}`];
  for (const segment of segments) {
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.startMs).toISOString()}`, `#EXTINF:${(segment.durationMs / 1000).toFixed(3)},`, segment.file);
  }
  return lines.join('\n') + '\n';
}

function sendFile(response: ServerResponse, path: string, contentType: string): void {
  const stream = createReadStream(path);
  stream.once('open', () => response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }));
  stream.once('error', () => {
    if (!response.headersSent) sendText(response, 404, 'Not Found');
    else response.destroy();
  });
  stream.pipe(response);
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}
