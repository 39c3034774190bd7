import { z } from 'zod';
import { MonitorView } from './wall';

/**
 * The site: several Tessera PCs joined through one MQTT broker. What the Site panel shows
 * and what a push carries. A pushed camera is a server id and a camera id inside a
 * MonitorView: never an address, a token or a password (the target opens its own session).
 */

/** A PC id or site id: also a level of an MQTT topic, so no `/`, `+`, `#` or spaces. */
export const SiteName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash and underscore only');

/** One camera a monitor shows, by reference, with the name it had when shown. */
export const SiteCamera = z.object({ serverId: z.string().min(1), cameraId: z.string().min(1), name: z.string().max(200) }).strict();
export type SiteCamera = z.infer<typeof SiteCamera>;

/** What one monitor of a PC shows, in words for the panel. */
export const SiteMonitor = z
  .object({
    index: z.number().int().min(0).max(15),
    /** The layout's name ("2×2"). */
    layout: z.string().max(64),
    cameras: z.array(SiteCamera).max(144),
    /** Live video, a recording (the wall's playback clock or replay tiles), both, or nothing. */
    mode: z.enum(['live', 'recorded', 'mixed', 'empty']),
    /**
     * A window shows this monitor now. False: its window was closed (or never opened since
     * the app started), so nobody would see a push; absent: a PC that does not say.
     */
    window: z.boolean().optional(),
  })
  .strict();
export type SiteMonitor = z.infer<typeof SiteMonitor>;

export const SitePc = z.object({
  id: SiteName,
  /** This PC. */
  me: z.boolean(),
  /** Connected to the broker now (its last will says when it went). */
  online: z.boolean(),
  /** When it last said it came online or went away (its own clock). */
  since: z.number().optional(),
  monitors: z.array(SiteMonitor),
  /** The PCs it takes pushes from; null: any PC of the site. */
  acceptPushFrom: z.array(SiteName).nullable(),
});
export type SitePc = z.infer<typeof SitePc>;

export const SiteState = z.object({
  /** False when the deployment file names no site: the panel says so. */
  configured: z.boolean(),
  site: z.string(),
  pc: z.string(),
  broker: z.enum(['off', 'connecting', 'online', 'offline']),
  /** Why the broker is not reachable, in words. */
  reason: z.string().optional(),
  /**
   * Another PC joined the site under this PC's name: the two overwrite each other's state
   * on the broker. In words, for a notice on every window of both PCs.
   */
  conflict: z.string().optional(),
  pcs: z.array(SitePc),
});
export type SiteState = z.infer<typeof SiteState>;

const MonitorKey = z.string().regex(/^(?:[0-9]|1[0-5])$/);

/** Show these views on these monitors of a PC (a camera: one view; a saved wall: a view per monitor). */
export const SitePushRequest = z
  .object({
    pc: SiteName,
    monitors: z.record(MonitorKey, MonitorView).refine((monitors) => Object.keys(monitors).length > 0, 'name at least one monitor'),
    /** What is sent, in words for the target's operator ("Camera Gate", "Wall Night shift"). */
    label: z.string().trim().min(1).max(200),
  })
  .strict();
export type SitePushRequest = z.infer<typeof SitePushRequest>;

/** A push's outcome: the monitors named that have no window there were not sent (said to the operator). */
export const SitePushResult = z.object({ withoutWindow: z.array(z.number().int().min(0).max(15)) });
export type SitePushResult = z.infer<typeof SitePushResult>;

/** Something another PC put on this PC's monitors: the target's windows say who sent what. */
export const SitePushed = z.object({
  from: z.string(),
  label: z.string(),
  monitors: z.array(z.number().int().min(0).max(15)),
  at: z.number(),
});
export type SitePushed = z.infer<typeof SitePushed>;
