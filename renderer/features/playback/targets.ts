import type { WallState } from '../../stores/wall';

/**
 * The tiles playback controls act on: those already playing a recording (they move as
 * one); otherwise the Ctrl+clicked ones; otherwise the selected tile. Empty tiles never.
 */
export function playbackTargets(wall: Pick<WallState, 'tiles' | 'marked' | 'selected'>): number[] {
  const withCamera = (index: number): boolean => (wall.tiles[index] ?? null) !== null;
  const archive = wall.tiles.flatMap((tile, index) => (tile?.source.mode === 'archive' ? [index] : []));
  if (archive.length > 0) return archive;
  const marked = wall.marked.filter(withCamera);
  if (marked.length > 0) return marked;
  return withCamera(wall.selected) ? [wall.selected] : [];
}
