import { gridLayout } from '../../../shared/model/layout';
import type { MonitorView, Wall } from '../../../shared/model/wall';
import { clockTime } from '../playback/playback-clock';

/** What a monitor the operator has never set up shows in a saved wall: an empty 2×2. */
export function emptyView(): MonitorView {
  const layout = { ...gridLayout(2, 2), name: '2×2' };
  return { layout, tiles: layout.cells.map(() => null), maximized: null, playback: null, carousels: {}, cycle: null };
}

/** A view with its recording clock anchored at `now`, so the wall plays from this moment whenever it is switched to. */
export function anchoredAt(view: MonitorView, now: number): MonitorView {
  return view.playback ? { ...view, playback: { ...view.playback, anchor: clockTime(view.playback, now), anchorAt: now } } : view;
}

/** A saved view as it starts showing now: its recording clock plays from the moment it was saved at (as the core does on a switch). */
export function startingNow(view: MonitorView, now: number): MonitorView {
  return view.playback ? { ...view, playback: { ...view.playback, anchorAt: now } } : view;
}

export interface WallDraft {
  readonly name: string;
  readonly hotkey: number | null;
  /** The walls already saved: one with the same name is replaced (keeps its id). */
  readonly walls: readonly Wall[];
  /** What every monitor shows now, as the core holds it. */
  readonly current: Readonly<Record<string, MonitorView>>;
  /** This window's monitor and what it shows (fresher than the core's copy). */
  readonly monitor: number;
  readonly shown: MonitorView;
  readonly now: number;
  /** A fresh id for a new wall. */
  readonly newId: () => string;
}

/** A wall of what every monitor shows now: monitors without a view get an empty one, so indices stay monitor numbers. */
export function buildWall(draft: WallDraft): Wall {
  const name = draft.name.trim();
  const same = draft.walls.find((wall) => wall.name.toLocaleLowerCase() === name.toLocaleLowerCase());
  const numbers = Object.keys(draft.current).map(Number);
  const count = Math.max(draft.monitor, ...numbers) + 1;
  const monitors = Array.from({ length: count }, (_, monitor) => anchoredAt(monitor === draft.monitor ? draft.shown : (draft.current[String(monitor)] ?? emptyView()), draft.now));
  return { id: same?.id ?? draft.newId(), name, monitors, hotkey: draft.hotkey };
}

/** An id from the name, made unique: readable in walls.json and the deployment file. */
export function wallId(name: string, random: () => number = Math.random): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'wall'}-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`;
}
