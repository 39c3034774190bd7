import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimCamera } from '../site/catalog';
import type { EncoderPool } from '../site/encoder-pool';
import type { Faults } from './faults';
import { mediaPlaylist } from '../site/hls';
import { Router, sendFile, sendText } from '../http/router';
import type { CameraRecorder } from '../site/recorder';
import type { Segment, SegmentRing } from '../site/segment-ring';
import type { ArchiveSession, SessionTable } from './sessions';

export interface MediaContext {
  /** A camera this front serves; undefined for any other (its media does not exist here). */
  readonly camera: (cameraId: number) => SimCamera | undefined;
  readonly pool: EncoderPool;
  readonly recorders: ReadonlyMap<number, CameraRecorder>;
  readonly sessions: SessionTable;
  readonly faults: () => Faults;
  /** Segments listed in a live playlist. */
  readonly liveWindow: number;
  /** How far past its start an archive playlist reaches before it ends (the client opens another). */
  readonly archiveWindowMs: number;
}

const STALL_LIMIT_MS = 30_000;

/**
 * The media server: live playlists (a sliding window of a shared encoder's ring) and
 * archive playlists (a session's span of a camera's recording), and their segments.
 * A playlist exists only while a session needs it, as on the real server, and only for
 * a camera this front serves that is online (an encoder several cameras share goes on
 * for the others).
 */
export function createMediaRouter(context: MediaContext): Router {
  const segmentUri = (segment: Segment): string => `${segment.sequence}.ts`;
  const liveRing = (cameraId: string, profile: string): SegmentRing | undefined =>
    context.camera(Number(cameraId))?.online ? context.pool.find(Number(cameraId), profile)?.ring : undefined;
  /** An archive session of this camera (a session id under another camera's path is not found). */
  const archiveOf = (cameraId: string, sessionId: string): { session: ArchiveSession; ring: SegmentRing } | undefined => {
    const session = context.sessions.get(Number(sessionId), 'archive');
    const ring = context.camera(Number(cameraId)) ? context.recorders.get(Number(cameraId))?.ring : undefined;
    return session?.kind === 'archive' && session.cameraId === Number(cameraId) && ring ? { session, ring } : undefined;
  };

  return new Router()
    .on('GET', /^\/live\/TS_FILES\/Live\/[^/]+\/(\d+)\/(\w+)\/Without_Audio\/\d+_\d+\/index\.m3u8$/, (_request, response, [cameraId = '', profile = '']) => {
      const segments = liveRing(cameraId, profile)?.segments.slice(-context.liveWindow) ?? [];
      if (segments.length === 0) return sendText(response, 404, 'Not Found');
      sendText(response, 200, mediaPlaylist(segments, { uri: segmentUri }), 'application/vnd.apple.mpegurl');
    })
    .on('GET', /^\/live\/TS_FILES\/Live\/[^/]+\/(\d+)\/(\w+)\/Without_Audio\/\d+_\d+\/(\d+)\.ts$/, (request, response, [cameraId = '', profile = '', sequence = '']) =>
      serveSegment(context, request, response, liveRing(cameraId, profile)?.bySequence(Number(sequence))),
    )
    .on('GET', /^\/archive\/TS_FILES\/Archive\/[^/]+\/(\d+)\/(\d+)\/index\.m3u8$/, (_request, response, [cameraId = '', sessionId = '']) => {
      const archive = archiveOf(cameraId, sessionId);
      if (!archive) return sendText(response, 404, 'Not Found');
      const { session, ring } = archive;
      // The window runs from where the session really starts: a start time before the
      // recording begins plays from the oldest segment, as a recorder does.
      const base = Math.max(session.fromMs, ring.bySequence(session.firstSequence)?.startMs ?? session.fromMs);
      const until = base + context.archiveWindowMs;
      const span = ring.segments.filter((segment) => segment.sequence >= session.firstSequence && segment.startMs < until);
      if (span.length === 0) return sendText(response, 404, 'Not Found');
      const newest = ring.segments.at(-1);
      const ended = newest !== undefined && newest.startMs >= until;
      sendText(response, 200, mediaPlaylist(span, { type: 'EVENT', ended, uri: segmentUri }), 'application/vnd.apple.mpegurl');
    })
    .on('GET', /^\/archive\/TS_FILES\/Archive\/[^/]+\/(\d+)\/(\d+)\/(\d+)\.ts$/, (request, response, [cameraId = '', sessionId = '', sequence = '']) => {
      return serveSegment(context, request, response, archiveOf(cameraId, sessionId)?.ring.bySequence(Number(sequence)));
    });
}

async function serveSegment(context: MediaContext, request: IncomingMessage, response: ServerResponse, segment: Segment | undefined): Promise<void> {
  const mode = context.faults().segments;
  if (mode === '404' || !segment) return sendText(response, 404, 'Not Found');
  if (mode === 'stall') {
    // Hold the request, as a media server whose disk hangs would, until the fault clears.
    const until = Date.now() + STALL_LIMIT_MS;
    while (context.faults().segments === 'stall' && Date.now() < until && !request.destroyed) await new Promise((resolve) => setTimeout(resolve, 200));
    if (context.faults().segments === 'stall') {
      response.destroy();
      return;
    }
  }
  sendFile(response, segment.path, 'video/mp2t', segment.bytes);
}
