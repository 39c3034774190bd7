import { existsSync, statSync } from 'node:fs';
import Database from 'libsql';
import type { StoreFile } from '../stores/store-file';
import { DEMO_SERVER_IDS, type DemoFacts } from './demo-policy';
import { storedServersState } from './server-store';

export interface DemoFactSources {
  readonly demoWanted: boolean;
  readonly deploymentFile: boolean;
  /** `servers.json`, read as it is (before the store moves a damaged one aside). */
  readonly serversFile: StoreFile;
  /** The event journal's path (`events.db`). */
  readonly journalPath: string;
}

/** Reads what decideDemo needs from the disk, changing nothing. */
export function readDemoFacts(sources: DemoFactSources): DemoFacts {
  return {
    demoWanted: sources.demoWanted,
    deploymentFile: sources.deploymentFile,
    serversFile: storedServersState(sources.serversFile),
    journal: journalState(sources.journalPath),
  };
}

function journalState(path: string): DemoFacts['journal'] {
  if (!existsSync(path) || statSync(path).size === 0) return 'none';
  let db: Database.Database | undefined;
  try {
    db = new Database(path);
    const tables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    if (tables === undefined) return 'none';
    if (db.prepare(`SELECT 1 FROM events WHERE server_id NOT IN (${DEMO_SERVER_IDS.map(() => '?').join(', ')}) LIMIT 1`).get(...DEMO_SERVER_IDS) !== undefined) return 'other-servers';
    return 'demo-only';
  } catch {
    return 'unreadable';
  } finally {
    db?.close();
  }
}
