import type { PictureSource } from './player';

/** The picture a live tile shows now, undefined while it shows none. */
export type LivePicture = () => PictureSource | undefined;

/** This window's live tiles by camera (`serverId\ncameraId`): one camera may be on several. */
const shown = new Map<string, Set<LivePicture>>();

const key = (serverId: string, cameraId: string): string => `${serverId}\n${cameraId}`;

/** A live tile shows this camera until the returned function is called. */
export function showLivePicture(serverId: string, cameraId: string, picture: LivePicture): () => void {
  const id = key(serverId, cameraId);
  const tiles = shown.get(id) ?? new Set<LivePicture>();
  tiles.add(picture);
  shown.set(id, tiles);
  return () => {
    tiles.delete(picture);
    if (tiles.size === 0 && shown.get(id) === tiles) shown.delete(id);
  };
}

/** The picture of the camera on one of this window's live tiles now, if one shows it. */
export function livePicture(serverId: string, cameraId: string): PictureSource | undefined {
  for (const picture of shown.get(key(serverId, cameraId)) ?? []) {
    const now = picture();
    if (now && now.width > 0) return now;
  }
  return undefined;
}

/** How often a wait for a camera's live picture looks again: a tile starting plays within seconds. */
const LOOK_EVERY_MS = 250;

/**
 * The picture of the camera on one of this window's live tiles, now or as soon as a tile
 * shows it within `withinMs` (an alarm puts its camera on a tile, or the operator does from
 * the alarm stack: the tile plays a second or two later); undefined if none does by then,
 * or once `signal` aborts (the picture came from elsewhere).
 */
export function nextLivePicture(serverId: string, cameraId: string, withinMs: number, signal?: AbortSignal): Promise<PictureSource | undefined> {
  return pictureWithin(() => livePicture(serverId, cameraId), withinMs, signal);
}

/**
 * The picture `look` gives, looked for every `everyMs` until there is one (of some width) or
 * `withinMs` has passed; undefined then, or at once when `signal` aborts.
 */
export function pictureWithin(look: () => PictureSource | undefined, withinMs: number, signal?: AbortSignal, everyMs = LOOK_EVERY_MS): Promise<PictureSource | undefined> {
  const until = Date.now() + withinMs;
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = (found: PictureSource | undefined): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', aborted);
      resolve(found);
    };
    const aborted = (): void => stop(undefined);
    const again = (): void => {
      const picture = look();
      if (picture && picture.width > 0) stop(picture);
      else if (Date.now() >= until) stop(undefined);
      else timer = setTimeout(again, everyMs);
    };
    if (signal?.aborted) return resolve(undefined);
    signal?.addEventListener('abort', aborted);
    again();
  });
}
