import { create } from 'zustand';
import type { CameraRef } from '../../shared/model/camera';

export interface WallState {
  readonly columns: number;
  readonly rows: number;
  /** One entry per cell, row by row; null is an empty tile. */
  readonly tiles: readonly (CameraRef | null)[];
  readonly selected: number;
  /** The wall is filled with the first cameras once, at first start. */
  readonly autoFilled: boolean;
  readonly assign: (index: number, camera: CameraRef) => void;
  readonly clear: (index: number) => void;
  readonly select: (index: number) => void;
  /** Puts cameras not yet on the wall into the empty cells, in order. */
  readonly fillEmpty: (cameras: readonly CameraRef[]) => void;
}

const sameCamera = (a: CameraRef | null, b: CameraRef): boolean => a !== null && a.serverId === b.serverId && a.cameraId === b.cameraId;

export const useWall = create<WallState>()((set) => ({
  columns: 2,
  rows: 2,
  tiles: [null, null, null, null],
  selected: 0,
  autoFilled: false,
  assign: (index, camera) =>
    set((state) => ({ tiles: state.tiles.map((tile, at) => (at === index ? { serverId: camera.serverId, cameraId: camera.cameraId } : tile)) })),
  clear: (index) => set((state) => ({ tiles: state.tiles.map((tile, at) => (at === index ? null : tile)) })),
  select: (index) => set({ selected: index }),
  fillEmpty: (cameras) =>
    set((state) => {
      const waiting = cameras
        .filter((camera) => !state.tiles.some((tile) => sameCamera(tile, camera)))
        .map(({ serverId, cameraId }) => ({ serverId, cameraId }));
      const tiles = state.tiles.map((tile) => tile ?? waiting.shift() ?? null);
      return { tiles, autoFilled: true };
    }),
}));
