import { create } from 'zustand';
import type { CameraRef } from '../../shared/model/camera';

/** What a tile shows of its camera: live, or recorded video from a moment (epoch ms). */
export type TileSource = { readonly mode: 'live' } | { readonly mode: 'archive'; readonly from: number };

/** What one cell shows: a camera, live or from a recorded moment. */
export interface TileSpec extends CameraRef {
  readonly source: TileSource;
}

export interface WallState {
  readonly columns: number;
  readonly rows: number;
  /** One entry per cell, row by row; null is an empty tile. */
  readonly tiles: readonly (TileSpec | null)[];
  readonly selected: number;
  /** The wall is filled with the first cameras once, at first start. */
  readonly autoFilled: boolean;
  readonly assign: (index: number, camera: CameraRef) => void;
  readonly clear: (index: number) => void;
  readonly select: (index: number) => void;
  /** Plays the tile's camera from a recorded moment (epoch ms). */
  readonly showArchive: (index: number, from: number) => void;
  readonly showLive: (index: number) => void;
  /** Puts cameras not yet on the wall into the empty cells, in order. */
  readonly fillEmpty: (cameras: readonly CameraRef[]) => void;
}

const LIVE: TileSource = { mode: 'live' };
const sameCamera = (a: CameraRef | null, b: CameraRef): boolean => a !== null && a.serverId === b.serverId && a.cameraId === b.cameraId;
const liveTile = ({ serverId, cameraId }: CameraRef): TileSpec => ({ serverId, cameraId, source: LIVE });

export const useWall = create<WallState>()((set) => {
  const update = (index: number, change: (tile: TileSpec) => TileSpec | null): void =>
    set((state) => ({ tiles: state.tiles.map((tile, at) => (at === index && tile ? change(tile) : tile)) }));
  return {
    columns: 2,
    rows: 2,
    tiles: [null, null, null, null],
    selected: 0,
    autoFilled: false,
    assign: (index, camera) => set((state) => ({ tiles: state.tiles.map((tile, at) => (at === index ? liveTile(camera) : tile)) })),
    clear: (index) => update(index, () => null),
    select: (index) => set({ selected: index }),
    showArchive: (index, from) => update(index, (tile) => ({ ...tile, source: { mode: 'archive', from } })),
    showLive: (index) => update(index, (tile) => ({ ...tile, source: LIVE })),
    fillEmpty: (cameras) =>
      set((state) => {
        const waiting = cameras.filter((camera) => !state.tiles.some((tile) => sameCamera(tile, camera))).map(liveTile);
        const tiles = state.tiles.map((tile) => tile ?? waiting.shift() ?? null);
        return { tiles, autoFilled: true };
      }),
  };
});
