import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/common/logger';
import { SettingsStore } from '../../../../electron/core/settings/settings-store';
import { ProblemLog } from '../../../../electron/core/stores/problem-log';
import { confFile } from '../../../../electron/core/stores/store-file';
import { DEFAULT_ALERT_RULES } from '../../../../shared/model/settings';

const dir = (): Promise<string> => mkdtemp(join(tmpdir(), 'tessera-settings-'));

function open(where: string): { store: SettingsStore; problems: ProblemLog } {
  const problems = new ProblemLog(silentLogger);
  return { store: new SettingsStore(confFile(where, 'settings'), { log: silentLogger, problems }), problems };
}

describe('SettingsStore', () => {
  it('starts with defaults, saves changes, and reads them back', async () => {
    const where = await dir();
    const { store, problems } = open(where);
    expect(store.get()).toMatchObject({ operatorName: '', commentRequiredFor: ['critical'], alertRules: DEFAULT_ALERT_RULES });
    store.update({ operatorName: 'Asha' });
    expect(open(where).store.get().operatorName).toBe('Asha');
    expect(problems.list()).toEqual([]);
  });

  it('survives a truncated file: moves it to a backup, says so, and starts from defaults', async () => {
    const where = await dir();
    await writeFile(join(where, 'settings.json'), '{"operatorName": "Asha", "alertRu');
    const { store, problems } = open(where);
    expect(store.get().operatorName).toBe('');
    const backups = readdirSync(where).filter((name) => name.startsWith('settings.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(join(where, backups[0] ?? ''), 'utf8')).toBe('{"operatorName": "Asha", "alertRu');
    const [problem] = problems.list();
    expect(problem?.message).toMatch(/^The settings file was unreadable \(.+\); it was kept as .+settings\.json\.corrupt-.+ and the settings start from their defaults\.$/);
    expect(problem?.backup).toBe(join(where, backups[0] ?? ''));
    // The damaged file is out of the way: the next change is saved and read back.
    store.update({ operatorName: 'Ravi' });
    expect(open(where).store.get().operatorName).toBe('Ravi');
  });

  it('keeps every valid section of a file where one section is wrong, and says so', async () => {
    const where = await dir();
    await writeFile(join(where, 'settings.json'), JSON.stringify({ operatorName: 'Asha', alertRules: [{ id: 'x', match: { type: 7 } }], commentRequiredFor: ['high'] }));
    const { store, problems } = open(where);
    expect(store.get()).toMatchObject({ operatorName: 'Asha', commentRequiredFor: ['high'], alertRules: DEFAULT_ALERT_RULES });
    const [problem] = problems.list();
    expect(problem?.message).toMatch(/did not validate \(alertRules.+\): reset alertRules to defaults/);
    const backup = problem?.backup ?? '';
    expect(existsSync(backup)).toBe(true);
    expect(await readFile(backup, 'utf8')).toContain('"type":7');
  });
});
