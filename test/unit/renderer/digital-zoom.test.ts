import { describe, expect, it } from 'vitest';
import { panZoom, wheelZoom } from '../../../renderer/features/wall/use-digital-zoom';
import { viewOf, wallOf } from '../../../renderer/features/walls/monitor-view';
import { presetLayout } from '../../../shared/model/layout';
import { MonitorView } from '../../../shared/model/wall';

describe('digital zoom', () => {
  it('zooms towards the pointer with the wheel, no further than 8×, and back to the whole picture', () => {
    const zoomed = wheelZoom(undefined, -100, { x: 0.8, y: 0.2 });
    expect(zoomed).toEqual({ scale: 1.2, x: 0.8, y: 0.2 });
    let far = zoomed;
    for (let i = 0; i < 40; i++) far = wheelZoom(far, -100, { x: 0.8, y: 0.2 });
    expect(far?.scale).toBe(8);
    expect(wheelZoom(zoomed, 100, { x: 0.5, y: 0.5 }), 'out to 1×: no zoom left').toBeUndefined();
  });

  it('pans with the pointer and stays inside the picture', () => {
    expect(panZoom({ scale: 2, x: 0.5, y: 0.5 }, 0.1, -0.1)).toEqual({ scale: 2, x: 0.4, y: 0.6 });
    expect(panZoom({ scale: 2, x: 0.1, y: 0.5 }, 0.5, 0)).toMatchObject({ x: 0 });
  });

  it('is kept per tile in the saved wall', () => {
    const layout = presetLayout('2x2');
    if (!layout) throw new Error('no 2x2');
    const tiles = [{ serverId: 'hq', cameraId: '1', source: { mode: 'live' } as const, zoom: { scale: 3, x: 0.25, y: 0.75 } }, null, null, null];
    const view = MonitorView.parse(viewOf({ layout, tiles, maximized: null, playback: undefined, carousels: {}, cycle: null }));
    expect(wallOf(view).tiles[0]?.zoom).toEqual({ scale: 3, x: 0.25, y: 0.75 });
  });
});
