import { z } from 'zod';
import { BASE_SERVER_FIELDS, HttpUrl } from '../server-base';
import type { VendorModule } from '../vendor';
import { EenLegacyAdapter } from './een-adapter';
import { EenV3Adapter } from './een-v3-adapter';
import { EenV3Tokens } from './een-v3-tokens';
import { exchangeCode, startSignIn } from './een-oauth';

export const EEN_LOGIN_URL = 'https://login.eagleeyenetworks.com';
/** Eagle Eye's OAuth host for API v3 (EEN-V3 Agent Skills een-api/01-authenticate.md). */
export const EEN_AUTH_URL = 'https://auth.eagleeyenetworks.com';

export const EenServerConfig = z
  .object({
    ...BASE_SERVER_FIELDS,
    type: z.literal('een'),
    /** Which Eagle Eye API: `legacy` (`/g/...`, user name and password) or `v3` (OAuth). */
    api: z.enum(['legacy', 'v3']).default('legacy'),
    /** Where sign-in starts. */
    loginUrl: HttpUrl.default(EEN_LOGIN_URL),
    /**
     * Where API calls go after sign-in. Left out, Eagle Eye's brand subdomain host
     * (`https://<active_brand_subdomain>.eagleeyenetworks.com`) is used; set it for a private
     * deployment or a simulator, which serve no such subdomains.
     */
    apiUrl: HttpUrl.optional(),
    username: z.string().trim().min(1).max(320).optional(),
    password: z.string().min(1).max(1000).optional(),
    /** v3: the OAuth host (`/oauth2/authorize`, `/oauth2/token`). */
    authUrl: HttpUrl.default(EEN_AUTH_URL),
    /** v3: the application's OAuth client. */
    clientId: z.string().trim().min(1).max(200).optional(),
    clientSecret: z.string().min(1).max(1000).optional(),
    /**
     * v3: the refresh token of a completed sign-in, for deployments without a browser; left
     * out, the operator signs in from the Servers dialog ("Sign in…"). Rotated ones are sealed
     * into the secrets file and win at the next start.
     */
    refreshToken: z.string().min(1).max(4000).optional(),
    /**
     * v3: what live tiles show — `main`, the main stream (HLS), or `preview`, the preview
     * images (about one a second, a fraction of the bandwidth), one stream per camera for
     * every tile and monitor.
     */
    liveTiles: z.enum(['main', 'preview']).default('main'),
    /** How long a camera's preview fetcher outlives its last viewer. */
    previewLingerMs: z.number().int().min(0).max(600_000).default(3000),
  })
  .strict()
  .superRefine((config, ctx) => {
    const need = config.api === 'legacy' ? (['username', 'password'] as const) : (['clientId', 'clientSecret'] as const);
    for (const key of need) if (config[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `the ${config.api} API needs ${key}` });
  });
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

/** API v3 event types this version subscribes to, in words (events_category.yaml of EENCloud/VMS-Developer-Portal). */
const EEN_V3_EVENT_TYPES: Readonly<Record<string, string>> = {
  'een.motionDetectionEvent.v1': 'Motion',
  'een.motionInRegionDetectionEvent.v1': 'Motion in region',
  'een.personDetectionEvent.v1': 'Person detected',
  'een.vehicleDetectionEvent.v1': 'Vehicle detected',
  'een.objectIntrusionEvent.v1': 'Intrusion',
  'een.objectLineCrossEvent.v1': 'Line crossing',
  'een.loiterDetectionEvent.v1': 'Loitering',
  'een.objectRemovalEvent.v1': 'Object removed',
  'een.tamperDetectionEvent.v1': 'Camera tampering',
  'een.deviceCloudStatusUpdateEvent.v1': 'Camera status changed',
};

export function eenEventLabel(code: string): string {
  return EEN_EVENT_TYPES[code] ?? EEN_V3_EVENT_TYPES[code] ?? code;
}

