import { describe, expect, it, vi } from 'vitest';
import { type TileMenuActions, type TileMenuContext, tileMenuItems } from '../../../renderer/features/wall/tile-menu-items';

const LIVE_TILE: TileMenuContext = { hasCamera: true, occupied: true, mode: 'live', maximized: false, marked: false, zoomed: false, canRaiseEvents: false, inSite: false };

function actions(): TileMenuActions & Record<string, ReturnType<typeof vi.fn>> {
  const names = ['replay', 'live', 'pickTime', 'raiseEvent', 'snapshot', 'maximize', 'resetZoom', 'toggleGroup', 'carousel', 'send', 'close'];
  return Object.fromEntries(names.map((name) => [name, vi.fn()])) as unknown as TileMenuActions & Record<string, ReturnType<typeof vi.fn>>;
}

const ids = (context: TileMenuContext): string[] => tileMenuItems(context, actions()).map((item) => item.id);

describe("a tile's context menu", () => {
  it('offers a live tile its replays, and a recorded one the way back to live', () => {
    expect(ids(LIVE_TILE)).toEqual(['replay-10', 'replay-30', 'archive', 'snapshot', 'maximize', 'group', 'carousel', 'close']);
    expect(ids({ ...LIVE_TILE, mode: 'archive' })).toEqual(['live', 'archive', 'snapshot', 'maximize', 'group', 'carousel', 'close']);
    expect(ids({ ...LIVE_TILE, mode: 'replay' })[0]).toBe('live');
  });

  it('offers only what the tile and its server can do', () => {
    const all = ids({ ...LIVE_TILE, canRaiseEvents: true, inSite: true, zoomed: true });
    expect(all).toEqual(['replay-10', 'replay-30', 'archive', 'snapshot', 'raise-event', 'maximize', 'reset-zoom', 'group', 'carousel', 'send', 'close']);
    expect(ids({ ...LIVE_TILE, hasCamera: false, occupied: false })).toEqual(['carousel']);
    // A camera no longer there: the tile still goes.
    expect(ids({ ...LIVE_TILE, hasCamera: false })).toEqual(['carousel', 'close']);
  });

  it('names what an item would do now, and runs it', () => {
    const maximized = tileMenuItems({ ...LIVE_TILE, maximized: true, marked: true }, actions());
    expect(maximized.find((item) => item.id === 'maximize')?.label).toBe('Restore the wall');
    expect(maximized.find((item) => item.id === 'group')?.label).toBe('Take out of the playback group');
    const run = actions();
    tileMenuItems(LIVE_TILE, run)
      .find((item) => item.id === 'replay-30')
      ?.run();
    expect(run['replay']).toHaveBeenCalledWith(30_000);
  });
});
