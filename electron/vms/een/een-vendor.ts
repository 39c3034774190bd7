import { z } from 'zod';
import { BASE_SERVER_FIELDS, HttpUrl } from '../server-base';
import type { VendorModule } from '../vendor';
import { EenLegacyAdapter } from './een-adapter';

export const EEN_LOGIN_URL = 'https://login.eagleeyenetworks.com';

export const EenServerConfig = z
  .object({
    ...BASE_SERVER_FIELDS,
    type: z.literal('een'),
    /** Which Eagle Eye API: `legacy` (`/g/...`, user name and password). */
    api: z.enum(['legacy']).default('legacy'),
    /** Where sign-in starts. */
    loginUrl: HttpUrl.default(EEN_LOGIN_URL),
    /**
     * Where API calls go after sign-in. Left out, Eagle Eye's brand subdomain host
     * (`https://<active_brand_subdomain>.eagleeyenetworks.com`) is used; set it for a private
     * deployment or a simulator, which serve no such subdomains.
     */
    apiUrl: HttpUrl.optional(),
    username: z.string().trim().min(1).max(320),
    password: z.string().min(1).max(1000),
    /** How long a camera's preview fetcher outlives its last viewer. */
    previewLingerMs: z.number().int().min(0).max(600_000).default(3000),
  })
  .strict();
export type EenServerConfig = z.infer<typeof EenServerConfig>;

/**
 * Four-CC event codes of the legacy poll this version asks for, in words
 * (EENCloud/api-docs source/includes/_api_poll.md, "Event Objects").
 */
const EEN_EVENT_TYPES: Readonly<Record<string, string>> = {
  EMES: 'Motion',
  ALMS: 'Motion alert',
  ALRS: 'Region alert',
  ROMS: 'Region motion',
  AEDA: 'Device alert',
  RCON: 'Camera online',
  RCOF: 'Camera offline',
  CONN: 'Camera turned on',
  COFF: 'Camera turned off',
};

export function eenEventLabel(code: string): string {
  return EEN_EVENT_TYPES[code] ?? code;
}

export const eenVendor: VendorModule<EenServerConfig> = {
  kind: 'een',
  label: 'Eagle Eye Networks',
  schema: EenServerConfig,
  secretKeys: ['password'],
  form: [
    { key: 'loginUrl', label: 'Login URL', kind: 'url', required: true, placeholder: EEN_LOGIN_URL },
    {
      key: 'apiUrl',
      label: 'API URL (private deployments only)',
      kind: 'url',
      required: false,
      placeholder: 'the account’s https://<brand>.eagleeyenetworks.com',
      help: 'Leave empty for Eagle Eye’s cloud: the brand host comes from the sign-in.',
    },
    { key: 'username', label: 'User name (e-mail)', kind: 'text', required: true },
    { key: 'password', label: 'Password', kind: 'secret', required: true, requires: 'username' },
  ],
  notes: [
    'Tiles show each camera’s preview images (about one a second), fetched once per camera however many tiles and monitors show it.',
    'A user with preview rights only is enough; users who sign in with two-factor authentication cannot be used by a wall.',
  ],
  eventTypes: EEN_EVENT_TYPES,
  secretOrigins: (config) => [config.loginUrl],
  summary: (config) => `${config.username} · ${new URL(config.apiUrl ?? config.loginUrl).host}`,
  testTargets: (config) => [{ label: 'server', config }],
  createAdapter: (config, deps) =>
    new EenLegacyAdapter({
      credentials: { loginUrl: config.loginUrl, apiUrl: config.apiUrl, username: config.username, password: config.password },
      requestTimeoutMs: config.requestTimeoutMs,
      eventCodes: Object.keys(EEN_EVENT_TYPES),
      eventLabel: eenEventLabel,
      previewLingerMs: config.previewLingerMs,
      fetch: deps.fetch,
      clock: deps.clock,
      log: deps.log,
    }),
};
