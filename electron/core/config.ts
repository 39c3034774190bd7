import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DeploymentWall } from './walls/deployment-walls';

/**
 * The deployment file given with `--config`. It only ever grows: new fields are
 * optional with defaults, so a file written for an older Tessera keeps loading.
 */

const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"');

// A password in the address would reach every window with the server's settings, and the
// fetch API refuses such URLs anyway ("Network error"): it has fields of its own.
const HttpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .refine((address) => !/^[a-z]+:\/\/[^/?#]*@/i.test(address), { message: 'must not contain a user name or password: give them as "username" and "password"' });

const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Asia/Kolkata' },
);

export const IvmsServerConfig = z
  .object({
    id: Id,
    type: z.literal('ivms'),
    name: z.string().min(1).optional(),
    url: HttpUrl,
    /** The standby ("redundant VMS") API server to fail over to. */
    redundantUrl: HttpUrl.optional(),
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
    requestTimeoutMs: z.number().int().min(500).max(120_000).default(8000),
    statusOnlineValue: z.union([z.literal(0), z.literal(1)]).default(1),
    /**
     * The sizes the cameras' streams come in (the server picks the smallest at least as
     * large as a tile asks for); tiles ask again when a resize crosses one.
     */
    streamProfiles: z
      .array(z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).strict())
      .min(1)
      .default([
        { width: 320, height: 180 },
        { width: 1280, height: 720 },
      ]),
    /** How often camera status is polled. */
    statusPollMs: z.number().int().min(1000).max(600_000).default(10_000),
    /** Connect to the `/notification` event socket. */
    events: z.boolean().default(true),
    /** An event socket silent for this long (no message, no pong) is taken as dead. */
    eventIdleTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
    /** While on the standby, how often the primary is probed to move back. */
    failbackProbeMs: z.number().int().min(1000).max(600_000).default(10_000),
  })
  .strict();
export type IvmsServerConfig = z.infer<typeof IvmsServerConfig>;

/** The keepalive period of a server's sessions. */
export function keepaliveIntervalMs(config: IvmsServerConfig): number {
  return config.keepaliveIntervalMs ?? Math.round(config.sessionTimeoutMs * config.keepaliveFraction);
}

export const ServerConfig = z.discriminatedUnion('type', [IvmsServerConfig]);
export type ServerConfig = z.infer<typeof ServerConfig>;

/** The event journal's retention: whichever limit is reached first. */
export const JournalConfig = z
  .object({
    retentionDays: z.number().int().min(1).max(3650).default(30),
    maxMegabytes: z.number().int().min(16).max(1_000_000).default(2048),
  })
  .strict();

export const AppConfig = z
  .object({
    journal: JournalConfig.default({ retentionDays: 30, maxMegabytes: 2048 }),
    servers: z
      .array(ServerConfig)
      .default([])
      .superRefine((servers, ctx) => {
        const seen = new Set<string>();
        servers.forEach((server, index) => {
          if (seen.has(server.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate server id "${server.id}"` });
          seen.add(server.id);
        });
      }),
    /** Walls rolled out with the machine: put into the walls store at every start, replacing those with the same id. */
    walls: z
      .array(DeploymentWall)
      .default([])
      .superRefine((walls, ctx) => {
        const seen = new Set<string>();
        walls.forEach((wall, index) => {
          if (seen.has(wall.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `duplicate wall id "${wall.id}"` });
          seen.add(wall.id);
        });
      }),
    /** The id of one of `walls`: every monitor shows it at start. */
    defaultWall: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.defaultWall !== undefined && !config.walls.some((wall) => wall.id === config.defaultWall)) ctx.addIssue({ code: 'custom', path: ['defaultWall'], message: `no wall "${config.defaultWall}" in walls` });
  });
export type AppConfig = z.infer<typeof AppConfig>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates a parsed config object; the error names the offending field, e.g. `servers[0].url`. */
export function parseConfig(value: unknown, source = 'config'): AppConfig {
  const parsed = AppConfig.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${formatIssuePath(issue.path) || '(top level)'}: ${issue.message}`);
  throw new ConfigError(`Invalid ${source}:\n${lines.join('\n')}`);
}

export async function loadConfigFile(path: string): Promise<AppConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    // Windows Notepad starts a UTF-8 file with a byte order mark, which JSON.parse refuses.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseConfig(value, `config file ${path}`);
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}