export const eenVendor: VendorModule<EenServerConfig> = {
  kind: 'een',
  label: 'Eagle Eye Networks',
  schema: EenServerConfig,
  secretKeys: ['password', 'clientSecret', 'refreshToken'],
  form: [
    {
      key: 'api',
      label: 'API',
      kind: 'choice',
      required: true,
      choices: [
        { value: 'legacy', label: 'legacy API (user name and password; preview images)' },
        { value: 'v3', label: 'API v3 (OAuth; HLS main streams or preview images)' },
      ],
    },
    { key: 'loginUrl', label: 'Login URL', kind: 'url', required: true, placeholder: EEN_LOGIN_URL, when: { key: 'api', equals: 'legacy' } },
    { key: 'username', label: 'User name (e-mail)', kind: 'text', required: true, when: { key: 'api', equals: 'legacy' } },
    { key: 'password', label: 'Password', kind: 'secret', required: true, requires: 'username', when: { key: 'api', equals: 'legacy' } },
    { key: 'authUrl', label: 'OAuth URL', kind: 'url', required: true, placeholder: EEN_AUTH_URL, when: { key: 'api', equals: 'v3' } },
    { key: 'clientId', label: 'Client id', kind: 'text', required: true, when: { key: 'api', equals: 'v3' } },
    { key: 'clientSecret', label: 'Client secret', kind: 'secret', required: true, requires: 'clientId', when: { key: 'api', equals: 'v3' } },
    {
      key: 'liveTiles',
      label: 'Live tiles',
      kind: 'choice',
      required: true,
      choices: [
        { value: 'main', label: 'main stream (HLS video)' },
        { value: 'preview', label: 'preview images (low bandwidth)' },
      ],
      when: { key: 'api', equals: 'v3' },
      help: 'Main stream: full-rate video (HLS). Preview images: about one a second per camera, fetched once per camera however many tiles and monitors show it.',
    },
    {
      key: 'refreshToken',
      label: 'Refresh token (only without a browser)',
      kind: 'secret',
      required: false,
      requires: 'clientId',
      when: { key: 'api', equals: 'v3' },
      help: 'Leave empty and save, then use Sign in… on the server’s row: Eagle Eye’s own page asks you.',
    },
    {
      key: 'apiUrl',
      label: 'API URL (private deployments only)',
      kind: 'url',
      required: false,
      placeholder: 'the account’s own API host',
      help: 'Leave empty for Eagle Eye’s cloud: the API host comes from the sign-in.',
    },
  ],
  notes: [
    'Legacy API: tiles show each camera’s preview images (about one a second), fetched once per camera however many tiles and monitors show it. API v3: tiles play the main stream (HLS video), or those preview images where Live tiles says so.',
    'A user with preview rights only is enough; users who sign in with two-factor authentication cannot be used by a wall.',
    'API v3: after saving, Sign in… on the server’s row opens Eagle Eye’s sign-in page in the browser, which comes back to this app’s /oauth/callback address: your Eagle Eye application must list that address as a redirect URI.',
  ],
  eventTypes: { ...EEN_EVENT_TYPES, ...EEN_V3_EVENT_TYPES },
  secretOrigins: (config) => (config.api === 'legacy' ? [config.loginUrl] : [config.authUrl]),
  summary: (config) => (config.api === 'legacy' ? `${config.username ?? ''} · ${new URL(config.apiUrl ?? config.loginUrl).host}` : `API v3 · ${new URL(config.apiUrl ?? config.authUrl).host}`),
  testTargets: (config) => [{ label: 'server', config }],
  browserSignIn: {
    applies: (config) => config.api === 'v3',
    start: (config, redirectUri) => {
      const started = startSignIn({ authUrl: config.authUrl, clientId: config.clientId ?? '', redirectUri });
      return { authorizeUrl: started.authorizeUrl, state: started.state, verifier: started.codeVerifier };
    },
    finish: async (config, { code, redirectUri, verifier }, fetch) => {
      const { refreshToken } = await exchangeCode({ authUrl: config.authUrl, clientId: config.clientId ?? '', clientSecret: config.clientSecret ?? '', code, redirectUri, codeVerifier: verifier, timeoutMs: config.requestTimeoutMs, fetch });
      return { refreshToken };
    },
  },
  createAdapter: (config, deps) => {
    if (config.api === 'v3') {
      const tokens = new EenV3Tokens({
        authUrl: config.authUrl,
        clientId: config.clientId ?? '',
        clientSecret: config.clientSecret ?? '',
        refreshToken: config.refreshToken ?? '',
        apiUrl: config.apiUrl,
        secrets: deps.secrets,
        fetch: deps.fetch,
        clock: deps.clock,
        log: deps.log.child('oauth'),
        timeoutMs: config.requestTimeoutMs,
      });
      return new EenV3Adapter({
        tokens,
        requestTimeoutMs: config.requestTimeoutMs,
        eventTypes: Object.keys(EEN_V3_EVENT_TYPES),
        eventLabel: eenEventLabel,
        clock: deps.clock,
        fetch: deps.fetch,
        log: deps.log,
        liveTiles: config.liveTiles,
        previewLingerMs: config.previewLingerMs,
      });
    }
    return new EenLegacyAdapter({
      credentials: { loginUrl: config.loginUrl, apiUrl: config.apiUrl, username: config.username ?? '', password: config.password ?? '' },
      requestTimeoutMs: config.requestTimeoutMs,
      eventCodes: Object.keys(EEN_EVENT_TYPES),
      eventLabel: eenEventLabel,
      previewLingerMs: config.previewLingerMs,
      fetch: deps.fetch,
      clock: deps.clock,
      log: deps.log,
    });
  },
};
