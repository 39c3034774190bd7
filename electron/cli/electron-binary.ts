import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Path of the Electron binary when it was downloaded at install, else undefined.
 * The `electron` package exports that path, and throws when its download failed
 * (as on machines with no route to Electron's release host).
 */
export function findElectronBinary(): string | undefined {
  if (process.env['TESSERA_FORCE_WEB'] === '1') return undefined;
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
