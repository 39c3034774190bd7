import { useEffect } from 'react';
import type { MonitorView } from '../../../shared/model/wall';
import { type MonitorCycle, useWall } from '../../stores/wall';
import { Cycler, TileCarousels } from './carousel';
import { browserTimers } from './timers';
import { startingNow } from './wall-builder';
import { showView } from './walls-sync';
import { useWallsUi } from './walls-ui';

/** The tile under a pointer event, if any. */
function tileIndexOf(target: EventTarget | null): number | undefined {
  const tile = target instanceof Element ? target.closest<HTMLElement>('[data-testid="tile"]') : null;
  const index = tile?.dataset['index'];
  return index === undefined ? undefined : Number(index);
}

/**
 * Runs this monitor's tile carousels. A pointer moving over or pressing a tile, or a key
 * while it is selected, holds that tile's carousel (INTERACTION_PAUSE_MS).
 */
export function useTileCarousels(): void {
  useEffect(() => {
    const carousels = new TileCarousels({
      timers: browserTimers,
      show: (index, camera) => useWall.getState().carouselShow(index, camera),
      onStatus: (tileCycles) => useWallsUi.setState({ tileCycles }),
    });
    carousels.update(useWall.getState().carousels, useWall.getState().tiles);
    const stop = useWall.subscribe((state, previous) => {
      if (state.carousels !== previous.carousels) carousels.update(state.carousels, state.tiles);
    });
    const onPointer = (event: Event): void => {
      const index = tileIndexOf(event.target);
      if (index !== undefined) carousels.interacted(index);
    };
    const onKey = (): void => carousels.interacted(useWall.getState().selected);
    window.addEventListener('pointermove', onPointer, { passive: true });
    window.addEventListener('pointerdown', onPointer, { passive: true });
    window.addEventListener('keydown', onKey);
    return () => {
      stop();
      window.removeEventListener('pointermove', onPointer);
      window.removeEventListener('pointerdown', onPointer);
      window.removeEventListener('keydown', onKey);
      carousels.dispose();
      useWallsUi.setState({ tileCycles: {} });
    };
  }, []);
}

const cycleKey = (cycle: MonitorCycle | null): string => (cycle ? `${cycle.dwellMs}|${cycle.wallIds.join(',')}` : '');

/** Shows the view a saved wall has for this monitor, keeping the cycle going. */
function showCycleStep(cycle: MonitorCycle, position: number): void {
  const { monitor, walls } = useWallsUi.getState();
  const view = walls?.walls.find((wall) => wall.id === cycle.wallIds[position])?.monitors[monitor];
  if (view) showView({ ...startingNow(view, Date.now()), cycle });
}

/** Starts this monitor's cycle through walls, showing the first wall's view of it at once. */
export function startMonitorCycle(first: MonitorView, cycle: MonitorCycle): void {
  showView({ ...startingNow(first, Date.now()), cycle });
}

/** Runs this monitor's cycle through saved walls; any pointer or key activity in the window holds it. */
export function useMonitorCycle(): void {
  const key = useWall((state) => cycleKey(state.cycle));
  useEffect(() => {
    const cycle = useWall.getState().cycle;
    if (!cycle) return;
    const active = useWallsUi.getState().walls?.activeWallId ?? '';
    const cycler = new Cycler({
      count: cycle.wallIds.length,
      dwellMs: cycle.dwellMs,
      start: Math.max(0, cycle.wallIds.indexOf(active)),
      timers: browserTimers,
      show: (position) => showCycleStep(cycle, position),
      onStatus: (monitorCycle) => useWallsUi.setState({ monitorCycle }),
    });
    useWallsUi.setState({ monitorCycle: cycler.status() });
    const onActivity = (): void => cycler.interacted();
    const events = ['pointermove', 'pointerdown', 'keydown', 'wheel'] as const;
    for (const name of events) window.addEventListener(name, onActivity, { passive: true });
    return () => {
      for (const name of events) window.removeEventListener(name, onActivity);
      cycler.dispose();
      useWallsUi.setState({ monitorCycle: null });
    };
  }, [key]);
}
