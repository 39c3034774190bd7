import type { z } from 'zod';
import { Settings, type SettingsPatch } from '../../../shared/model/settings';
import type { Logger } from '../../common/logger';
import type { ProblemLog } from '../stores/problem-log';
import { loadRecovering, type Salvaged } from '../stores/recovering-load';
import type { StoreFile } from '../stores/store-file';

export interface SettingsStoreDeps {
  readonly log: Logger;
  /** Where a damaged file is reported, for the operator. */
  readonly problems: ProblemLog;
  readonly now?: () => number;
}

/**
 * The operator's settings (name, alert rules), in `settings.json`, validated section by
 * section: a section that does not validate falls back to its default and every other
 * section is kept; a file that is not JSON at all is kept aside and the defaults apply.
 * Either way the file as it was is backed up and the operator is told (loadRecovering).
 */
export class SettingsStore {
  private current: Settings;

  constructor(
    private readonly file: StoreFile,
    deps: SettingsStoreDeps,
  ) {
    this.current = loadRecovering({
      file,
      label: 'settings',
      schema: Settings,
      fresh: () => Settings.parse({}),
      freshStart: 'the settings start from their defaults',
      salvage: salvageSettings,
      problems: deps.problems,
      log: deps.log,
      now: deps.now ?? Date.now,
    });
  }

  get(): Settings {
    return this.current;
  }

  /** Applies a change, saves it, and returns the settings now in force. */
  update(patch: SettingsPatch): Settings {
    const next = Settings.parse({ ...this.current, ...patch });
    this.file.write(next);
    this.current = next;
    return next;
  }
}

/** Keeps each section that validates on its own; the others take their defaults. */
function salvageSettings(stored: Record<string, unknown>): Salvaged<Settings> {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  const shape = Settings.shape;
  for (const [key, schema] of Object.entries(shape) as Array<[keyof typeof shape, z.ZodType]>) {
    if (!(key in stored)) continue;
    if (schema.safeParse(stored[key]).success) kept[key] = stored[key];
    else dropped.push(key);
  }
  return { value: Settings.parse(kept), lost: dropped.length > 0 ? `reset ${dropped.join(', ')} to defaults` : 'ignored unknown fields' };
}
