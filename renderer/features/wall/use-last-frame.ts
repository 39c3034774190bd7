import { type RefObject, useEffect, useRef, useState } from 'react';
import { canCopyFrames, copyFrame, drawCopy, type FrameCopy } from '../../players/frame-copy';
import { onTick } from '../../ui/shared-ticker';
import type { TileStreamController } from './tile-stream-controller';
import type { TileState } from './tile-state';

/** How often a playing tile keeps a copy of its picture: the still an outage shows. */
const KEEP_EVERY_MS = 2000;
/** A still no wider than this: enough for a tile, cheap to copy. */
const MAX_WIDTH = 640;

/**
 * Keeps a copy of a playing tile's picture (every 2 s, on the wall's shared tick) for
 * `still`, so that when its stream drops the tile shows the last frame, dimmed, with its
 * time, instead of black. Returns the canvas to put it on and when that frame was taken
 * (epoch ms), once one exists. The time is handed to React only when the tile stops
 * playing, the one moment it is shown: a copy every 2 s re-rendering every tile of the
 * wall would cost more than the copy. (A tile with another camera is another tile: the
 * wall keys tiles by camera.)
 */
export function useLastFrame(controller: RefObject<TileStreamController | undefined>, state: TileState): { readonly still: RefObject<HTMLCanvasElement | null>; readonly takenAt: number | undefined } {
  const still = useRef<HTMLCanvasElement>(null);
  const kept = useRef<number | undefined>(undefined);
  const [takenAt, setTakenAt] = useState<number | undefined>(undefined);
  /** The last copy of a <video>'s frame, drawn on `still` only when the tile stops playing. */
  const copied = useRef<{ copy: FrameCopy; width: number; height: number } | undefined>(undefined);
  useEffect(() => {
    if (state !== 'playing') {
      const last = copied.current;
      // A copy the browser will not draw shows no still (and no time), rather than a blank one.
      const drawn = last && still.current ? drawCopy(last.copy, still.current, last.width, last.height) : true;
      setTakenAt(drawn ? kept.current : undefined);
      return;
    }
    let copying = false;
    let current = true;
    const keep = (): void => {
      const player = controller.current?.player;
      const picture = player?.picture();
      const canvas = still.current;
      if (!picture || !canvas || picture.width === 0) return;
      const scale = Math.min(1, MAX_WIDTH / picture.width);
      const width = Math.round(picture.width * scale);
      const height = Math.round(picture.height * scale);
      const takenAt = player?.position() ?? Date.now();
      // A <video>'s frame is copied, not drawn: drawn on a canvas every 2 s, each frame
      // stays decoded in Chromium's canvas image cache (see frame-copy.ts).
      if (canCopyFrames(picture.image)) {
        if (copying) return;
        copying = true;
        void copyFrame(picture.image, copied.current?.copy.data).then((copy) => {
          copying = false;
          if (!copy || !current) return;
          copied.current = { copy, width, height };
          kept.current = takenAt;
        });
        return;
      }
      copied.current = undefined;
      // Setting a canvas's size clears and reallocates it: only when the picture's size changed.
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      canvas.getContext('2d')?.drawImage(picture.image, 0, 0, width, height);
      kept.current = takenAt;
    };
    keep();
    const stop = onTick(KEEP_EVERY_MS, keep);
    return () => {
      current = false;
      stop();
    };
  }, [controller, state]);
  return { still, takenAt };
}
