import type { ServerConfig } from '../config';
import type { CredentialVault } from '../credentials/credential-vault';
import { CoreError } from '../errors';
import type { Logger } from '../../common/logger';
import type { ProblemLog } from '../stores/problem-log';
import { configFromStored } from './server-draft';
import type { StoredServer } from './server-store';

export interface InitialServers {
  readonly servers: ServerConfig[];
  /** The deployment file's servers: shown, not editable. */
  readonly managedIds: ReadonlySet<string>;
  /** Stored servers that cannot run, to leave out of servers.json (they are in the copy kept aside). */
  readonly unusable: readonly string[];
  /** Sealed secrets that cannot be opened, by server id, to leave out likewise. */
  readonly unopenable: ReadonlyMap<string, readonly string[]>;
}

/**
 * The servers to start with: the deployment file's first (they win for their ids), then
 * those added in the UI, their secrets opened. A stored server that cannot run is left
 * out, or runs without a secret that cannot be opened; either way the operator is told why,
 * and servers.json as it was is kept aside before the caller leaves them out of it
 * (`unusable`, `unopenable`), so the next start is clean and nothing is lost.
 */
export function initialServers(
  managed: readonly ServerConfig[],
  stored: readonly StoredServer[],
  vault: CredentialVault,
  problems: ProblemLog,
  log: Logger,
  /** Keeps a copy of servers.json as it is now (once), for the operator to go back to; its path. */
  keepCopy: () => string | undefined = () => undefined,
): InitialServers {
  const managedIds = new Set(managed.map((server) => server.id));
  const servers = [...managed];
  const unusable: string[] = [];
  const unopenable = new Map<string, string[]>();
  let copy: { path: string | undefined } | undefined;
  const report = (message: string): void => {
    // A server left out or run without a secret is a setting not in force: the file as it
    // was is kept aside, so nothing the operator had is gone, whatever is saved next.
    copy ??= { path: keepCopy() };
    problems.report(copy.path ? { message: `${message} The file as it was is kept as ${copy.path}.`, backup: copy.path } : { message });
  };
  for (const server of stored) {
    if (managedIds.has(server.id)) {
      log.info(`server ${server.id} from servers.json is shadowed by the deployment file's server of the same id`);
      continue;
    }
    const secrets: Record<string, string> = {};
    for (const [key, sealed] of Object.entries(server.sealed ?? {})) {
      try {
        secrets[key] = vault.open(sealed);
      } catch (error) {
        report(`Server "${server.name}": its stored ${key === 'password' ? 'password' : key} cannot be used, so it runs without it until it is entered again. ${(error as Error).message}`);
        unopenable.set(server.id, [...(unopenable.get(server.id) ?? []), key]);
      }
    }
    try {
      servers.push(configFromStored(server, secrets));
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      report(`Server "${server.name}" from servers.json cannot run, so it is left out: ${error.message}`);
      unusable.push(server.id);
    }
  }
  return { servers, managedIds, unusable, unopenable };
}
