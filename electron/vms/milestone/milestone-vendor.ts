import { z } from 'zod';
import { BASE_SERVER_FIELDS, HttpUrl } from '../server-base';
import type { VendorModule } from '../vendor';
import { MilestoneAdapter } from './milestone-adapter';

export const MilestoneServerConfig = z
  .object({
    ...BASE_SERVER_FIELDS,
    type: z.literal('milestone'),
    /** The management server's address, e.g. https://xprotect.example.com: the API Gateway is under /api, its IDP under /API/IDP. */
    url: HttpUrl,
    /** A basic user (Windows users sign in with NTLM, which Tessera does not offer). */
    username: z.string().trim().min(1).max(200),
    password: z.string().min(1).max(500),
    /** How often alarms are read (the alarms REST API has no push). */
    alarmPollMs: z.number().int().min(500).max(600_000).default(3000),
    /** The webhook receiver's port, for Milestone's webhook add-on; no receiver without it (the default). */
    webhookPort: z.number().int().min(1).max(65535).optional(),
    /** Where it listens: loopback unless the Milestone server is on another machine. */
    webhookHost: z.string().min(1).default('127.0.0.1'),
    /** The secret the add-on signs with (X-Hub-Signature-256). */
    webhookSecret: z.string().min(8).max(500).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.webhookPort !== undefined && config.webhookSecret === undefined) ctx.addIssue({ code: 'custom', path: ['webhookSecret'], message: 'the webhook receiver needs the secret the add-on signs with' });
  });
export type MilestoneServerConfig = z.infer<typeof MilestoneServerConfig>;

/**
 * Event types by id → name. Motion start and stop are Milestone's own ids
 * (mipsdk-samples-protocol `EventsAndStateWebSocketApiPython/event_types.py`); every other
 * type is named as the gateway names it (`GET /eventTypes/{id}` → `displayName`).
 */
const MILESTONE_EVENT_TYPES: Readonly<Record<string, string>> = {
  '6eb95dd6-7ccc-4bce-99f8-af0d0b582d77': 'Motion Started',
  '6f55a7a7-d21c-4629-ac18-af1975e395a2': 'Motion Stopped',
  // Not Milestone's: the type Tessera gives the alarms it reads from the alarm list.
  alarm: 'Alarm',
};

function origin(url: string): string {
  return new URL(url).origin;
}

export const milestoneVendor: VendorModule<MilestoneServerConfig> = {
  kind: 'milestone',
  label: 'Milestone XProtect',
  schema: MilestoneServerConfig,
  secretKeys: ['password', 'webhookSecret'],
  form: [
    { key: 'url', label: 'Management server address', kind: 'url', required: true, placeholder: 'https://xprotect.example.com' },
    { key: 'username', label: 'Basic user', kind: 'text', required: true },
    { key: 'password', label: 'Password', kind: 'secret', required: true },
  ],
  notes: [
    'Signs in as a basic user through the API Gateway (XProtect 2023 R1 or later); Windows (NTLM) sign-in is not offered.',
    'Video comes as WebRTC straight from the gateway to the wall; the password, tokens and signalling stay in Tessera’s core.',
  ],
  eventTypes: MILESTONE_EVENT_TYPES,
  secretOrigins: (config) => [origin(config.url)],
  summary: (config) => `${config.username} @ ${new URL(config.url).host}`,
  testTargets: (config) => [{ label: 'server', config }],
  createAdapter: (config, deps) =>
    new MilestoneAdapter({
      baseUrl: origin(config.url),
      username: config.username,
      password: config.password,
      requestTimeoutMs: config.requestTimeoutMs,
      alarmPollMs: config.alarmPollMs,
      ...(config.webhookPort !== undefined && config.webhookSecret !== undefined ? { webhook: { host: config.webhookHost, port: config.webhookPort, secret: config.webhookSecret } } : {}),
      fetch: deps.fetch,
      clock: deps.clock,
      log: deps.log,
    }),
};
