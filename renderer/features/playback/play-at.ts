import { useWall } from '../../stores/wall';
import { seekClock } from './playback-clock';
import { playbackTargets } from './targets';

/** A moment this close to now is live: nothing is recorded after it yet. */
const LIVE_WITHIN_MS = 2000;

/**
 * Plays the wall's targets at `time`: the group already playing back moves there; Ctrl+
 * clicked live tiles (and `also`) join it; with no group, the targets start one. A moment
 * in the present sends the group live.
 */
export function playAt(time: number, also: readonly number[] = []): void {
  const wall = useWall.getState();
  if (time > Date.now() - LIVE_WITHIN_MS) {
    wall.allLive();
    return;
  }
  const targets = playbackTargets(wall);
  const isLive = (index: number): boolean => {
    const source = wall.tiles[index]?.source;
    return source !== undefined && source.mode !== 'archive';
  };
  const joining = [...wall.marked, ...also].filter(isLive);
  if (joining.length > 0) wall.showArchive([...targets, ...joining], time);
  else if (wall.playback) wall.changePlayback((clock, now) => seekClock(clock, time, now));
  else if (targets.length > 0) wall.showArchive(targets, time);
}
