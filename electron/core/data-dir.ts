import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Tessera keeps its journal and settings: `--data-dir`, else TESSERA_DATA_DIR, else
 * the platform's place for application data (Electron passes its userData path instead).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const explicit = env['TESSERA_DATA_DIR'];
  if (explicit) return explicit;
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Tessera');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tessera');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'tessera');
}

/**
 * Creates the data directory (and any missing parent) readable by this OS account only:
 * it holds event pictures, operators' names and comments, and server addresses. A
 * directory that already exists keeps its mode (it may be one the operator chose and
 * shares on purpose); every file Tessera writes in it is private anyway.
 */
export function createDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}
