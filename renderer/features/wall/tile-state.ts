/** A tile's state, exposed as `data-state` (the test hook of ARCHITECTURE.md). */
export type TileState = 'empty' | 'connecting' | 'playing' | 'stalled' | 'reconnecting' | 'offline' | 'error';

export const TILE_STATE_LABEL: Readonly<Record<TileState, string>> = {
  empty: 'Empty',
  connecting: 'Connecting…',
  playing: 'Live',
  stalled: 'Stalled',
  reconnecting: 'Reconnecting…',
  offline: 'Camera offline',
  error: 'Cannot play',
};
