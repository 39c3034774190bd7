import { getMultipartBoundary, MultipartParser } from '@remix-run/multipart-parser';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../shared/time/backoff';
import { type Clock, sleep } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { isVmsError, parseRetryAfter, retryDelay, VmsError } from '../errors';
import { describeNetworkError } from '../http';
import type { PreviewPump } from './een-previews';

/** A stream that sends no byte for this long is taken as dead and opened again (a preview comes about once a second). */
const STALL_MS = 20_000;
/** No preview image is this large; a part that grows past it is a broken stream, not a picture. */
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

/** One JPEG of a multipart preview stream and the moment it shows, when the part says. */
export interface MultipartJpeg {
  readonly bytes: Uint8Array;
  readonly takenAt: number | undefined;
}

/**
 * The JPEGs of a `multipart/x-mixed-replace` body, one per part, as the parts complete. The
 * multipart framing is read by @remix-run/multipart-parser (a streaming parser of any
 * `multipart/*` body, with size limits, kept by the Remix team); here only what MJPEG adds:
 * the stream never ends, so the parser's count and total limits are lifted (one image's
 * size stays capped), a part that is not a JPEG (another content type, or bytes that do not
 * start with the JPEG SOI marker) is skipped, not shown, and some servers put a blank line
 * before the first boundary, which the parser would refuse.
 *
 * A part is complete when the next boundary arrives. MJPEG servers commonly write the
 * boundary right after each image (mjpg-streamer, the simulator), so an image is handed on
 * as soon as it has arrived.
 */
export async function* multipartJpegs(body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, boundary: string, onBadPart?: (why: string) => void): AsyncGenerator<MultipartJpeg> {
  const parser = new MultipartParser(boundary, { maxFileSize: MAX_IMAGE_BYTES, maxParts: Number.POSITIVE_INFINITY, maxTotalSize: Number.POSITIVE_INFINITY });
  let started = false;
  for await (let chunk of body) {
    if (!started) {
      let skip = 0;
      while (skip < chunk.length && (chunk[skip] === 0x0d || chunk[skip] === 0x0a)) skip += 1;
      chunk = chunk.subarray(skip);
      if (chunk.length === 0) continue;
      started = true;
    }
    for (const part of parser.write(chunk)) {
      const type = part.headers['content-type'];
      const bytes = part.bytes;
      if (type !== undefined && !/^image\/jpe?g\b/i.test(type)) onBadPart?.(`a part of type ${type}`);
      else if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) onBadPart?.('a part that is not a JPEG');
      else yield { bytes, takenAt: timestampOf(part.headers) };
    }
  }
}

