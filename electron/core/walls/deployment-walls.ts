import { z } from 'zod';
import { presetLayout } from '../../../shared/model/layout';
import { Wall } from '../../../shared/model/wall';

/**
 * A wall as IT writes it in the deployment file: the stored form, with shorthands a
 * person can type. A layout may be a preset's id ("3x3", "1+5"); a tile may be just
 * `{ "serverId", "cameraId" }` (live); `maximized` and `playback` may be left out.
 */
export const DeploymentWall = z.preprocess((value) => (isRecord(value) && Array.isArray(value['monitors']) ? { ...value, monitors: (value['monitors'] as unknown[]).map(expandMonitor) } : value), Wall);

function expandMonitor(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const layout = typeof value['layout'] === 'string' ? (presetLayout(value['layout']) ?? value['layout']) : value['layout'];
  const tiles = Array.isArray(value['tiles']) ? (value['tiles'] as unknown[]).map((tile) => (isRecord(tile) && !('source' in tile) ? { ...tile, source: { mode: 'live' } } : tile)) : value['tiles'];
  return { maximized: null, playback: null, ...value, layout, tiles };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
