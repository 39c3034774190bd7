import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';

/** What a store file held when it was read. */
export type StoreFileContent =
  | { readonly state: 'missing' }
  | { readonly state: 'ok'; readonly value: Record<string, unknown> }
  /** Not JSON at all: a truncated write, a disk error, someone's editor. */
  | { readonly state: 'unreadable'; readonly reason: string };

/**
 * One JSON file a store keeps its state in, read and written whole, atomically (conf
 * writes a temporary file and renames it, so a crash leaves the old file or the new one).
 * Stores take it as a constructor argument so tests can hand them a fake.
 */
export interface StoreFile {
  readonly path: string;
  read(): StoreFileContent;
  write(value: Record<string, unknown>): void;
  /**
   * Keeps the file as it is now next to it under a timestamped name and returns that
   * path. `move` takes it out of the way (an unreadable file); otherwise it is copied.
   */
  keepAside(kind: string, move: boolean, now: number): string;
}

/**
 * Opens `<directory>/<name>.json` as a Conf: the Electron host passes electron-store (a
 * Conf that also knows Electron's app), the browser host plain conf. Same file, same
 * content, either way.
 */
export type OpenStore = (directory: string, name: string) => Conf;

/** conf itself, for hosts without Electron (the browser host, tests). */
export const openConf: OpenStore = (directory, name) => new Conf({ cwd: directory, configName: name, projectName: 'tessera' });

/**
 * A store file through conf or electron-store (`open`): electron-store needs Electron's
 * `app` module, which the core never imports, so the host hands it in; the browser host
 * uses conf, on which electron-store is built, with the same file format.
 */
export function confFile(directory: string, name: string, openStore: OpenStore = openConf): StoreFile {
  const path = join(directory, `${name}.json`);
  let conf: Conf | undefined;
  const open = (): Conf => (conf ??= openStore(directory, name));
  return {
    path,
    read() {
      if (!existsSync(path)) return { state: 'missing' };
      try {
        // conf parses on open and on every read of `store`; JSON it cannot parse throws here.
        return { state: 'ok', value: { ...open().store } };
      } catch (error) {
        conf = undefined;
        return { state: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
      }
    },
    write(value) {
      open().store = value;
    },
    keepAside(kind, move, now) {
      const backup = freeName(`${path}.${kind}-${fileStamp(now)}`);
      if (move) renameSync(path, backup);
      else copyFileSync(path, backup);
      return backup;
    },
  };
}

/** A timestamp that sorts and is a valid file name everywhere (no colons for Windows). */
export function fileStamp(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-');
}

function freeName(wanted: string): string {
  let candidate = wanted;
  for (let n = 2; existsSync(candidate); n++) candidate = `${wanted}-${n}`;
  return candidate;
}
