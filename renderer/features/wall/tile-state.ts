/**
 * A tile's state, exposed as `data-state` (the test hook of ARCHITECTURE.md), plus
 * `paused`: out of sight, not decoding (its session goes after a grace period); and
 * `gap`: playing back a moment the VMS has no recording of (it waits on the next frame).
 */
export type TileState = 'empty' | 'connecting' | 'playing' | 'paused' | 'stalled' | 'reconnecting' | 'offline' | 'error' | 'gap';

export const TILE_STATE_LABEL: Readonly<Record<TileState, string>> = {
  empty: 'Empty',
  connecting: 'Connecting…',
  playing: 'Live',
  paused: 'Paused while out of sight',
  stalled: 'Stalled',
  reconnecting: 'Reconnecting…',
  offline: 'Camera offline',
  error: 'Cannot play',
  gap: 'No recording',
};
