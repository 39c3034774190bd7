import { z } from 'zod';
import { VmsKind } from '../../../shared/model/server';
import { isSupportedKind, vendorFor } from '../../vms/registry';
import type { Logger } from '../../common/logger';
import type { ProblemLog } from '../stores/problem-log';
import { loadRecovering, type Salvaged } from '../stores/recovering-load';
import type { StoreFile } from '../stores/store-file';

/** `servers.json` in the data directory: the servers added in the UI. */
export const SERVERS_FILE = 'servers';

/**
 * One server as kept on disk: its id, type and name, the plain fields of its vendor's form,
 * and its secrets sealed by the vault (never in clear), by field. Fields a newer Tessera
 * added are kept, not refused: going back a version must not drop the servers it wrote.
 * The first format kept one secret, `sealedPassword`; it is read as `sealed.password`.
 */
export const StoredServer = z
  .object({
    id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"'),
    type: VmsKind,
    name: z.string().min(1).max(80),
    sealed: z.record(z.string().min(1).max(64), z.string().min(1)).optional(),
  })
  .loose()
  .transform((server) => {
    const { sealedPassword, ...rest } = server as typeof server & { sealedPassword?: unknown };
    if (typeof sealedPassword !== 'string' || sealedPassword === '' || rest.sealed?.['password'] !== undefined) return server;
    return { ...rest, sealed: { ...rest.sealed, password: sealedPassword } };
  });
export type StoredServer = z.output<typeof StoredServer>;

const ServersFile = z
  .object({
    version: z.union([z.literal(1), z.literal(2)]).default(2),
    servers: z.array(StoredServer).default([]),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.servers.forEach((server, index) => {
      if (seen.has(server.id)) ctx.addIssue({ code: 'custom', path: ['servers', index, 'id'], message: `a second server with the id "${server.id}"` });
      seen.add(server.id);
    });
  });
type ServersFile = z.infer<typeof ServersFile>;

const EMPTY: ServersFile = { version: 2, servers: [] };

export interface ServerStoreDeps {
  readonly log: Logger;
  /** Where a damaged file is reported, for the operator. */
  readonly problems: ProblemLog;
  readonly now?: () => number;
}

/**
 * The servers added in the UI, in `servers.json`, written whole and atomically on every
 * change. A damaged file never stops the app and loses no more than the damaged part
 * (loadRecovering): a file that is not JSON is kept aside and the list starts empty; in
 * one that is, each server that validates on its own is kept. The operator is told.
 */
export class ServerStore {
  private current: ServersFile;

  private readonly now: () => number;

  constructor(
    private readonly file: StoreFile,
    deps: ServerStoreDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.current = loadRecovering({
      file,
      label: 'servers',
      schema: ServersFile,
      fresh: () => EMPTY,
      freshStart: 'the servers added in the UI are not loaded (the deployment file\'s still are)',
      salvage: salvageServers,
      problems: deps.problems,
      log: deps.log,
      now: deps.now ?? Date.now,
    });
    const unused = this.current.servers.flatMap((server) => {
      const unknown = unknownFields(server);
      return unknown.length > 0 ? [`"${server.name}" (${unknown.join(', ')})`] : [];
    });
    if (unused.length > 0) {
      // A newer Tessera's fields, or a setting mistyped by hand: not used here. The operator
      // is told, and the file as it was is kept aside before it is rewritten without them.
      let backup: string | undefined;
      try {
        backup = file.keepAside('newer', false, (deps.now ?? Date.now)());
      } catch (error) {
        deps.log.error('could not keep servers.json aside', { error });
      }
      deps.problems.report({
        message: `Servers in ${file.path} have fields this version of Tessera does not use: ${unused.join('; ')}. They are left out here${backup ? `; the file as it was is kept as ${backup}` : ''}.`,
        ...(backup ? { backup } : {}),
      });
      // Written without them, as the walls store does: said once, with the copy to go back to.
      this.save(this.current.servers.map(withoutUnknownFields));
    }
  }

