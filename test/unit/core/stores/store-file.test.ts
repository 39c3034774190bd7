import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { confFile, openConf } from '../../../../electron/core/stores/store-file';

describe('confFile', () => {
  it('opens the store the host gives (electron-store in Electron) for <dir>/<name>.json, once, and writes the same file conf reads', async () => {
    const where = await mkdtemp(join(tmpdir(), 'tessera-store-'));
    const opened: Array<[string, string]> = [];
    // electron-store is a Conf opened on Electron's app; here a Conf stands in for it.
    const file = confFile(where, 'walls', (directory, name) => {
      opened.push([directory, name]);
      return openConf(directory, name);
    });
    expect(file.read()).toEqual({ state: 'missing' });
    file.write({ walls: [], defaultWallId: null });
    file.write({ walls: [], defaultWallId: 'night' });
    expect(opened).toEqual([[where, 'walls']]);
    expect(JSON.parse(await readFile(join(where, 'walls.json'), 'utf8'))).toEqual({ walls: [], defaultWallId: 'night' });
    expect(new Conf({ cwd: where, configName: 'walls', projectName: 'tessera' }).get('defaultWallId'), 'the browser host reads what Electron wrote').toBe('night');
  });
});
