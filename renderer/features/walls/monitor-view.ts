import type { CameraRef } from '../../../shared/model/camera';
import type { MonitorView, TileCarousel } from '../../../shared/model/wall';
import type { TileSource, TileSpec, WallState } from '../../stores/wall';

/** The part of the wall store a monitor's view is made of. */
export type WallView = Pick<WallState, 'layout' | 'tiles' | 'maximized' | 'playback' | 'carousels' | 'cycle'>;

const ref = ({ serverId, cameraId }: CameraRef): CameraRef => ({ serverId, cameraId });

function source(value: TileSource): TileSource {
  return value.mode === 'replay' ? { mode: 'replay', from: value.from } : { mode: value.mode };
}

/** What this monitor shows, as the core stores it: one entry per layout cell, only the contract's fields. */
export function viewOf(wall: WallView): MonitorView {
  const tiles = wall.layout.cells.map((_, index) => {
    const tile = wall.tiles[index] ?? null;
    return tile && { ...ref(tile), source: source(tile.source), ...(tile.name === undefined ? {} : { name: tile.name }), ...(tile.zoom ? { zoom: { ...tile.zoom } } : {}) };
  });
  const { id, name, columns, rows, cells } = wall.layout;
  return {
    layout: { id, name, columns, rows, cells: cells.map(({ x, y, w, h }) => ({ x, y, w, h })) },
    tiles,
    maximized: wall.maximized !== null && tiles[wall.maximized] ? wall.maximized : null,
    playback: wall.playback ? { ...wall.playback } : null,
    carousels: Object.fromEntries(
      Object.entries(wall.carousels)
        .filter(([index]) => Number(index) < tiles.length)
        .map(([index, carousel]) => [index, { cameras: carousel.cameras.map(ref), dwellMs: carousel.dwellMs }]),
    ),
    cycle: wall.cycle && { wallIds: [...wall.cycle.wallIds], dwellMs: wall.cycle.dwellMs },
  };
}

/** The wall store's content for a saved view: whatever the view leaves out or gets wrong is made consistent. */
export function wallOf(view: MonitorView): WallView & Pick<WallState, 'selected' | 'marked' | 'overflow'> {
  const { layout, playback } = view;
  const hasClock = playback !== null;
  // An archive tile plays at the wall's clock; without one it can only be live.
  const tiles = layout.cells.map((_, index): TileSpec | null => {
    const tile = view.tiles[index] ?? null;
    return tile && { ...ref(tile), source: tile.source.mode === 'archive' && !hasClock ? { mode: 'live' } : source(tile.source), ...(tile.name === undefined ? {} : { name: tile.name }), ...(tile.zoom ? { zoom: { ...tile.zoom } } : {}) };
  });
  const maximized = view.maximized !== null && tiles[view.maximized] ? view.maximized : null;
  const carousels: Record<number, TileCarousel> = {};
  for (const [at, carousel] of Object.entries(view.carousels)) {
    const index = Number(at);
    if (index >= tiles.length) continue;
    carousels[index] = carousel;
    // A carousel tile shows one of its cameras (a deployment file may leave the tile empty).
    const shown = tiles[index] ?? null;
    const first = carousel.cameras[0];
    if (first && !carousel.cameras.some((camera) => shown !== null && camera.serverId === shown.serverId && camera.cameraId === shown.cameraId)) tiles[index] = { ...ref(first), source: { mode: 'live' } };
  }
  return {
    layout,
    tiles,
    maximized,
    playback: playback && tiles.some((tile) => tile?.source.mode === 'archive') ? { ...playback } : undefined,
    carousels,
    cycle: view.cycle,
    selected: maximized ?? 0,
    marked: [],
    overflow: [],
  };
}
