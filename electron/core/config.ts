import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ServerConfig } from '../vms/registry';
import { DeploymentWall } from './walls/deployment-walls';
import { SiteConfig } from '../site/site-config';
import { SensorsSection } from '../../shared/model/sensor';

/**
 * The deployment file given with `--config`. It only ever grows: new fields are
 * optional with defaults, so a file written for an older Tessera keeps loading.
 */

export { ServerConfig };

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
    /**
     * The id of one of `walls`: what the monitors show at this PC's first start (no view of
     * any monitor saved yet); from then on each resumes what it showed. `defaultWall` wins.
     */
    firstWall: z.string().min(1).optional(),
    /** The control room this PC belongs to: the MQTT broker that joins its PCs (electron/site/). */
    site: SiteConfig.optional(),
    /** The sensor bridge: sensors, their sources and cameras (the Sensors dialog adds more). */
    sensors: SensorsSection.default({ webhookPort: 0, webhookHost: '127.0.0.1', replayWindowSeconds: 300, list: [] }),
  })
  .strict()
  .superRefine((config, ctx) => {
    for (const key of ['defaultWall', 'firstWall'] as const) {
      const id = config[key];
      if (id !== undefined && !config.walls.some((wall) => wall.id === id)) ctx.addIssue({ code: 'custom', path: [key], message: `no wall "${id}" in walls` });
    }
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
