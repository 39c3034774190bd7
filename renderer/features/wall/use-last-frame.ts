import { type RefObject, useEffect, useRef, useState } from 'react';
import { canCopyFrames, drawCopy } from '../../players/frame-copy';
import type { Player } from '../../players/player';
import { onTick } from '../../ui/shared-ticker';
import type { TileStreamController } from './tile-stream-controller';
import type { TileState } from './tile-state';

/** How often a playing tile keeps its picture when it is a canvas (JPEG): the still an outage shows. */
const KEEP_EVERY_MS = 2000;
/** A still no wider than this: enough for a tile, cheap to draw. */
const MAX_WIDTH = 640;

function stillSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, MAX_WIDTH / width);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/**
 * The still a tile shows when its stream drops: its last picture, dimmed, with its time,
 * instead of black. Returns the canvas to put it on and when that picture was taken (epoch
 * ms), once one exists.
 *
 * A video's picture is the copy its player's frame sampler already takes every 2 s for the
 * frozen-picture check (`Player.lastFrame`): one copy per tile serves both, and it is drawn
 * here only when the tile stops playing, the one moment it is shown. It is asked of the
 * player that played, which keeps its last copy after the tile replaces it with a new one.
 * A JPEG tile's picture is a canvas already, drawn here on the wall's shared tick.
 * The time is handed to React only when the tile stops playing: a copy every 2 s
 * re-rendering every tile of the wall would cost more than the copy. (A tile with another
 * camera is another tile: the wall keys tiles by camera.)
 */
export function useLastFrame(controller: RefObject<TileStreamController | undefined>, state: TileState): { readonly still: RefObject<HTMLCanvasElement | null>; readonly takenAt: number | undefined } {
  const still = useRef<HTMLCanvasElement>(null);
  const [takenAt, setTakenAt] = useState<number | undefined>(undefined);
  /** The player that last showed a picture while the tile played. */
  const played = useRef<Player | undefined>(undefined);
  /** When the canvas picture (JPEG) last drawn on `still` was taken; undefined for video. */
  const drawnAt = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (state !== 'playing') {
      if (drawnAt.current !== undefined) {
        setTakenAt(drawnAt.current);
        return;
      }
      const kept = played.current?.lastFrame();
      const canvas = still.current;
      if (!kept || !canvas) {
        setTakenAt(undefined);
        return;
      }
      const size = stillSize(kept.copy.displayWidth, kept.copy.displayHeight);
      // A copy the browser will not draw shows no still (and no time), rather than a blank one.
      setTakenAt(drawCopy(kept.copy, canvas, size.width, size.height) ? kept.takenAt : undefined);
      return;
    }
    const keep = (): void => {
      const player = controller.current?.player;
      const picture = player?.picture();
      const canvas = still.current;
      if (!player || !picture || !canvas || picture.width === 0) return;
      played.current = player;
      // A <video>'s picture is kept by its player (see above), never drawn here: drawn on a
      // canvas every 2 s, each frame stays decoded in Chromium's canvas image cache (frame-copy.ts).
      if (canCopyFrames(picture.image)) {
        drawnAt.current = undefined;
        return;
      }
      const size = stillSize(picture.width, picture.height);
      // Setting a canvas's size clears and reallocates it: only when the picture's size changed.
      if (canvas.width !== size.width) canvas.width = size.width;
      if (canvas.height !== size.height) canvas.height = size.height;
      canvas.getContext('2d')?.drawImage(picture.image, 0, 0, size.width, size.height);
      drawnAt.current = player.position() ?? Date.now();
    };
    keep();
    return onTick(KEEP_EVERY_MS, keep);
  }, [controller, state]);
  return { still, takenAt };
}
