import { create } from 'zustand';
import type { CameraRef } from '../../shared/model/camera';
import { type Direction, type Layout, neighbour, presetLayout } from '../../shared/model/layout';
import type { MonitorView, TileCarousel, TileZoom } from '../../shared/model/wall';
import { type PlaybackClock, seekClock, startClock } from '../features/playback/playback-clock';

/**
 * What a tile shows of its camera: live; a replay of the last minute from the core's
 * cache (instant replay, same VMS session as live); or recorded video (an archive
 * session) at the moment of the wall's playback clock, shared by every archive tile so
 * that they stay in step. Times are epoch ms.
 */
export type TileSource = { readonly mode: 'live' } | { readonly mode: 'replay'; readonly from: number } | { readonly mode: 'archive' };

/** The monitor cycling through saved walls' views of it. */
export type MonitorCycle = NonNullable<MonitorView['cycle']>;

/** What one cell shows: a camera and its source. */
export interface TileSpec extends CameraRef {
  readonly source: TileSource;
  /** The camera's name when it was last seen, for a tile whose camera or server is gone. */
  readonly name?: string;
  /** Digital zoom into the picture, kept with the tile (and in the saved wall). */
  readonly zoom?: TileZoom;
}

export interface WallState {
  readonly layout: Layout;
  /** One entry per layout cell, in the layout's cell order; null is an empty tile. */
  readonly tiles: readonly (TileSpec | null)[];
  readonly selected: number;
  /** The tile shown over the whole wall, if any. */
  readonly maximized: number | null;
  /** The wall is filled with the first cameras once, at first start. */
  readonly autoFilled: boolean;
  /**
   * Cameras a smaller layout had no room for, in order: they come back when a larger
   * layout has room again, so 2×2 → 1×1 → 2×2 loses nothing.
   */
  readonly overflow: readonly (TileSpec | null)[];
  /** Layouts the operator made in the editor. */
  readonly customLayouts: readonly Layout[];
  /** The moment every archive tile shows; undefined while no tile plays a recording. */
  readonly playback: PlaybackClock | undefined;
  /** Tiles picked with Ctrl+click, to play a recording together (besides the selected one). */
  readonly marked: readonly number[];
  /** Tiles cycling through cameras, by tile index (features/walls/carousel.ts runs them). */
  readonly carousels: Readonly<Record<number, TileCarousel>>;
  /** This monitor cycling through saved walls, if it does. */
  readonly cycle: MonitorCycle | null;
  /** When the operator last touched each tile (epoch ms, by index): an alarm leaves a tile in use alone. */
  readonly touchedAt: Readonly<Record<number, number>>;
  /** Notes that the operator is working with a tile now. */
  readonly touch: (index: number) => void;
  /** Zooms into a tile's picture, or back to the whole picture (undefined, or scale 1). */
  readonly setZoom: (index: number, zoom: TileZoom | undefined) => void;
  /**
   * Puts an alarm's camera on a tile, live, without selecting it or counting as the
   * operator's touch; returns what the tile showed (and its carousel), to give back later.
   */
  readonly popAlarm: (index: number, camera: CameraRef) => { readonly previous: TileSpec | null; readonly carousel: TileCarousel | undefined };
  /**
   * Gives a tile back what an alarm displaced, if it still shows that alarm's camera live
   * (a tile the operator has changed since is theirs). Returns whether it did.
   */
  readonly restoreTile: (index: number, alarmCamera: CameraRef, previous: TileSpec | null, carousel: TileCarousel | undefined) => boolean;
  /** Switches layout, keeping the cameras that fit (the first ones, in order); the rest wait in `overflow`. */
  readonly setLayout: (layout: Layout) => void;
  readonly assign: (index: number, camera: CameraRef) => void;
  readonly clear: (index: number) => void;
  readonly swap: (from: number, to: number) => void;
  readonly select: (index: number) => void;
  readonly moveSelection: (direction: Direction) => void;
  /** Maximises a tile, or restores the wall when it is the one maximised (or none is given). */
  readonly toggleMaximize: (index?: number) => void;
  /** Plays these tiles' recordings from `from`, in step with any archive tile already playing (which moves there too). */
  readonly showArchive: (indices: number | readonly number[], from: number) => void;
  /** Moves or re-times the playback clock (seek, speed, pause, frame step). */
  readonly changePlayback: (change: (clock: PlaybackClock, now: number) => PlaybackClock) => void;
  /** Every archive tile back to live. */
  readonly allLive: () => void;
  readonly toggleMark: (index: number) => void;
  readonly showReplay: (index: number, from: number) => void;
  readonly showLive: (index: number) => void;
  /** Puts cameras not yet on the wall into the empty cells, in order. */
  readonly fill: (cameras: readonly CameraRef[]) => void;
  /** Places cameras one per cell from `index` on (a server or group dropped on a tile). */
  readonly fillFrom: (index: number, cameras: readonly CameraRef[]) => void;
  readonly saveLayout: (layout: Layout) => void;
  /** Makes a tile cycle through cameras (showing the first at once unless it shows one of them), or stops it. */
  readonly setCarousel: (index: number, carousel: TileCarousel | null) => void;
  /** A carousel's next camera, live; the carousel goes on. */
  readonly carouselShow: (index: number, camera: CameraRef) => void;
  readonly setCycle: (cycle: MonitorCycle | null) => void;
  /** Notes the names of the tiles' cameras as the servers list them now (by `serverId/cameraId`). */
  readonly rememberNames: (names: ReadonlyMap<string, string>) => void;
  /** Empties the tiles whose server is not among `serverIds`, then fills the wall (a start on another site's servers). */
  readonly refillForServers: (serverIds: ReadonlySet<string>, cameras: readonly CameraRef[]) => void;
}

