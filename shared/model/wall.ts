import { z } from 'zod';
import { CameraRef } from './camera';
import { Layout } from './layout';

/** What a tile shows: live, instant replay from a moment, or the recording at the wall's clock. */
export const TileSourceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('live') }).strict(),
  z.object({ mode: z.literal('replay'), from: z.number() }).strict(),
  z.object({ mode: z.literal('archive') }).strict(),
]);

/**
 * Digital zoom into a tile's picture: `scale` (1 = whole picture) around the point
 * (`x`, `y`, fractions of the picture's width and height) that stays in place.
 */
export const TileZoomSchema = z.object({ scale: z.number().min(1).max(8), x: z.number().min(0).max(1), y: z.number().min(0).max(1) }).strict();
export type TileZoom = z.infer<typeof TileZoomSchema>;

export const TileSpecSchema = CameraRef.extend({
  source: TileSourceSchema,
  zoom: TileZoomSchema.optional(),
  /** The camera's name when it was last seen: what the tile says if the camera or its server is gone. */
  name: z.string().max(200).optional(),
}).strict();

/** The wall's playback clock (see renderer/features/playback/playback-clock.ts). */
export const PlaybackClockSchema = z
  .object({
    anchor: z.number(),
    anchorAt: z.number(),
    speed: z.number().positive().max(64),
    paused: z.boolean(),
  })
  .strict();

/** A tile that cycles through cameras, each shown for `dwellMs`. */
export const TileCarousel = z
  .object({
    cameras: z.array(CameraRef).min(2).max(64),
    dwellMs: z.number().int().min(2000).max(3_600_000),
  })
  .strict();
export type TileCarousel = z.infer<typeof TileCarousel>;

/** What one monitor shows: its layout, cameras, maximised tile, playback, carousels. */
export const MonitorView = z
  .object({
    layout: Layout,
    tiles: z.array(TileSpecSchema.nullable()).max(144),
    maximized: z.number().int().min(0).nullable(),
    playback: PlaybackClockSchema.nullable(),
    /** Tile carousels by tile index. */
    carousels: z.record(z.string().regex(/^\d+$/), TileCarousel).default({}),
    /** The monitor itself cycles through these saved walls' views of it. */
    cycle: z
      .object({ wallIds: z.array(z.string().min(1)).min(2).max(32), dwellMs: z.number().int().min(5000).max(3_600_000) })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();
export type MonitorView = z.infer<typeof MonitorView>;

/** A named wall: one view per monitor (index = monitor number), switchable from a menu or its hotkey. */
export const Wall = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(80),
    monitors: z.array(MonitorView).min(1).max(16),
    /** Ctrl+Alt+<digit> switches to it. */
    hotkey: z.number().int().min(1).max(9).nullable().default(null),
  })
  .strict();
export type Wall = z.infer<typeof Wall>;

/**
 * Everything the walls store keeps: the saved walls, the one restored at start, and what
 * every monitor shows now (saved as it changes, so a restart or a reload resumes it).
 */
export const WallsState = z.object({
  walls: z.array(Wall),
  defaultWallId: z.string().nullable(),
  /** The wall last switched to, if the current views still are it. */
  activeWallId: z.string().nullable(),
  current: z.record(z.string().regex(/^\d+$/), MonitorView),
});
export type WallsState = z.infer<typeof WallsState>;

/** A problem the operator must know about: a store that was unreadable, and where its old content went. */
export const AppProblem = z.object({ message: z.string(), backup: z.string().optional() });
export type AppProblem = z.infer<typeof AppProblem>;
