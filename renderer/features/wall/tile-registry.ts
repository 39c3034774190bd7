import type { TileStreamController } from './tile-stream-controller';

/**
 * The stream controller of each tile of this window, by tile index, for what acts on a tile
 * from outside it (the playback bar's snapshot of the selected tile).
 */
const controllers = new Map<number, TileStreamController>();

export const tileControllers = {
  set(index: number, controller: TileStreamController): void {
    controllers.set(index, controller);
  },
  delete(index: number, controller: TileStreamController): void {
    if (controllers.get(index) === controller) controllers.delete(index);
  },
  get(index: number): TileStreamController | undefined {
    return controllers.get(index);
  },
};
