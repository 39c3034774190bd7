import { create } from 'zustand';
import type { AppProblem, Wall, WallsState } from '../../../shared/model/wall';
import type { CyclerStatus } from './carousel';

interface WallsUi {
  /** Which monitor this window shows (`?monitor=N`). */
  readonly monitor: number;
  /** The walls as the core last said. */
  readonly walls: WallsState | null;
  /** True once this monitor's saved view, if any, is on the wall (the first-start fill waits for it). */
  readonly restored: boolean;
  readonly problems: readonly AppProblem[];
  readonly transport: 'electron' | 'web' | undefined;
  /** The tile whose carousel is being edited. */
  readonly editingCarousel: number | null;
  /** Position and pause of each tile carousel, and of the monitor's cycle. */
  readonly tileCycles: Readonly<Record<number, CyclerStatus>>;
  readonly monitorCycle: CyclerStatus | null;
}

export const useWallsUi = create<WallsUi>()(() => ({
  monitor: 0,
  walls: null,
  restored: false,
  problems: [],
  transport: undefined,
  editingCarousel: null,
  tileCycles: {},
  monitorCycle: null,
}));

/** One empty list, so selectors that fall back to it return the same value each time. */
export const NO_WALLS: readonly Wall[] = [];

export function editCarousel(index: number | null): void {
  useWallsUi.setState({ editingCarousel: index });
}
