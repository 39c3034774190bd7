import { z } from 'zod';
import { BASE_SERVER_FIELDS, HttpUrl, StreamProfile } from '../server-base';
import type { VendorModule } from '../vendor';
import { VxgAdapter } from './vxg-adapter';
import type { VxgCredentials } from './vxg-channels';
import { decodeToken, type VxgToken } from './vxg-token';

/** A token field: checked to be a VXG token of the right kind when the configuration is read. */
const token = (kind: 'Acc' | 'SI') =>
  z
    .string()
    .trim()
    .min(8)
    .superRefine((raw, ctx) => {
      try {
        const decoded = decodeToken(raw);
        if (decoded.scheme !== kind) ctx.addIssue({ code: 'custom', message: kind === 'SI' ? 'is a channel token, not a channel-group token' : 'is a channel-group token, not a channel token' });
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    });

export const VxgServerConfig = z
  .object({
    ...BASE_SERVER_FIELDS,
    type: z.literal('vxg'),
    /** Which credential the server is given by; read from the fields present when left out. */
    credential: z.enum(['cloudKey', 'groupToken', 'accessTokens']).optional(),
    /** The account's admin API (where the cloud key is valid), e.g. https://<account>.cloud-vms.com */
    apiUrl: HttpUrl.optional(),
    /** The account's licence key, sent as `Authorization: LKey <key>` to the admin API only. */
    cloudKey: z.string().trim().min(8).max(2000).optional(),
    /** A channel group's token (`SI`): every channel of the group, with its token and status, in one call. */
    groupToken: token('SI').optional(),
    /** Channel tokens (`Acc`) handed out by an integrator's back-end, one per camera. */
    accessTokens: z.array(token('Acc')).min(1).max(1000).optional(),
    /** How often events are read (VXG has no push for API clients). */
    eventPollMs: z.number().int().min(1000).max(600_000).default(3000),
    /**
     * One size: VXG's HLS names the channel's streams as variants of one playlist, and the
     * tile's player picks the one that fits it; asking again per tile size is not needed.
     */
    streamProfiles: z.array(StreamProfile).min(1).default([{ width: 1920, height: 1080 }]),
  })
  .strict()
  .superRefine((config, ctx) => {
    const given = (['cloudKey', 'groupToken', 'accessTokens'] as const).filter((key) => config[key] !== undefined);
    if (given.length === 0) ctx.addIssue({ code: 'custom', path: ['cloudKey'], message: 'give a cloud key (with apiUrl), a groupToken or accessTokens' });
    if (given.length > 1) ctx.addIssue({ code: 'custom', path: [given[1] ?? 'cloudKey'], message: `give one credential, not ${given.join(' and ')}` });
    if (config.credential !== undefined && given.length === 1 && given[0] !== config.credential) ctx.addIssue({ code: 'custom', path: [config.credential], message: `enter the ${CREDENTIAL_WORDS[config.credential]}` });
    if (config.cloudKey !== undefined && config.apiUrl === undefined) ctx.addIssue({ code: 'custom', path: ['apiUrl'], message: 'the cloud key needs the URL of the account\'s API' });
  });
export type VxgServerConfig = z.infer<typeof VxgServerConfig>;

const CREDENTIAL_WORDS = { cloudKey: 'cloud key', groupToken: 'channel-group token', accessTokens: 'channel tokens' } as const;

/** VXG's event names this version knows, in words (VXG samples and help pages; others are shown as VXG names them). */
const VXG_EVENT_TYPES: Readonly<Record<string, string>> = {
  motion: 'Motion',
  sound: 'Sound',
  intrusion: 'Intrusion',
  tripwire: 'Line crossing',
  loitering: 'Loitering',
  tampering: 'Camera tampering',
  abandoned_object: 'Abandoned object',
  crowd: 'Crowd',
  object_and_scene_detection: 'Object detected',
  network: 'Network',
  custom_event: 'Custom event',
};

export function vxgEventLabel(name: string): string {
  return VXG_EVENT_TYPES[name] ?? name.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
}

export function credentialsOf(config: VxgServerConfig): VxgCredentials {
  if (config.cloudKey !== undefined && config.apiUrl !== undefined) return { kind: 'cloudKey', apiUrl: config.apiUrl, cloudKey: config.cloudKey };
  if (config.groupToken !== undefined) return { kind: 'groupToken', token: decodeToken(config.groupToken) };
  return { kind: 'accessTokens', tokens: (config.accessTokens ?? []).map((raw): VxgToken => decodeToken(raw)) };
}

export const vxgVendor: VendorModule<VxgServerConfig> = {
  kind: 'vxg',
  label: 'VXG Cloud VMS',
  schema: VxgServerConfig,
  secretKeys: ['cloudKey', 'groupToken', 'accessTokens'],
  form: [
    {
      key: 'credential',
      label: 'Signs in with',
      kind: 'choice',
      required: true,
      choices: [
        { value: 'cloudKey', label: 'the account’s cloud key (all its cameras; can add cameras)' },
        { value: 'groupToken', label: 'a channel-group token (the group’s cameras)' },
        { value: 'accessTokens', label: 'channel tokens (one per camera)' },
      ],
    },
    { key: 'apiUrl', label: 'URL of the account’s API', kind: 'url', required: true, placeholder: 'https://<account>.cloud-vms.com', when: { key: 'credential', equals: 'cloudKey' } },
    { key: 'cloudKey', label: 'Cloud key', kind: 'secret', required: true, placeholder: 'v3.…', when: { key: 'credential', equals: 'cloudKey' } },
    { key: 'groupToken', label: 'Channel-group token', kind: 'secret', required: true, when: { key: 'credential', equals: 'groupToken' } },
    { key: 'accessTokens', label: 'Channel tokens (one per line)', kind: 'secret-list', required: true, when: { key: 'credential', equals: 'accessTokens' } },
  ],
  notes: ['Keys and tokens stay in Tessera’s core, sealed on disk; the wall only ever sees video through the core.'],
  eventTypes: VXG_EVENT_TYPES,
  secretOrigins: (config) => {
    const credentials = credentialsOf(config);
    if (credentials.kind === 'cloudKey') return [credentials.apiUrl];
    if (credentials.kind === 'groupToken') return [credentials.token.baseUrl];
    return credentials.tokens.map((token) => token.baseUrl);
  },
  summary: (config) => {
    const credentials = credentialsOf(config);
    if (credentials.kind === 'cloudKey') return credentials.apiUrl;
    if (credentials.kind === 'groupToken') return `channel group · ${new URL(credentials.token.baseUrl).host}`;
    return `${credentials.tokens.length} channel token${credentials.tokens.length === 1 ? '' : 's'}`;
  },
  testTargets: (config) => [{ label: 'server', config }],
  createAdapter: (config, deps) =>
    new VxgAdapter({
      credentials: credentialsOf(config),
      requestTimeoutMs: config.requestTimeoutMs,
      eventPollMs: config.eventPollMs,
      eventLabel: vxgEventLabel,
      fetch: deps.fetch,
      clock: deps.clock,
      log: deps.log,
    }),
};
