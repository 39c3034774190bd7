import { beforeEach, describe, expect, it } from 'vitest';
import { Cycler, cyclerLabel, type CyclerStatus, INTERACTION_PAUSE_MS, TileCarousels } from '../../../renderer/features/walls/carousel';
import { DEFAULT_LAYOUT, useWall } from '../../../renderer/stores/wall';
import type { CameraRef } from '../../../shared/model/camera';
import { presetLayout } from '../../../shared/model/layout';
import { ManualTimers } from './walls-timers';

const camera = (id: number): CameraRef => ({ serverId: 'hq', cameraId: String(id) });

describe('Cycler', () => {
  it('steps through its items, one per dwell, round and round', () => {
    const timers = new ManualTimers();
    const shown: number[] = [];
    const cycler = new Cycler({ count: 3, dwellMs: 2000, start: 0, timers, show: (position) => shown.push(position) });
    timers.advance(1999);
    expect(shown).toEqual([]);
    timers.advance(1);
    expect(shown).toEqual([1]);
    timers.advance(4000);
    expect(shown).toEqual([1, 2, 0]);
    expect(cycler.status()).toEqual({ position: 0, count: 3, paused: false });
    cycler.dispose();
    expect(timers.pending).toBe(0);
    timers.advance(10_000);
    expect(shown).toEqual([1, 2, 0]);
  });

  it('holds while the operator interacts and for the pause after, then goes on by itself', () => {
    const timers = new ManualTimers();
    const shown: number[] = [];
    const statuses: CyclerStatus[] = [];
    const cycler = new Cycler({ count: 2, dwellMs: 2000, start: 0, timers, show: (position) => shown.push(position), onStatus: (status) => statuses.push(status) });
    timers.advance(1000);
    cycler.interacted();
    expect(cycler.status().paused).toBe(true);
    // The pointer keeps moving for 10 s: nothing steps.
    for (let n = 0; n < 10; n++) {
      timers.advance(1000);
      cycler.interacted();
    }
    expect(shown).toEqual([]);
    timers.advance(INTERACTION_PAUSE_MS - 1);
    expect(shown).toEqual([]);
    expect(cycler.status().paused).toBe(true);
    timers.advance(1);
    expect(cycler.status().paused).toBe(false);
    expect(shown, 'a dwell has long passed: it steps as soon as the pause is over').toEqual([1]);
    timers.advance(2000);
    expect(shown).toEqual([1, 0]);
    expect(statuses.map((status) => status.paused)).toEqual([true, false, false, false]);
  });

  it('after a short pause, the picture still gets its whole dwell', () => {
    const timers = new ManualTimers();
    const shown: number[] = [];
    const cycler = new Cycler({ count: 2, dwellMs: 60_000, start: 1, timers, pauseMs: 5000, show: (position) => shown.push(position) });
    cycler.interacted();
    timers.advance(5000);
    expect(cycler.status().paused).toBe(false);
    expect(shown).toEqual([]);
    timers.advance(55_000);
    expect(shown).toEqual([0]);
  });

  it('labels its position for the indicator', () => {
    expect(cyclerLabel({ position: 2, count: 5, paused: false })).toBe('⟳ 3/5');
    expect(cyclerLabel({ position: 0, count: 2, paused: true })).toBe('❚❚ 1/2');
  });
});

describe('TileCarousels', () => {
  it('runs one cycler per carousel from the camera its tile shows, keeps it while unchanged, disposes it when gone', () => {
    const timers = new ManualTimers();
    const shown: Array<[number, string]> = [];
    let statuses: Readonly<Record<number, CyclerStatus>> = {};
    const carousels = new TileCarousels({ timers, show: (index, shownCamera) => shown.push([index, shownCamera.cameraId]), onStatus: (next) => (statuses = next) });
    const carousel = { cameras: [camera(1), camera(2), camera(3)], dwellMs: 2000 };
    carousels.update({ 1: carousel }, [null, camera(2)]);
    expect(statuses).toEqual({ 1: { position: 1, count: 3, paused: false } });
    timers.advance(2000);
    expect(shown).toEqual([[1, '3']]);
    carousels.update({ 1: { ...carousel, cameras: [...carousel.cameras] } }, [null, camera(3)]);
    timers.advance(2000);
    expect(shown, 'the same settings keep the running cycler').toEqual([
      [1, '3'],
      [1, '1'],
    ]);
    carousels.interacted(1);
    expect(statuses[1]?.paused).toBe(true);
    carousels.update({}, [null, camera(1)]);
    expect(statuses).toEqual({});
    expect(timers.pending).toBe(0);
    carousels.dispose();
  });
});

describe('wall store carousels', () => {
  beforeEach(() => {
    useWall.setState({ layout: DEFAULT_LAYOUT, tiles: DEFAULT_LAYOUT.cells.map(() => null), selected: 0, maximized: null, overflow: [], carousels: {}, cycle: null, playback: undefined });
  });

  it('shows the first camera when the tile shows none of them, and steps live', () => {
    const wall = useWall.getState();
    wall.assign(0, camera(9));
    wall.setCarousel(0, { cameras: [camera(1), camera(2)], dwellMs: 2000 });
    expect(useWall.getState().tiles[0]).toEqual({ ...camera(1), source: { mode: 'live' } });
    useWall.getState().carouselShow(0, camera(2));
    expect(useWall.getState().tiles[0]?.cameraId).toBe('2');
    expect(useWall.getState().carousels[0]).toBeDefined();
  });

  it('stops a carousel when the operator puts something else on its tile or it no longer fits', () => {
    const wall = useWall.getState();
    wall.setCarousel(1, { cameras: [camera(1), camera(2)], dwellMs: 2000 });
    wall.setCarousel(3, { cameras: [camera(3), camera(4)], dwellMs: 2000 });
    wall.swap(1, 2);
    expect(Object.keys(useWall.getState().carousels)).toEqual(['2', '3']);
    useWall.getState().assign(2, camera(7));
    expect(Object.keys(useWall.getState().carousels)).toEqual(['3']);
    useWall.getState().setLayout(presetLayout('1x1') ?? DEFAULT_LAYOUT);
    expect(useWall.getState().carousels).toEqual({});
  });
});
