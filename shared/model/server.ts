import { z } from 'zod';

/** The vendors Tessera is designed for (see VMS-APIS.md). */
export const VmsKind = z.enum(['ivms', 'vxg', 'een', 'milestone']);
export type VmsKind = z.infer<typeof VmsKind>;

/**
 * Connection state of one VMS server as the operator sees it.
 * `reason` says why in words when the state is not `online`. `sign-in`: the server refused
 * the credentials or token; nothing retries until the operator changes them.
 */
export const ServerState = z.enum(['connecting', 'online', 'degraded', 'offline', 'sign-in']);
export type ServerState = z.infer<typeof ServerState>;

/** The server's real-time event stream, as the operator sees it. */
export const EventStreamInfo = z.object({
  state: z.enum(['connecting', 'open', 'reconnecting', 'closed', 'unsupported']),
  reason: z.string().optional(),
});
export type EventStreamInfo = z.infer<typeof EventStreamInfo>;

export const ServerInfo = z.object({
  id: z.string().min(1),
  name: z.string(),
  kind: VmsKind,
  state: ServerState,
  reason: z.string().optional(),
  /** Epoch ms of the last state change. */
  since: z.number(),
  cameraCount: z.number().int().nonnegative(),
  events: EventStreamInfo,
  /** Which server of a redundant pair is serving, where there is a pair. */
  endpoint: z.enum(['primary', 'standby']).optional(),
  /**
   * The sizes the cameras' streams come in, smallest first: a tile asks again for its
   * stream when a resize moves it from one to another.
   */
  profiles: z.array(z.object({ width: z.number().int().positive(), height: z.number().int().positive() })),
  /** The VMS gives each camera's latest picture apart from its video (`/camera-image/…`): tiles and the tree show it. */
  livePreview: z.boolean().default(false),
  /** Cameras can be added to and removed from the VMS here (a VXG account's cloud key). */
  manageCameras: z.boolean().default(false),
  /** The server signs in through the operator's browser (OAuth: Eagle Eye API v3): the row offers Sign in…. */
  browserSignIn: z.boolean().default(false),
  /** The VMS has events an operator may raise by hand on a camera (Milestone user-defined events): tiles offer them. */
  raiseEvents: z.boolean().default(false),
});
export type ServerInfo = z.infer<typeof ServerInfo>;
