import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { z } from 'zod';
import { Settings, type SettingsPatch } from '../../../shared/model/settings';
import type { Logger } from '../logger';

/** Where settings live: a JSON file read and written whole, atomically (conf writes a temp file and renames it). */
export interface SettingsBackend {
  readonly path: string;
  read(): Record<string, unknown>;
  write(value: Record<string, unknown>): void;
}

/** conf: the library electron-store is built on; the same file format in both transports. */
export function confBackend(directory: string, name = 'settings'): SettingsBackend {
  const open = (): Conf => new Conf({ cwd: directory, configName: name, projectName: 'tessera' });
  const path = join(directory, `${name}.json`);
  let conf: Conf;
  try {
    conf = open();
  } catch (error) {
    // Not JSON at all (a truncated write, a disk error): keep it for inspection, start afresh.
    if (!existsSync(path)) throw error;
    renameSync(path, `${path}.corrupt-${Date.now()}`);
    conf = open();
  }
  return {
    path,
    read: () => ({ ...conf.store }),
    write: (value) => {
      conf.store = value;
    },
  };
}

export interface SettingsProblem {
  readonly message: string;
  /** Where the file as it was has been copied. */
  readonly backup: string | undefined;
}

/**
 * The operator's settings (name, alert rules), validated section by section: a section
 * that does not validate falls back to its default, the file as it was is backed up
 * first, and every other section is kept. The reason is logged and kept for the UI.
 */
export class SettingsStore {
  private current: Settings;
  readonly problems: SettingsProblem[] = [];

  constructor(
    private readonly backend: SettingsBackend,
    private readonly log: Logger,
  ) {
    this.current = this.load();
  }

  get(): Settings {
    return this.current;
  }

  /** Applies a change, saves it, and returns the settings now in force. */
  update(patch: SettingsPatch): Settings {
    const next = Settings.parse({ ...this.current, ...patch });
    this.backend.write(next);
    this.current = next;
    return next;
  }

  private load(): Settings {
    const stored = this.backend.read();
    const whole = Settings.safeParse(stored);
    if (whole.success) return whole.data;
    const kept: Record<string, unknown> = {};
    const dropped: string[] = [];
    const shape = Settings.shape;
    for (const [key, schema] of Object.entries(shape) as Array<[keyof typeof shape, z.ZodType]>) {
      if (!(key in stored)) continue;
      if (schema.safeParse(stored[key]).success) kept[key] = stored[key];
      else dropped.push(key);
    }
    const backup = `${this.backend.path}.invalid-${Date.now()}`;
    try {
      copyFileSync(this.backend.path, backup);
    } catch {
      // nothing on disk to keep
    }
    const message = `Settings file ${this.backend.path}: ${dropped.length > 0 ? `reset ${dropped.join(', ')} to defaults` : 'ignored unknown fields'} (${z.prettifyError(whole.error).split('\n')[0] ?? 'invalid'}); the file as it was is kept at ${backup}`;
    this.log.warn(message);
    this.problems.push({ message, backup });
    const settings = Settings.parse(kept);
    this.backend.write(settings);
    return settings;
  }
}
