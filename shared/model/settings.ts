import { z } from 'zod';
import { Severity } from './event';
import { VmsKind } from './server';

/**
 * What to do with matching events. Rules are tried in order; the first that matches
 * decides. With no match an event is an alert of normal severity, and nothing pops.
 */
export const AlertRule = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().max(80).default(''),
    match: z
      .object({
        serverId: z.string().min(1).optional(),
        /** Every server of one vendor. */
        vendor: VmsKind.optional(),
        cameraId: z.string().min(1).optional(),
        /**
         * The event type with its vendor, e.g. `ivms:201` (IVMS alertType 201), `vxg:motion`.
         * Rules of the first format named bare IVMS codes ("201"); they are read as IVMS's.
         */
        type: z
          .string()
          .min(1)
          .transform((type) => (type.includes(':') ? type : `ivms:${type}`))
          .optional(),
        /** Words to find in the event's label (case does not matter). */
        text: z.string().min(1).optional(),
      })
      .strict(),
    /** False makes matching events plain events: journaled and searchable, never alerts. */
    alert: z.boolean().default(true),
    severity: Severity.default('normal'),
    /**
     * The wall tile the camera pops onto (0-based), or null for none: a tile set aside for
     * alarms. A tile the operator is using (archive review, a playback group, a maximised
     * wall, touched in the last seconds) is left alone unless `takeTileInUse`; the alarm
     * then goes to the alarm stack. What the tile showed comes back when the alarm is
     * acknowledged or dismissed.
     */
    alarmTile: z.number().int().min(0).max(143).nullable().default(null),
    /** The monitor (0-based, as `?monitor=N`) whose tile that is: a control room's alarm screen. */
    alarmMonitor: z.number().int().min(0).max(15).default(0),
    /** Puts the alarm in the stack of recent alarms the operator steps through (beside the wall, never over a tile). */
    alarmStack: z.boolean().default(false),
    /** Takes `alarmTile` even while the operator is using it: only when a rule says so. */
    takeTileInUse: z.boolean().default(false),
    sound: z.boolean().default(false),
    flash: z.boolean().default(false),
  })
  .strict();
export type AlertRule = z.infer<typeof AlertRule>;

/**
 * Rules a fresh install starts with, so the alarm features show on the demo VMS without
 * taking the wall from its operator: an intrusion goes to the alarm stack (never onto a
 * tile) and sounds; tampering flashes the tiles that show the camera.
 */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  { id: 'intrusion', name: 'Intrusion: to the alarm stack, with sound', match: { type: 'ivms:201' }, alert: true, severity: 'critical', alarmTile: null, alarmMonitor: 0, alarmStack: true, takeTileInUse: false, sound: true, flash: true },
  { id: 'tampering', name: 'Camera tampering', match: { type: 'ivms:210' }, alert: true, severity: 'high', alarmTile: null, alarmMonitor: 0, alarmStack: false, takeTileInUse: false, sound: false, flash: true },
  { id: 'status', name: 'Camera online again: not an alert', match: { type: 'ivms:602' }, alert: false, severity: 'info', alarmTile: null, alarmMonitor: 0, alarmStack: false, takeTileInUse: false, sound: false, flash: false },
];

export const Settings = z
  .object({
    /** Who acknowledges, as the audit log records it. */
    operatorName: z.string().max(80).default(''),
    alertRules: z.array(AlertRule).max(200).default([...DEFAULT_ALERT_RULES]),
    /** Severities whose acknowledgement needs a comment. */
    commentRequiredFor: z.array(Severity).default(['critical']),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = Settings.partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
