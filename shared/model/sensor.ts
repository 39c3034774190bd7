import { z } from 'zod';
import { Severity } from './event';

/**
 * Sensors of the sensor bridge: door controllers, smoke detectors, motion sensors... Each
 * listens on a source (an MQTT topic of a broker, or a webhook path), turns each payload
 * into an event (the mapping), and is associated with cameras of any server: every event
 * becomes an event on each of those cameras' VMS, and an alert in Tessera.
 */

export const SensorId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"');

/** A JSON path as a dotted reader takes it: `after.id`, `data.door_info.name`, `items[0].id`. */
export const JsonPath = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_$-]+(\[\d+\])*(\.[A-Za-z0-9_$-]+(\[\d+\])*)*$/, 'a dotted path such as after.id or data.items[0].name');

export const MqttSource = z
  .object({
    kind: z.literal('mqtt'),
    /** `mqtt://host:1883`, `mqtts://host:8883` (TLS), `ws://`/`wss://`. */
    url: z.url({ protocol: /^(mqtts?|wss?)$/, error: 'must be an mqtt://, mqtts://, ws:// or wss:// URL' }),
    /** An MQTT topic filter (`+` and `#` allowed): `frigate/events`, `site/doors/+/state`. */
    topic: z.string().trim().min(1).max(500),
    username: z.string().max(200).optional(),
    /** Sealed at rest; never sent to a window. */
    password: z.string().max(500).optional(),
    /** A broker whose TLS certificate is self-signed: accepted only when this is false. */
    verifyTls: z.boolean().default(true),
  })
  .strict();
export type MqttSource = z.infer<typeof MqttSource>;

export const WebhookSource = z
  .object({
    kind: z.literal('webhook'),
    /** The path on the bridge's webhook port: `/hooks/genea`. */
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._~/-]*$/, 'a path such as /hooks/doors')
      .max(200),
    /**
     * How a request proves it comes from the sensor: `sha256` an `X-Signature-256: sha256=<hex>`
     * header (HMAC-SHA256 of the body), `sequr` Genea's `x-sequr-signature: sha1=<hex>`.
     */
    signature: z.enum(['sha256', 'sequr']).default('sha256'),
    /** The shared secret of the signature; sealed at rest. */
    secret: z.string().min(1).max(500).optional(),
  })
  .strict();
export type WebhookSource = z.infer<typeof WebhookSource>;

export const SensorSource = z.discriminatedUnion('kind', [MqttSource, WebhookSource]);
export type SensorSource = z.infer<typeof SensorSource>;

/**
 * Presets of the mapping: Frigate's `frigate/events` and `frigate/reviews` change feeds
 * (docs.frigate.video/integrations/mqtt: `{type: new|update|end, before, after}` with one
 * `after.id` across new, update and end), and a plain JSON object.
 */
export const MappingPreset = z.enum(['json', 'frigate-events', 'frigate-reviews']);
export type MappingPreset = z.infer<typeof MappingPreset>;

/** How a payload becomes an event; paths left out take the preset's. */
export const SensorMapping = z
  .object({
    preset: MappingPreset.default('json'),
    /** The sensor's own id of the event (dedupe); without one, the payload's hash. */
    id: JsonPath.optional(),
    /** The event's time: epoch seconds or ms, or an ISO text; without one, when it arrived. */
    time: JsonPath.optional(),
    /** The event type read from the payload (`door.forced`); `type` names it when the payload does not. */
    typePath: JsonPath.optional(),
    type: z.string().trim().min(1).max(100).optional(),
    /** Words for the alert list; `{field}` is replaced by a payload value. */
    label: z.string().trim().min(1).max(200).optional(),
    severity: Severity.optional(),
    /** The metadata passed on; without a list, every field of the payload. */
    metadata: z.array(JsonPath).max(50).optional(),
    /** Only payloads whose value at this path equals `onlyValue` become events (Frigate: `type` = `new`). */
    onlyPath: JsonPath.optional(),
    onlyValue: z.string().max(200).optional(),
  })
  .strict();
