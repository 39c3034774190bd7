import type { IncomingMessage, ServerResponse } from 'node:http';
import { pickProfile, type SimCamera, type SimProfile } from '../site/catalog';
import type { EncoderPool } from '../site/encoder-pool';
import type { SiteEvent, SiteEventHub } from '../site/events';
import type { CameraRecorder } from '../site/recorder';
import { channelRecord } from './channel-record';
import { type Faults, isRejectedPath } from './faults';
import { Router, sendBytes, sendJson, sendText } from '../http/router';
import { applied, noChannel, retrieved, siteDown, unprocessable, type IvmsReply } from './envelope';
import type { SessionTable } from './sessions';

/** A server id in HLS paths, in the form the real product uses. */
export const VMS_ID = 'VMS00000000000000000001CC084FD23';

/**
 * `document`: `[{ 9 }]`, the document's example, which is not JSON. `array`: `[9]`.
 * `object`: `[{"count":9}]`. Clients must cope with all three.
 */
export type CountStyle = 'document' | 'array' | 'object';

export interface ApiContext {
  readonly cameras: readonly SimCamera[];
  readonly profiles: readonly SimProfile[];
  readonly sessions: SessionTable;
  readonly pool: EncoderPool;
  readonly recorders: ReadonlyMap<number, CameraRecorder>;
  readonly events: SiteEventHub;
  readonly faults: () => Faults;
  readonly countStyle: CountStyle;
  /** The document marks stoparchive "Planned": when false it answers a plain 404. */
  readonly stopArchive: boolean;
  /** `http://host:port` of the media server, which the hlsURLs name. */
  readonly mediaOrigin: () => string;
  /** `http://host:port` of this API server, for the `uri` field. */
  readonly apiOrigin: () => string;
  readonly log: (line: string) => void;
}

export function liveHlsPath(camera: SimCamera, profile: SimProfile): string {
  return `/live/TS_FILES/Live/${VMS_ID}/${camera.id}/${profile.name}/Without_Audio/${profile.width}_${profile.height}`;
}

export function archiveHlsPath(cameraId: number, sessionId: number): string {
  return `/archive/TS_FILES/Archive/${VMS_ID}/${cameraId}/${sessionId}`;
}

/**
 * The IVMS Pro TS API v1.5.1: all twelve endpoints under `/REST/local/`, with the
 * document's envelope, status codes and spellings (`sesssionId`, `hlsURL`), and the
 * faults currently injected.
 */
