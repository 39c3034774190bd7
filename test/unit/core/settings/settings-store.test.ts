import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/core/logger';
import { confBackend, SettingsStore } from '../../../../electron/core/settings/settings-store';
import { DEFAULT_ALERT_RULES } from '../../../../shared/model/settings';

const dir = (): Promise<string> => mkdtemp(join(tmpdir(), 'tessera-settings-'));

describe('SettingsStore', () => {
  it('starts with defaults, saves changes, and reads them back', async () => {
    const where = await dir();
    const store = new SettingsStore(confBackend(where), silentLogger);
    expect(store.get()).toMatchObject({ operatorName: '', commentRequiredFor: ['critical'], alertRules: DEFAULT_ALERT_RULES });
    store.update({ operatorName: 'Asha' });
    expect(new SettingsStore(confBackend(where), silentLogger).get().operatorName).toBe('Asha');
  });

  it('survives a truncated file: backs it up and starts from defaults', async () => {
    const where = await dir();
    await writeFile(join(where, 'settings.json'), '{"operatorName": "Asha", "alertRu');
    const store = new SettingsStore(confBackend(where), silentLogger);
    expect(store.get().operatorName).toBe('');
    expect(readdirSync(where).some((name) => name.startsWith('settings.json.corrupt-'))).toBe(true);
  });

  it('keeps every valid section of a file where one section is wrong, and says so', async () => {
    const where = await dir();
    await writeFile(join(where, 'settings.json'), JSON.stringify({ operatorName: 'Asha', alertRules: [{ id: 'x', match: { type: 7 } }], commentRequiredFor: ['high'] }));
    const store = new SettingsStore(confBackend(where), silentLogger);
    expect(store.get()).toMatchObject({ operatorName: 'Asha', commentRequiredFor: ['high'], alertRules: DEFAULT_ALERT_RULES });
    expect(store.problems[0]?.message).toMatch(/reset alertRules to defaults/);
    const backup = store.problems[0]?.backup ?? '';
    expect(existsSync(backup)).toBe(true);
    expect(await readFile(backup, 'utf8')).toContain('"type":7');
  });
});