export type SensorMapping = z.infer<typeof SensorMapping>;

export const SensorCamera = z.object({ serverId: z.string().min(1), cameraId: z.string().min(1) }).strict();
export type SensorCamera = z.infer<typeof SensorCamera>;

/** Which event each VMS gets, by vendor: VXG an event name, EEN v3 a supported type, Milestone a user-defined event's id. */
export const SensorTargets = z
  .object({
    vxg: z.string().trim().min(1).max(100).optional(),
    een: z.string().trim().min(1).max(100).optional(),
    milestone: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type SensorTargets = z.infer<typeof SensorTargets>;

export const SensorConfig = z
  .object({
    id: SensorId,
    name: z.string().trim().min(1).max(200),
    source: SensorSource,
    cameras: z.array(SensorCamera).max(64).default([]),
    mapping: SensorMapping.default({ preset: 'json' }),
    targets: SensorTargets.default({}),
    enabled: z.boolean().default(true),
  })
  .strict();
export type SensorConfig = z.infer<typeof SensorConfig>;
export type SensorConfigInput = z.input<typeof SensorConfig>;

/** The `sensors` section of the deployment file. */
export const SensorsSection = z
  .object({
    /** HTTP webhooks listen on this port (0: none); loopback unless `webhookHost` says otherwise. */
    webhookPort: z.number().int().min(0).max(65535).default(0),
    webhookHost: z.string().min(1).default('127.0.0.1'),
    /** A webhook signed longer ago than this (its timestamp header) is refused as a replay. */
    replayWindowSeconds: z.number().int().min(10).max(86_400).default(300),
    /**
     * Bridges sharing this name split each topic's messages through MQTT shared
     * subscriptions (`$share/<group>/<topic>`): run several headless bridges on one broker.
     */
    shareGroup: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/)
      .max(64)
      .optional(),
    list: z
      .array(SensorConfig)
      .default([])
      .superRefine((sensors, ctx) => {
        const seen = new Set<string>();
        sensors.forEach((sensor, index) => {
          if (seen.has(sensor.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate sensor id "${sensor.id}"` });
          seen.add(sensor.id);
        });
      }),
  })
  .strict();
export type SensorsSection = z.infer<typeof SensorsSection>;

/** One target's queue as the Sensors panel shows it. */
export const TargetQueue = z.object({
  serverId: z.string(),
  serverName: z.string(),
  /** `local`: the VMS takes no events (IVMS Pro): they live in Tessera's journal only. */
  mode: z.enum(['vms', 'local']),
  pending: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  delivered: z.number().int().nonnegative(),
  /** Why the head of the queue waits, or why the last failure failed. */
  reason: z.string().optional(),
  lastDeliveredAt: z.number().optional(),
});
export type TargetQueue = z.infer<typeof TargetQueue>;

/** A sensor as the panel shows it: its settings (never a password) and its health. */
export const SensorStatus = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string(),
  sourceKind: z.enum(['mqtt', 'webhook']),
  connected: z.boolean(),
  reason: z.string().optional(),
  lastEventAt: z.number().optional(),
  events: z.number().int().nonnegative(),
  cameras: z.array(SensorCamera),
  /** From the deployment file: shown, not edited. */
  managed: z.boolean(),
  enabled: z.boolean(),
});
export type SensorStatus = z.infer<typeof SensorStatus>;

export const SensorsState = z.object({ sensors: z.array(SensorStatus), queues: z.array(TargetQueue) });
export type SensorsState = z.infer<typeof SensorsState>;

/** A sensor as the dialog edits it: secrets left empty keep the stored ones. */
export const SensorDraft = SensorConfig;
export type SensorDraft = z.input<typeof SensorDraft>;

/** What the dialog reads back: a sensor with its secrets replaced by whether it has one. */
export const SensorSettings = z.object({
  config: SensorConfig,
  hasPassword: z.boolean(),
  hasSecret: z.boolean(),
  managed: z.boolean(),
});
export type SensorSettings = z.infer<typeof SensorSettings>;