const LIVE: TileSource = { mode: 'live' };
const ARCHIVE: TileSource = { mode: 'archive' };
const hasArchive = (tiles: readonly (TileSpec | null)[]): boolean => tiles.some((tile) => tile?.source.mode === 'archive');
/** The clock lives as long as some tile plays a recording. */
const withArchive = (tiles: readonly (TileSpec | null)[], clock: PlaybackClock | undefined): PlaybackClock | undefined => (hasArchive(tiles) ? clock : undefined);
const sameCamera = (a: CameraRef | null, b: CameraRef): boolean => a !== null && a.serverId === b.serverId && a.cameraId === b.cameraId;
const liveTile = (camera: CameraRef & { readonly name?: string }): TileSpec => ({ serverId: camera.serverId, cameraId: camera.cameraId, source: LIVE, ...(camera.name === undefined ? {} : { name: camera.name }) });
/** Carousels without those of the tiles `gone` says (a tile the operator put something else on stops cycling). */
const carouselsWithout = (carousels: Readonly<Record<number, TileCarousel>>, gone: (index: number) => boolean): Readonly<Record<number, TileCarousel>> =>
  Object.values(carousels).length === 0 ? carousels : Object.fromEntries(Object.entries(carousels).filter(([index]) => !gone(Number(index))));

export const DEFAULT_LAYOUT: Layout = presetLayout('2x2') ?? { id: '1x1', name: '1×1', columns: 1, rows: 1, cells: [{ x: 0, y: 0, w: 1, h: 1 }] };

