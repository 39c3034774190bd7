import { MonitorView, Wall, type WallsState } from '../../../shared/model/wall';
import type { Salvaged } from '../stores/recovering-load';

export const EMPTY_WALLS: WallsState = { walls: [], defaultWallId: null, activeWallId: null, current: {} };

/**
 * A saved wall's view as it starts showing now: its recording clock starts again from
 * the moment the wall was saved at (the renderer saves walls with the clock anchored at
 * that moment), instead of having run on while the wall sat in the store.
 */
export function startingNow(view: MonitorView, now: number): MonitorView {
  return view.playback ? { ...view, playback: { ...view.playback, anchorAt: now } } : view;
}

/** Every monitor's view of a wall, as `current` holds them, starting now. */
export function viewsOf(wall: Wall, now: number): Record<string, MonitorView> {
  return Object.fromEntries(wall.monitors.map((view, monitor) => [String(monitor), startingNow(view, now)]));
}

/**
 * What makes two views "the same wall" to an operator: layout, cameras and their modes,
 * the maximised tile, carousels and cycle. Not the playback clock's timing (it moves by
 * itself), nor the camera a carousel tile happens to show.
 */
export function arrangement(view: MonitorView): string {
  const carousels = Object.entries(view.carousels).sort(([a], [b]) => Number(a) - Number(b));
  return JSON.stringify({
    grid: [view.layout.columns, view.layout.rows, view.layout.cells.map((cell) => [cell.x, cell.y, cell.w, cell.h])],
    // One entry per cell: a wall from a deployment file may list fewer tiles than its layout has cells.
    tiles: view.layout.cells.map((_, index) => {
      const tile = view.tiles[index] ?? null;
      return String(index) in view.carousels ? 'carousel' : tile && [tile.serverId, tile.cameraId, tile.source.mode];
    }),
    maximized: view.maximized,
    archive: view.playback !== null,
    carousels: carousels.map(([index, carousel]) => [index, carousel.dwellMs, carousel.cameras.map((camera) => [camera.serverId, camera.cameraId])]),
    cycle: view.cycle,
  });
}

/** Adds or replaces a wall (by id); a hotkey belongs to one wall only, so the newcomer takes it. */
export function upsertWall(walls: readonly Wall[], wall: Wall): Wall[] {
  const others = walls.map((known) => (wall.hotkey !== null && known.hotkey === wall.hotkey && known.id !== wall.id ? { ...known, hotkey: null } : known));
  const at = others.findIndex((known) => known.id === wall.id);
  return at < 0 ? [...others, wall] : others.map((known, index) => (index === at ? wall : known));
}

/**
 * What can be kept of a walls file that parsed but did not validate: each wall and each
 * monitor's current view that validates on its own; the default and active wall if they
 * are among the walls kept.
 */
export function salvageWalls(stored: Record<string, unknown>): Salvaged<WallsState> {
  const storedWalls = Array.isArray(stored['walls']) ? (stored['walls'] as unknown[]) : [];
  const walls = storedWalls.flatMap((candidate) => {
    const parsed = Wall.safeParse(candidate);
    return parsed.success ? [parsed.data] : [];
  });
  const storedCurrent = isRecord(stored['current']) ? stored['current'] : {};
  const current: Record<string, MonitorView> = {};
  const lostViews: string[] = [];
  for (const [monitor, candidate] of Object.entries(storedCurrent)) {
    const parsed = MonitorView.safeParse(candidate);
    if (/^\d+$/.test(monitor) && parsed.success) current[monitor] = parsed.data;
    else lostViews.push(monitor);
  }
  const known = (id: unknown): string | null => (typeof id === 'string' && walls.some((wall) => wall.id === id) ? id : null);
  const lostWalls = storedWalls.length - walls.length;
  const lost = [lostWalls > 0 ? `dropped ${lostWalls} saved wall${lostWalls === 1 ? '' : 's'}` : '', lostViews.length > 0 ? `dropped what monitor ${lostViews.join(', ')} showed` : ''].filter(Boolean);
  return {
    value: { walls, defaultWallId: known(stored['defaultWallId']), activeWallId: known(stored['activeWallId']), current },
    lost: lost.length > 0 ? lost.join(' and ') : 'kept every wall',
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
