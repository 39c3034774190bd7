import { type HttpAnswer, type RouteHandler, textAnswer } from '../../common/http-answer';
import type { VmsBinary } from '../../vms/adapter';
import { isVmsError } from '../../vms/errors';

export const CAMERA_IMAGE_ROUTE = '/camera-image/';

/** One picture per camera is fetched from the VMS at most this often, however many tiles and trees ask. */
const REUSE_MS = 2000;

export interface CameraImageDeps {
  /** The camera's latest picture from its VMS; undefined where the vendor has none apart from the video. */
  readonly liveImage: (serverId: string, cameraId: string, signal?: AbortSignal) => Promise<VmsBinary> | undefined;
  readonly now: () => number;
}

const PATH = /^([A-Za-z0-9._-]{1,64})\/([^/]{1,200})\.jpg$/;

/**
 * `/camera-image/<serverId>/<cameraId>.jpg`: a camera's latest picture, where its VMS gives one
 * apart from the video (VXG's live image): the tile's picture until its first frame, and the
 * camera tree's preview. Shared by every window for a couple of seconds.
 */
export function cameraImageRoute(deps: CameraImageDeps): RouteHandler {
  const recent = new Map<string, { at: number; image: Promise<VmsBinary> }>();
  return async (path, _url, signal) => {
    const match = PATH.exec(path);
    const serverId = match?.[1];
    const cameraId = match?.[2] === undefined ? undefined : decodeURIComponent(match[2]);
    if (serverId === undefined || cameraId === undefined) return textAnswer(404, 'No such camera image');
    const key = `${serverId}/${cameraId}`;
    const now = deps.now();
    for (const [known, entry] of recent) if (now - entry.at > REUSE_MS) recent.delete(known);
    let entry = recent.get(key);
    if (!entry) {
      const image = deps.liveImage(serverId, cameraId, signal);
      if (!image) return textAnswer(404, 'This VMS gives no picture of a camera apart from its video');
      entry = { at: now, image };
      recent.set(key, entry);
      image.catch(() => recent.delete(key));
    }
    try {
      const image = await entry.image;
      return { status: 200, headers: { 'content-type': image.contentType, 'cache-control': 'no-store' }, body: image.bytes } satisfies HttpAnswer;
    } catch (error) {
      if (!isVmsError(error)) throw error;
      return textAnswer(error.kind === 'not-found' ? 404 : error.kind === 'auth' ? 403 : 502, `The camera's picture could not be fetched: ${error.message}`);
    }
  };
}