export const useWall = create<WallState>()((set, get) => {
  const update = (index: number, change: (tile: TileSpec) => TileSpec | null): void =>
    set((state) => ({ tiles: state.tiles.map((tile, at) => (at === index && tile ? change(tile) : tile)) }));
  return {
    layout: DEFAULT_LAYOUT,
    tiles: DEFAULT_LAYOUT.cells.map(() => null),
    selected: 0,
    maximized: null,
    autoFilled: false,
    overflow: [],
    customLayouts: [],
    playback: undefined,
    marked: [],
    carousels: {},
    cycle: null,
    touchedAt: {},
    touch: (index) => set((state) => ({ touchedAt: { ...state.touchedAt, [index]: Date.now() } })),
    setZoom: (index, zoom) =>
      update(index, (tile) => {
        if (zoom && zoom.scale > 1) return { ...tile, zoom };
        const { zoom: _gone, ...rest } = tile;
        return rest;
      }),
    popAlarm: (index, camera) => {
      const state = get();
      const previous = state.tiles[index] ?? null;
      const carousel = state.carousels[index];
      const tiles = state.tiles.map((tile, at) => (at === index ? liveTile(camera) : tile));
      set({ tiles, carousels: carouselsWithout(state.carousels, (at) => at === index), playback: withArchive(tiles, state.playback) });
      return { previous, carousel };
    },
    restoreTile: (index, alarmCamera, previous, carousel) => {
      const state = get();
      const shown = state.tiles[index] ?? null;
      if (index >= state.tiles.length || !sameCamera(shown, alarmCamera) || shown?.source.mode !== 'live' || state.carousels[index]) return false;
      // A recording comes back at the wall's playback moment, or live when nothing plays one any more.
      const back = previous && previous.source.mode === 'archive' && !state.playback ? { ...previous, source: LIVE } : previous;
      const tiles = state.tiles.map((tile, at) => (at === index ? back : tile));
      set({ tiles, carousels: carousel ? { ...state.carousels, [index]: carousel } : state.carousels, playback: withArchive(tiles, state.playback) });
      return true;
    },
    setLayout: (layout) =>
      set((state) => {
        const all = [...state.tiles, ...state.overflow];
        const tiles = layout.cells.map((_, index) => all[index] ?? null);
        const overflow = all.slice(tiles.length);
        while (overflow.length > 0 && overflow.at(-1) === null) overflow.pop();
        const inRange = (index: number | null): boolean => index !== null && index < tiles.length;
        return { layout, tiles, overflow, selected: inRange(state.selected) ? state.selected : 0, maximized: inRange(state.maximized) ? state.maximized : null, marked: state.marked.filter((index) => index < tiles.length), playback: withArchive(tiles, state.playback), carousels: carouselsWithout(state.carousels, (index) => index >= tiles.length) };
      }),
    assign: (index, camera) =>
      set((state) => {
        const tiles = state.tiles.map((tile, at) => (at === index ? liveTile(camera) : tile));
        return { tiles, carousels: carouselsWithout(state.carousels, (at) => at === index), marked: state.marked.filter((at) => at !== index), playback: withArchive(tiles, state.playback) };
      }),
    clear: (index) =>
      set((state) => {
        const tiles = state.tiles.map((tile, at) => (at === index ? null : tile));
        return { tiles, maximized: state.maximized === index ? null : state.maximized, playback: withArchive(tiles, state.playback), carousels: carouselsWithout(state.carousels, (at) => at === index), marked: state.marked.filter((at) => at !== index) };
      }),
    swap: (from, to) =>
      set((state) => {
        if (from === to || from >= state.tiles.length || to >= state.tiles.length) return {};
        const tiles = [...state.tiles];
        [tiles[from], tiles[to]] = [tiles[to] ?? null, tiles[from] ?? null];
        // A carousel moves with its tile.
        const carousels: Record<number, TileCarousel> = { ...carouselsWithout(state.carousels, (at) => at === from || at === to) };
        const moving = state.carousels[from];
        const staying = state.carousels[to];
        if (moving) carousels[to] = moving;
        if (staying) carousels[from] = staying;
        return { tiles, selected: to, carousels };
      }),
    select: (index) => set({ selected: index }),
    moveSelection: (direction) => set((state) => ({ selected: neighbour(state.layout, state.selected, direction) })),
    toggleMaximize: (index) =>
      set((state) => {
        const target = index ?? state.selected;
        return state.maximized === null && state.tiles[target] ? { maximized: target, selected: target } : { maximized: null };
      }),
    showArchive: (indices, from) =>
      set((state) => {
        const chosen = new Set(typeof indices === 'number' ? [indices] : indices);
        const now = Date.now();
        return {
          tiles: state.tiles.map((tile, at) => (tile && chosen.has(at) ? { ...tile, source: ARCHIVE } : tile)),
          playback: state.playback && hasArchive(state.tiles) ? seekClock(state.playback, from, now) : startClock(from, now),
        };
      }),
    changePlayback: (change) => set((state) => (state.playback ? { playback: change(state.playback, Date.now()) } : {})),
    // The group ends with its playback: its marks go too, so no tile stays marked unseen.
    allLive: () => set((state) => ({ tiles: state.tiles.map((tile) => (tile?.source.mode === 'archive' ? { ...tile, source: LIVE } : tile)), playback: undefined, marked: [] })),
    toggleMark: (index) => set((state) => ({ marked: state.marked.includes(index) ? state.marked.filter((at) => at !== index) : [...state.marked, index] })),
    showReplay: (index, from) => update(index, (tile) => ({ ...tile, source: { mode: 'replay', from } })),
    showLive: (index) =>
      set((state) => {
        const tiles = state.tiles.map((tile, at) => (at === index && tile ? { ...tile, source: LIVE } : tile));
        // A tile back to live leaves the group; the last one back ends it, marks and all.
        return { tiles, playback: withArchive(tiles, state.playback), marked: hasArchive(tiles) ? state.marked.filter((at) => at !== index) : [] };
      }),
    fill: (cameras) =>
      set((state) => {
        const waiting = cameras.filter((camera) => !state.tiles.some((tile) => sameCamera(tile, camera))).map(liveTile);
        const tiles = state.tiles.map((tile) => tile ?? waiting.shift() ?? null);
        // A camera now on the wall no longer waits for room.
        const overflow = state.overflow.map((tile) => (tile && tiles.some((shown) => sameCamera(shown, tile)) ? null : tile));
        return { tiles, overflow, autoFilled: true };
      }),
    fillFrom: (index, cameras) =>
      set((state) => ({
        tiles: state.tiles.map((tile, at) => {
          const camera = at >= index ? cameras[at - index] : undefined;
          return camera ? liveTile(camera) : tile;
        }),
        carousels: carouselsWithout(state.carousels, (at) => at >= index && at < index + cameras.length),
      })),
    saveLayout: (layout) => set((state) => ({ customLayouts: [...state.customLayouts.filter((known) => known.id !== layout.id), layout] })),
    setCarousel: (index, carousel) =>
      set((state) => {
        const carousels = carouselsWithout(state.carousels, (at) => at === index);
        if (!carousel || index >= state.tiles.length) return { carousels };
        const shown = state.tiles[index] ?? null;
        const first = carousel.cameras[0];
        if (!first || carousel.cameras.some((camera) => sameCamera(shown, camera))) return { carousels: { ...carousels, [index]: carousel } };
        const tiles = state.tiles.map((tile, at) => (at === index ? liveTile(first) : tile));
        return { carousels: { ...carousels, [index]: carousel }, tiles, playback: withArchive(tiles, state.playback) };
      }),
    rememberNames: (names) =>
      set((state) => {
        const tiles = state.tiles.map((tile) => {
          const name = tile ? names.get(`${tile.serverId}/${tile.cameraId}`) : undefined;
          return !tile || name === undefined || tile.name === name ? tile : { ...tile, name };
        });
        return tiles.some((tile, at) => tile !== state.tiles[at]) ? { tiles } : {};
      }),
    refillForServers: (serverIds, cameras) => {
      set((state) => {
        const tiles = state.tiles.map((tile) => (tile && serverIds.has(tile.serverId) ? tile : null));
        return { tiles, maximized: null, overflow: [], playback: withArchive(tiles, state.playback), carousels: {} };
      });
      get().fill(cameras);
    },
    carouselShow: (index, camera) =>
      set((state) => {
        if (!state.carousels[index]) return {};
        const tiles = state.tiles.map((tile, at) => (at === index ? liveTile(camera) : tile));
        return { tiles, playback: withArchive(tiles, state.playback) };
      }),
    setCycle: (cycle) => set({ cycle }),
  };
});
