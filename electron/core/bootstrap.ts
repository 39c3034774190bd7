import { createCore, type Core } from './app-core';
import { join } from 'node:path';
import { type AppConfig, loadConfigFile, parseConfig } from './config';
import type { CredentialVault } from './credentials/credential-vault';
import { CREDENTIALS_KEY_FILE, KeyFileVault } from './credentials/key-file-vault';
import type { FileSaver } from './files/file-saver';
import type { Logger } from '../common/logger';
import { createDataDir } from './data-dir';
import { readDemoFacts } from './servers/demo-facts';
import { decideDemo } from './servers/demo-policy';
import { SERVERS_FILE } from './servers/server-store';
import { JOURNAL_FILE } from './events/journal';
import { confFile, type OpenStore } from './stores/store-file';

/** The embedded demo VMS, started by the launcher (the core never imports the simulator). */
export interface DemoVms {
  /** Server configurations, as a deployment file would give them. */
  readonly servers: readonly Record<string, unknown>[];
  /** Simulated sensors on the demo's cameras, as a deployment file's `sensors.list` would give them. */
  readonly sensors?: readonly Record<string, unknown>[];
  /** Walls of the demo's cameras, as a deployment file's `walls` would give them. */
  readonly walls?: readonly Record<string, unknown>[];
  /** The id of one of `walls`: what the wall shows on the machine's first start (`firstWall`). */
  readonly firstWall?: string;
  close(): Promise<void>;
}

export interface BootOptions {
  readonly configPath: string | undefined;
  readonly dataDir: string;
  /** Starts the demo VMS, when the launcher offers one (not with `--no-demo`). */
  readonly demo: (() => Promise<DemoVms>) | undefined;
  readonly transport: 'electron' | 'web';
  readonly version: string;
  readonly log: Logger;
  /** The host's file saver (Electron's save dialog); the browser host leaves it out. */
  readonly fileSaver?: FileSaver;
  /**
   * The host's protection of stored passwords (Electron: the OS keychain), given the data
   * directory's key-file vault to fall back on; without it, that key-file vault alone.
   */
  readonly vault?: (keyFileVault: CredentialVault) => CredentialVault;
  /** How store files are opened (Electron: electron-store); conf when absent. */
  readonly openStore?: OpenStore;
}

export interface BootedCore {
  readonly core: Core;
  /** The embedded demo VMS, when it was started. */
  readonly demo: DemoVms | undefined;
  dispose(): Promise<void>;
}

/**
 * Loads the configuration and starts the core. On a machine's first start (no deployment
 * file, no `servers.json`, no journal of another server: see decideDemo) and unless
 * `--no-demo`, the IVMS simulator starts on loopback and becomes the only server, so a
 * fresh install shows live video at once. Throws ConfigError for a bad config file.
 */
export async function bootCore(options: BootOptions): Promise<BootedCore> {
  const loaded: AppConfig = options.configPath ? await loadConfigFile(options.configPath) : parseConfig({});
  createDataDir(options.dataDir);
  let demo: DemoVms | undefined;
  let config = loaded;
  // Read before the core starts: its servers store moves a damaged servers.json aside.
  const decision = decideDemo(
    readDemoFacts({
      demoWanted: options.demo !== undefined,
      deploymentFile: options.configPath !== undefined,
      serversFile: confFile(options.dataDir, SERVERS_FILE, options.openStore),
      journalPath: join(options.dataDir, JOURNAL_FILE),
    }),
  );
  if (decision.start && options.demo) {
    demo = await options.demo();
    config = parseConfig(
      {
        ...loaded,
        servers: demo.servers,
        walls: demo.walls ?? [],
        firstWall: demo.firstWall,
        sensors: { ...loaded.sensors, list: demo.sensors ?? loaded.sensors.list },
      },
      'demo configuration',
    );
  }
  const core = createCore({
    config,
    dataDir: options.dataDir,
    info: { version: options.version, transport: options.transport, demo: demo !== undefined },
    log: options.log,
    fileSaver: options.fileSaver,
    vault: vaultFor(options),
    openStore: options.openStore,
  });
  if (!decision.start && decision.tell) core.problems.report({ message: decision.tell });
  return {
    core,
    demo,
    async dispose() {
      await core.dispose();
      await demo?.close();
    },
  };
}

function vaultFor(options: BootOptions): CredentialVault {
  const keyFile = new KeyFileVault(join(options.dataDir, CREDENTIALS_KEY_FILE));
  return options.vault ? options.vault(keyFile) : keyFile;
}