  /** Keeps a copy of the file as it is now, e.g. before a server in it that cannot run is left out; its path. */
  keepCopy(kind: string): string | undefined {
    try {
      return this.file.keepAside(kind, false, this.now());
    } catch {
      return undefined;
    }
  }

  /** Leaves out servers that cannot run and secrets that cannot be opened (after `keepCopy`). */
  leaveOut(servers: readonly string[], secrets: ReadonlyMap<string, readonly string[]>): void {
    if (servers.length === 0 && secrets.size === 0) return;
    const kept = this.current.servers
      .filter((server) => !servers.includes(server.id))
      .map((server) => {
        const drop = secrets.get(server.id);
        if (!drop || !server.sealed) return server;
        const sealed = Object.fromEntries(Object.entries(server.sealed).filter(([key]) => !drop.includes(key)));
        const { sealed: _old, ...rest } = server;
        return Object.keys(sealed).length > 0 ? { ...rest, sealed } : rest;
      });
    this.save(kept);
  }

  list(): readonly StoredServer[] {
    return this.current.servers;
  }

  get(id: string): StoredServer | undefined {
    return this.current.servers.find((server) => server.id === id);
  }

  /** Adds a server, or replaces the one with its id in place; saved before it returns. */
  put(server: StoredServer): void {
    const checked = StoredServer.parse(server);
    const servers = this.current.servers;
    const index = servers.findIndex((candidate) => candidate.id === checked.id);
    this.save(index < 0 ? [...servers, checked] : servers.map((candidate, at) => (at === index ? checked : candidate)));
  }

  remove(id: string): boolean {
    const servers = this.current.servers.filter((server) => server.id !== id);
    if (servers.length === this.current.servers.length) return false;
    this.save(servers);
    return true;
  }

  private save(servers: StoredServer[]): void {
    const next: ServersFile = { version: 2, servers };
    this.file.write(next);
    this.current = next;
  }
}

/**
 * What the file holds, without repairing or reporting anything (the store reads it again):
 * absent, servers, no servers, or damaged (not JSON, not an object, or not valid).
 */
export function storedServersState(file: StoreFile): 'missing' | 'servers' | 'empty' | 'damaged' {
  const content = file.read();
  if (content.state !== 'ok') return content.state === 'missing' ? 'missing' : 'damaged';
  const parsed = ServersFile.safeParse(content.value);
  if (!parsed.success) return 'damaged';
  return parsed.data.servers.length > 0 ? 'servers' : 'empty';
}

/** Keeps each server that validates on its own, the first of each id. */
function salvageServers(stored: Record<string, unknown>): Salvaged<ServersFile> {
  const entries: unknown[] = Array.isArray(stored['servers']) ? (stored['servers'] as unknown[]) : [];
  const kept: StoredServer[] = [];
  const dropped: string[] = [];
  entries.forEach((entry, index) => {
    const parsed = StoredServer.safeParse(entry);
    const id = (entry as { id?: unknown } | null)?.id;
    const label = typeof id === 'string' ? `"${id}"` : `#${index + 1}`;
    if (parsed.success && !kept.some((server) => server.id === parsed.data.id)) kept.push(parsed.data);
    else dropped.push(label);
  });
  const lost = dropped.length > 0 ? `left out the server${dropped.length === 1 ? '' : 's'} ${dropped.join(', ')}` : Array.isArray(stored['servers']) ? 'ignored unknown fields' : 'it had no list of servers';
  return { value: { version: 2, servers: kept }, lost };
}

/** A stored server's fields that neither this version's vendor form nor the store itself knows. */
function unknownFields(server: StoredServer): string[] {
  const known = new Set(['id', 'type', 'name', 'sealed', 'sealedPassword']);
  if (isSupportedKind(server.type)) for (const field of vendorFor(server.type).form) known.add(field.key);
  return Object.keys(server)
    .filter((key) => !known.has(key))
    .map((key) => JSON.stringify(key));
}

function withoutUnknownFields(server: StoredServer): StoredServer {
  const unknown = new Set(unknownFields(server).map((key) => JSON.parse(key) as string));
  return Object.fromEntries(Object.entries(server).filter(([key]) => !unknown.has(key))) as StoredServer;
}
