import { chmodSync, copyFileSync, existsSync, renameSync, statSync } from 'node:fs';
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
 * How every store file is read and written, whichever host opens it: only this OS
 * account may read it (it holds operators' names, server addresses, alert rules), and
 * what is read must be one JSON object, a UTF-8 byte order mark allowed (Windows
 * Notepad writes one).
 */
export interface StoreFileOptions {
  readonly configFileMode: number;
  readonly deserialize: (text: string) => Record<string, unknown>;
}

export const STORE_FILE_OPTIONS: StoreFileOptions = { configFileMode: 0o600, deserialize: parseStoreText };

/**
 * Opens `<directory>/<name>.json` as a Conf with `options`: the Electron host passes
 * electron-store (a Conf that also knows Electron's app), the browser host plain conf.
 * Same file, same content, either way.
 */
export type OpenStore = (directory: string, name: string, options: StoreFileOptions) => Conf;

/** conf itself, for hosts without Electron (the browser host, tests). */
export const openConf: OpenStore = (directory, name, options) => new Conf({ cwd: directory, configName: name, projectName: 'tessera', ...options });

/**
 * No store Tessera writes comes near this; a file larger is damage (a disk error, a
 * file copied over it) and is set aside unread rather than parsed for seconds.
 */
export const MAX_STORE_FILE_BYTES = 32 * 1024 * 1024;

/**
 * A store file's text as its object. conf would take `[1,2,3]` or `null` for an empty
 * store (it copies whatever JSON.parse returns onto an object), so a file that is JSON
 * but not an object is unreadable here, and is set aside and reported like garbage.
 */
export function parseStoreText(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`it holds ${value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`} where an object was expected`);
  }
  return value as Record<string, unknown>;
}

/**
 * A store file through conf or electron-store (`open`): electron-store needs Electron's
 * `app` module, which the core never imports, so the host hands it in; the browser host
 * uses conf, on which electron-store is built, with the same file format.
 */
export function confFile(directory: string, name: string, openStore: OpenStore = openConf): StoreFile {
  const path = join(directory, `${name}.json`);
  let conf: Conf | undefined;
  const open = (): Conf => (conf ??= openStore(directory, name, STORE_FILE_OPTIONS));
  return {
    path,
    read() {
      if (!existsSync(path)) return { state: 'missing' };
      keepPrivate(path);
      const { size } = statSync(path);
      if (size > MAX_STORE_FILE_BYTES) return { state: 'unreadable', reason: `it is ${(size / 1024 / 1024).toFixed(0)} MB, far larger than any file Tessera writes` };
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

/** A file an older version (or another tool) left readable by other users becomes this account's alone. */
function keepPrivate(path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch {
    // Not ours to change (a file another user provided): it is still read.
  }
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
