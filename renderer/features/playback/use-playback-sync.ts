import { useEffect } from 'react';
import { useWall } from '../../stores/wall';
import { archiveMembers } from './archive-members';
import { PlaybackSync } from './playback-sync';

/** Runs the loop that keeps this window's archive tiles on the wall's clock. */
export function usePlaybackSync(): void {
  useEffect(() => {
    const sync = new PlaybackSync({
      members: () => archiveMembers.all(),
      clock: () => useWall.getState().playback,
      setClock: (clock) => useWall.setState({ playback: clock }),
      onReachedLive: () => useWall.getState().allLive(),
      now: () => Date.now(),
    });
    sync.start();
    return () => sync.dispose();
  }, []);
}
