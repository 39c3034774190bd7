import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file that names this install to MQTT brokers. */
export const INSTALL_ID_FILE = 'bridge-id';

/**
 * This install's id, made once and kept in the data directory: the broker keeps a
 * persistent session (and queues QoS 1 messages) per client id, so the id must survive
 * restarts; another install (a second headless bridge) gets its own.
 */
export function installId(dataDir: string): string {
  const path = join(dataDir, INSTALL_ID_FILE);
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (/^[a-z0-9]{10}$/.test(existing)) return existing;
  } catch {
    // First start: made below.
  }
  const id = randomBytes(8).toString('hex').slice(0, 10);
  writeFileSync(path, `${id}\n`, { mode: 0o600 });
  return id;
}