export async function handleApi(context: ApiContext, request: IncomingMessage, response: ServerResponse, apiPath: string): Promise<void> {
  const faults = context.faults();
  const uri = `${context.apiOrigin()}${request.url ?? ''}`;
  if (faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
  if (response.destroyed) return;
  const reply = (answer: IvmsReply): void => {
    if (!context.faults().malformedJson) return sendJson(response, answer.httpStatus, answer.body);
    const text = JSON.stringify(answer.body);
    sendText(response, answer.httpStatus, text.slice(0, Math.max(1, Math.floor(text.length / 2))), 'application/json');
  };
  if (faults.siteDown) return reply(siteDown(uri));
  if (isRejectedPath(faults, apiPath)) return reply(unprocessable(uri));
  const matched = await routes(context, reply, uri).dispatch(request, response, apiPath);
  if (!matched) reply(unprocessable(uri));
}

function routes(context: ApiContext, reply: (answer: IvmsReply) => void, uri: string): Router {
  const { cameras, sessions, events } = context;
  const cameraById = (raw: string): SimCamera | undefined => cameras.find((camera) => String(camera.id) === raw);
  /** An event of a camera this front serves (the site's other events are not its). */
  const ownEvent = (id: string): SiteEvent | undefined => {
    const event = events.get(Number(id));
    return event && cameras.some((camera) => camera.id === event.cameraId) ? event : undefined;
  };
  const record = (camera: SimCamera): Record<string, unknown> => channelRecord(camera, context.recorders.get(camera.id)?.ring.segments[0]?.startMs ?? 0);

  const startArchive = (id: string, width: string, height: string, timestamp: string): void => {
    const camera = cameraById(id);
    if (!camera) return reply(noChannel(uri));
    const recorder = context.recorders.get(camera.id);
    const fromMs = Number(timestamp);
    const index = recorder && Number.isSafeInteger(fromMs) ? recorder.ring.indexAt(fromMs) : -1;
    const first = recorder?.ring.segments[index];
    if (!first) return reply(unprocessable(uri)); // nothing recorded at or after that time
    const session = sessions.add({ kind: 'archive', cameraId: camera.id, firstSequence: first.sequence, fromMs });
    context.log(`archive session ${session.id}: camera ${camera.id} from ${new Date(fromMs).toISOString()} (${width}x${height})`);
    reply(applied(uri, [{ sesssionId: session.id, hlsURL: `${context.mediaOrigin()}${archiveHlsPath(camera.id, session.id)}/index.m3u8` }]));
  };

  return new Router()
    .on('GET', /^channel$/, () => reply(retrieved(uri, cameras.map(record))))
    .on('GET', /^channel\/count$/, (_request, response) => {
      const count = cameras.length;
      if (context.countStyle === 'array') return reply(retrieved(uri, [count]));
      if (context.countStyle === 'object') return reply(retrieved(uri, [{ count }]));
      sendText(response, 200, `{"status":2000,"code":200,"description":"OK","message":"Successfully Retrieved!","uri":${JSON.stringify(uri)},"result":[{ ${count} }]}`, 'application/json');
    })
    .on('GET', /^channel\/status$/, () => reply(retrieved(uri, cameras.map((camera) => ({ channelId: camera.id, channelStatus: camera.online ? 1 : 0 })))))
    .on('GET', /^channel\/([^/]+)$/, (_request, _response, [id = '']) => {
      const camera = cameraById(id);
      reply(camera ? retrieved(uri, [record(camera)]) : noChannel(uri));
    })
    .on('GET', /^startlive\/([^/]+)\/(\d+)\/(\d+)\/([01])$/, (_request, _response, [id = '', width = '0', height = '0']) => {
      const camera = cameraById(id);
      if (!camera) return reply(noChannel(uri));
      if (!camera.online) return reply(unprocessable(uri));
      const profile = pickProfile(context.profiles, Number(width), Number(height));
      const session = sessions.add({ kind: 'live', cameraId: camera.id, profile, lease: context.pool.acquire(camera, profile) });
      context.log(`live session ${session.id}: camera ${camera.id} ${profile.name}`);
      reply(applied(uri, [{ sesssionId: session.id, hlsURL: `${context.mediaOrigin()}${liveHlsPath(camera, profile)}/index.m3u8` }]));
    })
    .on('GET', /^live\/keepalive\/(\d+)$/, (_request, _response, [id = '']) => keepalive(Number(id), 'live'))
    .on('GET', /^stoplive\/(\d+)$/, (_request, _response, [id = '']) => {
      const stopped = sessions.remove(Number(id), 'live');
      reply(stopped ? applied(uri, [{ sesssionId: Number(id) }]) : unprocessable(uri));
    })
    // The document's URL says `locla` and its method POST; a real client was seen sending GET.
    .on(['POST', 'GET'], /^startarchive\/([^/]+)\/(\d+)\/(\d+)\/(\d+)\/([01])$/, (_request, _response, [id = '', width = '', height = '', timestamp = '']) =>
      startArchive(id, width, height, timestamp),
    )
    .on('GET', /^archive\/keepalive\/(\d+)$/, (_request, _response, [id = '']) => keepalive(Number(id), 'archive'))
    .on('GET', /^stoparchive\/(\d+)$/, (_request, response, [id = '']) => {
      if (!context.stopArchive) return sendText(response, 404, 'Not Found');
      const stopped = sessions.remove(Number(id), 'archive');
      reply(stopped ? applied(uri, [{ sesssionId: Number(id) }]) : unprocessable(uri));
    })
    .on('GET', /^event\/(\d+)\/snap$/, (_request, response, [id = '']) => {
      const jpeg = ownEvent(id)?.jpeg;
      if (!jpeg) return reply(unprocessable(uri));
      sendBytes(response, 200, jpeg, 'image/jpeg');
    })
    .on('GET', /^event\/(\d+)\/clip$/, async (_request, response, [id = '']) => {
      const mp4 = ownEvent(id) ? await events.clip(Number(id)) : undefined;
      if (!mp4) return reply(unprocessable(uri));
      sendBytes(response, 200, mp4, 'video/mp4');
    });

  function keepalive(id: number, kind: 'live' | 'archive'): void {
    if (context.faults().keepaliveReject) {
      sessions.remove(id, kind);
      return reply(unprocessable(uri));
    }
    reply(sessions.touch(id, kind) ? applied(uri) : unprocessable(uri));
  }
}
