import { z } from 'zod';
import type { VendorModule } from '../vendor';
import { BASE_SERVER_FIELDS, HttpUrl, TimeZone } from '../server-base';
import { IvmsAdapter } from './ivms-adapter';

export const IvmsServerConfig = z
  .object({
    ...BASE_SERVER_FIELDS,
    type: z.literal('ivms'),
    url: HttpUrl,
    /** The standby ("redundant VMS") API server to fail over to. */
    redundantUrl: HttpUrl.optional(),
    /**
     * Other origins that may receive the credentials: a separate media server behind the
     * same authenticating proxy. Credentials go to the exact origins listed here and in the
     * two URLs above, nowhere else a playlist points.
     */
    mediaUrls: z.array(HttpUrl).max(8).default([]),
    pathPrefix: z.string().default(''),
    /** Zone the server writes event times in (they carry none). Default: this machine's. */
    timeZone: TimeZone.optional(),
    /**
     * Basic authentication for deployments that put the API behind a reverse proxy (IVMS
     * itself has none). Servers added in the UI keep their password encrypted in
     * `servers.json`; one given here is as safe as this file is.
     */
    username: z.string().min(1).max(200).regex(/^[^:]*$/, 'cannot contain ":" (HTTP Basic authentication)').optional(),
    password: z.string().min(1).max(500).optional(),
    /** How long the server keeps a session without keepalive (undocumented; 60 s seen). */
    sessionTimeoutMs: z.number().int().min(2000).max(3_600_000).default(60_000),
    /** Keepalives are sent at this fraction of the session timeout. */
    keepaliveFraction: z.number().min(0.05).max(0.9).default(1 / 3),
    /** Overrides sessionTimeoutMs × keepaliveFraction (kept from the first config format). */
    keepaliveIntervalMs: z.number().int().min(500).max(600_000).optional(),
    statusOnlineValue: z.union([z.literal(0), z.literal(1)]).default(1),
    /** An event socket silent for this long (no message, no pong) is taken as dead. */
    eventIdleTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
    /** While on the standby, how often the primary is probed to move back. */
    failbackProbeMs: z.number().int().min(1000).max(600_000).default(10_000),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.password !== undefined && config.username === undefined) ctx.addIssue({ code: 'custom', path: ['username'], message: 'enter the user name that goes with the password' });
  });
export type IvmsServerConfig = z.infer<typeof IvmsServerConfig>;

/** The keepalive period of a server's sessions. */
export function keepaliveIntervalMs(config: IvmsServerConfig): number {
  return config.keepaliveIntervalMs ?? Math.round(config.sessionTimeoutMs * config.keepaliveFraction);
}

/**
 * The alert types of the IVMS Pro TS API v1.5.1 that the document and integrators name
 * (`alertType` of `/notification`). Others arrive with their own `alertMessage`.
 */
const IVMS_EVENT_TYPES: Readonly<Record<string, string>> = {
  '201': 'Intrusion',
  '202': 'Loitering',
  '203': 'Crowd',
  '209': 'Activity detection',
  '210': 'Camera tampering',
  '601': 'Camera offline',
  '602': 'Camera online again',
};

export const ivmsVendor: VendorModule<IvmsServerConfig> = {
  kind: 'ivms',
  label: 'Videonetics IVMS Pro',
  schema: IvmsServerConfig,
  secretKeys: ['password'],
  form: [
    { key: 'url', label: 'URL of the API server', kind: 'url', required: true, placeholder: 'http://10.0.0.5:8080' },
    { key: 'pathPrefix', label: 'Path prefix', kind: 'text', required: false, placeholder: 'e.g. /V-Pro-IVMS-APIServer (if any)' },
    { key: 'redundantUrl', label: 'Redundant URL (standby server)', kind: 'url', required: false, placeholder: 'none' },
    { key: 'timeZone', label: 'Time zone of the server', kind: 'timezone', required: false },
    { key: 'username', label: 'User name (where a proxy asks for one)', kind: 'text', required: false },
    { key: 'password', label: 'Password', kind: 'secret', required: false, requires: 'username' },
    {
      key: 'mediaUrls',
      label: 'Media server URLs that may receive the password (one per line)',
      kind: 'list',
      required: false,
      placeholder: 'e.g. http://10.0.0.5:8081 — only where a separate media server asks for the same password',
    },
  ],
  eventTypes: IVMS_EVENT_TYPES,
  secretOrigins: (config) => [config.url, config.redundantUrl, ...config.mediaUrls].filter((url): url is string => url !== undefined),
  summary: (config) => config.url,
  testTargets: (config) => {
    const targets = [{ label: 'primary server', config: { ...config, redundantUrl: undefined } }];
    if (config.redundantUrl !== undefined) targets.push({ label: 'standby (redundant URL)', config: { ...config, url: config.redundantUrl, redundantUrl: undefined } });
    return targets;
  },
  createAdapter: (config, deps) =>
    new IvmsAdapter({
      url: config.url,
      redundantUrl: config.redundantUrl,
      mediaUrls: config.mediaUrls,
      pathPrefix: config.pathPrefix,
      keepaliveIntervalMs: keepaliveIntervalMs(config),
      requestTimeoutMs: config.requestTimeoutMs,
      statusOnlineValue: config.statusOnlineValue,
      timeZone: config.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      eventIdleTimeoutMs: config.eventIdleTimeoutMs,
      failbackProbeMs: config.failbackProbeMs,
      credentials: config.username === undefined ? undefined : { username: config.username, password: config.password ?? '' },
      fetch: deps.fetch,
      clock: deps.clock,
      log: deps.log,
    }),
};
