import type { ServerDraft, ServerSettings, ServerTestResult } from '../../../shared/model/server-config';
import type { VmsAdapter } from '../../vms/adapter';
import type { ServerConfig } from '../config';
import type { CredentialVault } from '../credentials/credential-vault';
import { CoreError, notFound } from '../errors';
import type { Logger } from '../../common/logger';
import type { ServerDirectory } from '../servers';
import { testConnection } from './connection-test';
import { configFromDraft, secretsOf, settingsOf, storedOf } from './server-draft';
import type { ServerStore } from './server-store';

export interface ServerAdminOptions {
  readonly directory: ServerDirectory;
  readonly store: ServerStore;
  readonly vault: CredentialVault;
  /** Servers from the deployment file (and the demo VMS): shown, never changed here. */
  readonly managedIds: ReadonlySet<string>;
  /** The sessions of a server whose adapter goes away. */
  readonly streams: { releaseServer(serverId: string, outcome: { state: 'lost' | 'failed'; reason: string }): Promise<void> };
  /** Its event stream. */
  readonly events: { attach(serverId: string, adapter: VmsAdapter): void; detach(serverId: string): void };
  /** Tells the server row that its events are off by configuration. */
  readonly eventsOff: (serverId: string) => void;
  readonly createAdapter: (config: ServerConfig) => VmsAdapter;
  readonly log: Logger;
}

/**
 * Servers as the operator manages them in the UI: add, edit, test and remove, with the
 * password sealed by the vault before it is written and never returned. Each change is
 * saved first, then applied: the server's sessions are stopped, its event stream and
 * adapter replaced or dropped. Servers from the deployment file are shown, not changed.
 */
export class ServerAdmin {
  /** Changes one at a time, so two windows editing at once cannot interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ServerAdminOptions) {}

  /** Connects every server and its event stream. */
  start(): void {
    this.options.directory.start();
    for (const serverId of this.options.directory.ids()) this.connectEvents(serverId);
  }

  settings(): ServerSettings[] {
    return this.options.directory.ids().map((id) => settingsOf(this.options.directory.config(id), this.options.managedIds.has(id)));
  }

  add(draft: ServerDraft): Promise<ServerSettings> {
    return this.serialised(() => {
      const { directory, store } = this.options;
      if (directory.has(draft.id)) throw new CoreError('invalid-request', `id: a server with the id "${draft.id}" exists already`);
      const config = configFromDraft(draft, undefined);
      store.put(storedOf(config, this.seal(secretsOf(config), {})));
      directory.add(config);
      this.connectEvents(config.id);
      this.options.log.info(`server ${config.id} added`);
      return Promise.resolve(settingsOf(config, false));
    });
  }

  update(draft: ServerDraft): Promise<ServerSettings> {
    return this.serialised(async () => {
      const { directory, store } = this.options;
      const current = this.editable(draft.id);
      const config = configFromDraft(draft, current);
      const previous = secretsOf(current);
      const sealedBefore = store.get(config.id)?.sealed ?? {};
      // An unchanged secret keeps its sealed form: nothing to encrypt again.
      const unchanged = Object.fromEntries(Object.entries(sealedBefore).filter(([key]) => previous[key] !== undefined && previous[key] === secretsOf(config)[key]));
      store.put(storedOf(config, this.seal(secretsOf(config), unchanged)));
      // A server that refused its credentials reconnects when saved, even with the same ones
      // typed again: the operator may have fixed them on the VMS's side.
      if (sameConnection(current, config) && directory.stateOf(config.id) !== 'sign-in') {
        directory.rename(config);
      } else {
        await this.disconnect(config.id, { state: 'lost', reason: 'The server settings changed' });
        await directory.replace(config);
        this.connectEvents(config.id);
      }
      this.options.log.info(`server ${config.id} changed`);
      return settingsOf(config, false);
    });
  }

  /** Starts a server again on its current settings (after a sign-in obtained new secrets for it). */
  reconnect(serverId: string, reason: string): Promise<void> {
    return this.serialised(async () => {
      const config = this.options.directory.config(serverId);
      await this.disconnect(serverId, { state: 'lost', reason });
      await this.options.directory.replace(config);
      this.connectEvents(serverId);
    });
  }

  remove(serverId: string): Promise<void> {
    return this.serialised(async () => {
      this.editable(serverId);
      this.options.store.remove(serverId);
      await this.disconnect(serverId, { state: 'failed', reason: 'The server was removed' });
      await this.options.directory.remove(serverId);
      this.options.log.info(`server ${serverId} removed`);
    });
  }

  /** Tries a draft, or an existing server with changes, without saving anything. */
  test(draft: ServerDraft): Promise<ServerTestResult> {
    const { directory } = this.options;
    let config: ServerConfig;
    try {
      config = configFromDraft(draft, directory.has(draft.id) ? directory.config(draft.id) : undefined);
    } catch (error) {
      if (error instanceof CoreError) return Promise.resolve({ ok: false, reason: error.message });
      throw error;
    }
    return testConnection(config, { createAdapter: this.options.createAdapter, log: this.options.log });
  }

  /** Every secret sealed by the vault, reusing the sealed form of those that did not change. */
  private seal(secrets: Readonly<Record<string, string>>, unchanged: Readonly<Record<string, string>>): Record<string, string> {
    return Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, unchanged[key] ?? this.options.vault.seal(value)]));
  }

  private editable(serverId: string): ServerConfig {
    if (!this.options.directory.has(serverId)) throw notFound(`No server "${serverId}"`);
    if (this.options.managedIds.has(serverId)) throw new CoreError('forbidden', 'This server is set up by the deployment file (--config): change it there');
    return this.options.directory.config(serverId);
  }

  private connectEvents(serverId: string): void {
    const { directory, events } = this.options;
    if (directory.config(serverId).events) events.attach(serverId, directory.adapter(serverId));
    else this.options.eventsOff(serverId);
  }

  private async disconnect(serverId: string, outcome: { state: 'lost' | 'failed'; reason: string }): Promise<void> {
    await this.options.streams.releaseServer(serverId, outcome);
    this.options.events.detach(serverId);
  }

  private serialised<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(change, change);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Only the name differs: nothing about how the server is reached changed. */
function sameConnection(a: ServerConfig, b: ServerConfig): boolean {
  return JSON.stringify({ ...a, name: undefined }) === JSON.stringify({ ...b, name: undefined });
}
