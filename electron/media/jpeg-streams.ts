import type { HttpAnswer } from '../common/http-answer';
import { textAnswer } from '../common/http-answer';
import type { JpegFrameSource } from '../vms/adapter';

/** The longest a tile's request for the next image waits before it is answered "nothing new" (204). */
const MAX_WAIT_MS = 10_000;

/**
 * JPEG streams (EEN previews): each tile long-polls `/media/<id>/frame.jpg?after=<seq>` and
 * gets the camera's next image as soon as the one background fetcher of that camera has it,
 * with its sequence and the time the camera took it. However many tiles and windows show a
 * camera, the VMS sees one fetcher: the source is shared, not this route.
 */
export class JpegStreams {
  private readonly streams = new Map<string, JpegFrameSource>();

  open(streamId: string, source: JpegFrameSource): void {
    const previous = this.streams.get(streamId);
    this.streams.set(streamId, source);
    if (previous && previous !== source) previous.release();
  }

  has(streamId: string): boolean {
    return this.streams.has(streamId);
  }

  close(streamId: string): void {
    this.streams.get(streamId)?.release();
    this.streams.delete(streamId);
  }

  get size(): number {
    return this.streams.size;
  }

  async handle(streamId: string, url: URL | undefined, signal?: AbortSignal): Promise<HttpAnswer> {
    const source = this.streams.get(streamId);
    if (!source) return textAnswer(404, 'This stream is closed');
    const afterParam = url?.searchParams.get('after');
    const after = afterParam === null || afterParam === undefined || afterParam === '' ? undefined : Number(afterParam);
    const waitParam = Number(url?.searchParams.get('wait') ?? MAX_WAIT_MS);
    const wait = Number.isFinite(waitParam) ? Math.min(MAX_WAIT_MS, Math.max(0, waitParam)) : MAX_WAIT_MS;
    if (after !== undefined && !Number.isSafeInteger(after)) return textAnswer(400, 'after must be a frame sequence number');
    const frame = await source.next(after, wait, signal);
    if (!frame) return { status: 204, headers: { 'cache-control': 'no-store' }, body: new Uint8Array() };
    return {
      status: 200,
      headers: {
        'content-type': 'image/jpeg',
        'cache-control': 'no-store',
        'x-frame-sequence': String(frame.sequence),
        'x-frame-time': String(frame.takenAt),
      },
      body: frame.bytes,
    };
  }
}
