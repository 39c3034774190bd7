import { statSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { confFile, MAX_STORE_FILE_BYTES, openConf } from '../../../../electron/core/stores/store-file';

describe('confFile', () => {
  it('opens the store the host gives (electron-store in Electron) for <dir>/<name>.json, once, and writes the same file conf reads', async () => {
    const where = await mkdtemp(join(tmpdir(), 'tessera-store-'));
    const opened: Array<[string, string]> = [];
    // electron-store is a Conf opened on Electron's app; here a Conf stands in for it.
    const file = confFile(where, 'walls', (directory, name, options) => {
      opened.push([directory, name]);
      return openConf(directory, name, options);
    });
    expect(file.read()).toEqual({ state: 'missing' });
    file.write({ walls: [], defaultWallId: null });
    file.write({ walls: [], defaultWallId: 'night' });
    expect(opened).toEqual([[where, 'walls']]);
    expect(JSON.parse(await readFile(join(where, 'walls.json'), 'utf8'))).toEqual({ walls: [], defaultWallId: 'night' });
    expect(new Conf({ cwd: where, configName: 'walls', projectName: 'tessera' }).get('defaultWallId'), 'the browser host reads what Electron wrote').toBe('night');
  });
});

describe('what a store file may hold', () => {
  const dir = (): Promise<string> => mkdtemp(join(tmpdir(), 'tessera-store-'));

  it('reads a file that starts with a UTF-8 byte order mark (Windows Notepad writes one)', async () => {
    const where = await dir();
    await writeFile(join(where, 'settings.json'), '\uFEFF{"operatorName":"Asha"}');
    expect(confFile(where, 'settings').read()).toEqual({ state: 'ok', value: { operatorName: 'Asha' } });
  });

  it('takes JSON that is not an object as unreadable, saying what it held', async () => {
    const where = await dir();
    for (const [text, held] of [
      ['[1,2,3]', 'a list'],
      ['null', 'null'],
      ['"walls"', 'a string'],
      ['42', 'a number'],
    ] as const) {
      await writeFile(join(where, 'walls.json'), text);
      expect(confFile(where, 'walls').read()).toEqual({ state: 'unreadable', reason: `it holds ${held} where an object was expected` });
    }
  });

  it('does not parse a file far larger than any store (set aside unread)', async () => {
    const where = await dir();
    await writeFile(join(where, 'walls.json'), Buffer.alloc(MAX_STORE_FILE_BYTES + 1, ' '));
    expect(confFile(where, 'walls').read()).toMatchObject({ state: 'unreadable', reason: expect.stringMatching(/MB, far larger than any file Tessera writes/) as unknown });
  });

  it('writes files only this OS account can read, and narrows one an older version left open', async () => {
    const where = await dir();
    confFile(where, 'walls').write({ walls: [] });
    expect(statSync(join(where, 'walls.json')).mode & 0o777).toBe(0o600);
    await writeFile(join(where, 'settings.json'), '{}', { mode: 0o644 });
    confFile(where, 'settings').read();
    expect(statSync(join(where, 'settings.json')).mode & 0o777).toBe(0o600);
  });
});
