import { z } from 'zod';
import { MonitorView } from '../../shared/model/wall';
import { SiteMonitor, SiteName } from '../../shared/model/site';

/**
 * The site protocol: what Tessera PCs say to each other through the broker. Every topic
 * is under `tessera/<site>/pc/<pc>/...`, where <pc> is the PC that publishes, except a
 * command, which is published into the target's subtree under the sender's name:
 *
 *   tessera/<site>/pc/<pc>/presence            retained; the MQTT last will says "offline"
 *   tessera/<site>/pc/<pc>/monitors            retained; what each monitor shows
 *   tessera/<site>/pc/<target>/cmd/<sender>    QoS 1, expires after a minute (a push)
 *   tessera/<site>/pc/<pc>/ack/<alert key>     retained, QoS 1, expires after the horizon
 *
 * The sender's name is a topic level, not a payload field, so a broker ACL can pin it to
 * the client's user name (`pattern write tessera/+/pc/+/cmd/%u`): a PC cannot push in
 * another PC's name, nor acknowledge in it. Payloads are JSON checked by these schemas;
 * anything else is dropped.
 */

export const TOPIC_ROOT = 'tessera';

export function siteTopics(site: string, pc: string) {
  const base = `${TOPIC_ROOT}/${site}/pc`;
  return {
    presence: (of = pc) => `${base}/${of}/presence`,
    monitors: (of = pc) => `${base}/${of}/monitors`,
    command: (target: string) => `${base}/${target}/cmd/${pc}`,
    ack: (key: string) => `${base}/${pc}/ack/${key}`,
    /** What this PC listens to. */
    subscriptions: [`${base}/+/presence`, `${base}/+/monitors`, `${base}/${pc}/cmd/+`, `${base}/+/ack/+`],
  };
}

export type SiteTopic = { kind: 'presence' | 'monitors'; pc: string } | { kind: 'command'; target: string; sender: string } | { kind: 'ack'; pc: string; key: string };

/** Reads a topic of this site; undefined for anything else. */
export function parseTopic(site: string, topic: string): SiteTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== TOPIC_ROOT || parts[1] !== site || parts[2] !== 'pc') return undefined;
  const pc = parts[3];
  if (pc === undefined || !SiteName.safeParse(pc).success) return undefined;
  if (parts.length === 5 && (parts[4] === 'presence' || parts[4] === 'monitors')) return { kind: parts[4], pc };
  if (parts.length === 6 && parts[4] === 'cmd' && parts[5] !== undefined && SiteName.safeParse(parts[5]).success) return { kind: 'command', target: pc, sender: parts[5] };
  if (parts.length === 6 && parts[4] === 'ack' && parts[5] !== undefined && /^[0-9a-f]{32}$/.test(parts[5])) return { kind: 'ack', pc, key: parts[5] };
  return undefined;
}

export const Presence = z.object({
  online: z.boolean(),
  at: z.number(),
  acceptPushFrom: z.array(SiteName).nullable().default(null),
  /** The publishing install's id: two installs under one PC name are a misconfiguration both are told of. */
  instance: z.string().min(1).max(64).optional(),
  /** Said in answer to a presence under this PC's own name from another install (never answered itself). */
  answer: z.boolean().optional(),
});
export type Presence = z.infer<typeof Presence>;

export const MonitorsMessage = z.object({ at: z.number(), monitors: z.array(SiteMonitor).max(16) });
export type MonitorsMessage = z.infer<typeof MonitorsMessage>;

/** A push: views for monitors of the target PC. Strict schemas: a field that is not a view (an address, a token) is refused. */
export const CommandMessage = z
  .object({
    id: z.string().min(1).max(64),
    at: z.number(),
    label: z.string().min(1).max(200),
    monitors: z.record(z.string().regex(/^(?:[0-9]|1[0-5])$/), MonitorView),
  })
  .strict();
export type CommandMessage = z.infer<typeof CommandMessage>;

/** Which alert an acknowledgement is for, the same on every PC (see electron/core/events/alert-identity.ts). */
export const AlertIdentity = z
  .object({
    key: z.string().regex(/^[0-9a-f]{32}$/),
    serverId: z.string().min(1).max(200),
    cameraId: z.string().max(200).optional(),
    type: z.string().min(1).max(200),
    time: z.number(),
    vendorEventId: z.string().max(200).optional(),
  })
  .strict();
export type AlertIdentity = z.infer<typeof AlertIdentity>;

export const AckMessage = z
  .object({
    alert: AlertIdentity,
    by: z.string().min(1).max(200),
    at: z.number(),
    comment: z.string().max(2000).optional(),
  })
  .strict();
export type AckMessage = z.infer<typeof AckMessage>;

/** An acknowledgement made at a PC of the site (`pc`). */
export interface SiteAck extends AckMessage {
  readonly pc: string;
}

/** JSON in a schema, or undefined (a stranger's or a broken message is dropped, never thrown). */
export function readPayload<T extends z.ZodType>(schema: T, payload: Uint8Array): z.output<T> | undefined {
  if (payload.length === 0) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