/** The part's own time: `X-Een-Timestamp` (as v3's `/media/liveImage.jpeg` sends it) or `X-Timestamp` (mjpg-streamer), ISO 8601 or epoch seconds. */
function timestampOf(headers: Readonly<Record<string, string | undefined>>): number | undefined {
  const value = headers['x-een-timestamp'] ?? headers['x-timestamp'];
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) {
    const seconds = Number(value);
    return Number.isFinite(seconds) ? Math.round(seconds * 1000) : undefined;
  }
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Where a camera's preview stream is and the token that opens it. */
export interface MultipartPreviewOptions {
  /** The camera's multipart preview URL, asked for again at every (re)connection (media URLs expire). */
  readonly streamUrl: (cameraId: string, signal: AbortSignal) => Promise<string>;
  readonly tokens: {
    accessToken(signal?: AbortSignal): Promise<string>;
    invalidate(stale: string, signal?: AbortSignal): Promise<string>;
  };
  readonly clock: Clock;
  readonly log: Logger;
  readonly stallMs?: number;
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * Eagle Eye v3's preview of one camera: `/feeds?type=preview&include=multipartUrl` names a
 * multipart stream of JPEGs (media_category.yaml `multipartUrl`: "multipart over HTTPS to
 * deliver raw encoded image ... frames as they become available"), fetched with the Bearer
 * token. Each image is published into the same per-camera fan-out as the legacy previews
 * (een-previews.ts): one stream per camera whatever the number of tiles. A stream that ends,
 * breaks, is refused or goes silent is opened again with the backoff.
 */
export function multipartPreviewPump(options: MultipartPreviewOptions): PreviewPump {
  const fetch = options.fetch ?? globalThis.fetch;
  return async (cameraId, publish, signal) => {
    // A call, not a property read: it changes across the awaits below.
    const stopped = (): boolean => signal.aborted;
    let failures = 0;
    while (!stopped()) {
      try {
        await openStream(cameraId, signal, (image) => {
          failures = 0;
          publish(image.bytes, image.takenAt);
        });
        throw new VmsError({ kind: 'unreachable', url: 'multipart' }, 'The preview stream ended');
      } catch (error) {
        if (stopped()) return;
        options.log.debug('the preview stream stopped; opening it again', { camera: cameraId, error: error instanceof Error ? error.message : String(error) });
        const delay = isVmsError(error) ? retryDelay(error, failures++) : backoffDelay(failures++, DEFAULT_BACKOFF);
        await sleep(options.clock, delay, signal).catch(() => undefined);
      }
    }
  };

  async function openStream(cameraId: string, outer: AbortSignal, onImage: (image: MultipartJpeg) => void): Promise<void> {
    const url = await options.streamUrl(cameraId, outer);
    const token = await options.tokens.accessToken(outer);
    // Aborted by the feed's end or by silence: a half-open connection must not hold the camera's tiles for ever.
    const connection = new AbortController();
    const abort = (): void => connection.abort();
    outer.addEventListener('abort', abort, { once: true });
    let cancelStall = options.clock.after(options.stallMs ?? STALL_MS, abort);
    const alive = (): void => {
      cancelStall();
      cancelStall = options.clock.after(options.stallMs ?? STALL_MS, abort);
    };
    const where = redact(url);
    try {
      let response: Response;
      try {
        // Redirects are not followed: the token goes to the host /feeds named, and nowhere else.
        response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'multipart/x-mixed-replace, */*' }, redirect: 'manual', signal: connection.signal });
      } catch (error) {
        throw new VmsError({ kind: 'unreachable', url: where }, `${describeNetworkError(error)} (preview stream)`, { cause: error });
      }
      if (response.status === 401) {
        await response.body?.cancel().catch(() => undefined);
        await options.tokens.invalidate(token, outer);
        throw new VmsError({ kind: 'http', url: where, httpStatus: 401 }, 'Eagle Eye refused the token for the preview stream; signing in again');
      }
      if (response.status === 429 || response.status === 503) {
        await response.body?.cancel().catch(() => undefined);
        throw new VmsError({ kind: 'rate-limited', url: where, httpStatus: response.status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) ?? 5000 }, `Eagle Eye asks to slow down (HTTP ${response.status})`);
      }
      if (response.status !== 200 || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        throw new VmsError({ kind: 'http', url: where, httpStatus: response.status }, `Eagle Eye's preview stream answered HTTP ${response.status}`);
      }
      const contentType = response.headers.get('content-type') ?? '';
      const boundary = /^multipart\//i.test(contentType) ? getMultipartBoundary(contentType) : null;
      if (!boundary) {
        await response.body.cancel().catch(() => undefined);
        throw new VmsError({ kind: 'protocol', url: where, httpStatus: 200 }, `Eagle Eye's preview stream is not multipart (${contentType || 'no content type'})`);
      }
      const chunks = watched(response.body, alive);
      try {
        for await (const image of multipartJpegs(chunks, boundary, (why) => options.log.debug('a preview part was skipped', { camera: cameraId, why }))) onImage(image);
      } catch (error) {
        if (isVmsError(error)) throw error;
        throw new VmsError({ kind: connection.signal.aborted ? 'timeout' : 'protocol', url: where }, connection.signal.aborted ? 'The preview stream went silent' : `The preview stream could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    } finally {
      cancelStall();
      outer.removeEventListener('abort', abort);
      connection.abort();
    }
  }
}

/** The body's chunks, each one reported to `alive` (the stall timer). */
async function* watched(body: ReadableStream<Uint8Array>, alive: () => void): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      alive();
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The URL without its query (a media URL may carry a signed ticket). */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the preview stream';
  }
}
