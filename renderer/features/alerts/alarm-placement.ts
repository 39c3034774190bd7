import type { AlarmEvent } from '../../../shared/ipc/schemas';
import type { CameraRef } from '../../../shared/model/camera';
import type { TileCarousel } from '../../../shared/model/wall';
import type { TileSpec, WallState } from '../../stores/wall';

/** A tile the operator touched this recently is theirs: an alarm does not take it. */
export const TOUCH_GRACE_MS = 15_000;

/** Why a tile is the operator's right now, in words for the log and the stack. */
export type TileUse = 'archive review' | 'instant replay' | 'playback group' | 'maximised wall' | 'touched just now';

/**
 * Whether the operator is using a tile: an alarm may take it only when its rule says so.
 * A maximised wall counts for every tile: the operator is looking at one camera, and a
 * tile behind it would swallow the alarm unseen.
 */
export function tileInUse(wall: Pick<WallState, 'tiles' | 'marked' | 'maximized' | 'touchedAt'>, index: number, now: number): TileUse | undefined {
  const tile = wall.tiles[index];
  if (tile?.source.mode === 'archive') return 'archive review';
  if (tile?.source.mode === 'replay') return 'instant replay';
  if (wall.marked.includes(index)) return 'playback group';
  if (wall.maximized !== null) return 'maximised wall';
  const touched = wall.touchedAt[index];
  if (touched !== undefined && now - touched < TOUCH_GRACE_MS) return 'touched just now';
  return undefined;
}

/** Where an alarm goes on this window's wall. */
export type AlarmPlace = { readonly kind: 'tile'; readonly index: number } | { readonly kind: 'stack'; readonly busy?: TileUse } | { readonly kind: 'none' };

/**
 * The rule's tile if it is free (or the rule takes it even in use); otherwise the alarm
 * stack — for an alarm whose rule names a tile, too: an alarm is never lost because the
 * operator was busy.
 */
export function placeAlarm(alarm: Pick<AlarmEvent, 'tile' | 'stack' | 'takeTileInUse' | 'cameraId'>, wall: Pick<WallState, 'tiles' | 'marked' | 'maximized' | 'touchedAt'>, now: number): AlarmPlace {
  if (!alarm.cameraId) return { kind: 'none' };
  if (alarm.tile !== null && wall.tiles.length > 0) {
    const index = Math.min(alarm.tile, wall.tiles.length - 1);
    const busy = tileInUse(wall, index, now);
    if (!busy || alarm.takeTileInUse) return { kind: 'tile', index };
    return { kind: 'stack', busy };
  }
  return alarm.stack ? { kind: 'stack' } : { kind: 'none' };
}

/** What an alarm took from a tile, to give back when it is acknowledged or dismissed. */
export interface Displaced {
  readonly index: number;
  readonly camera: CameraRef;
  readonly previous: TileSpec | null;
  readonly carousel: TileCarousel | undefined;
}
