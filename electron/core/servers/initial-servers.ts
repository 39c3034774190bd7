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
}

/**
 * The servers to start with: the deployment file's first (they win for their ids), then
 * those added in the UI, their passwords opened. A stored server that cannot run is left
 * out, or runs without its password when only that cannot be opened; either way it stays
 * in `servers.json` and the reason is a problem for the operator.
 */
export function initialServers(managed: readonly ServerConfig[], stored: readonly StoredServer[], vault: CredentialVault, problems: ProblemLog, log: Logger): InitialServers {
  const managedIds = new Set(managed.map((server) => server.id));
  const servers = [...managed];
  const report = (message: string): void => problems.report({ message });
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
        report(`Server "${server.name}": its stored ${key === 'password' ? 'password' : key} cannot be used. ${(error as Error).message}`);
      }
    }
    try {
      servers.push(configFromStored(server, secrets));
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      report(`Server "${server.name}" from servers.json cannot run: ${error.message}`);
    }
  }
  return { servers, managedIds };
}
