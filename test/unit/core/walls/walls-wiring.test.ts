import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../../electron/core/app-core';
import { parseConfig } from '../../../../electron/core/config';
import { silentLogger } from '../../../../electron/common/logger';
import { gridLayout } from '../../../../shared/model/layout';
import type { MonitorView } from '../../../../shared/model/wall';
import { ManualClock } from '../../support/manual-clock';

let core: Core | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

const layout = gridLayout(2, 2);
const view: MonitorView = { layout, tiles: layout.cells.map(() => null), maximized: null, playback: null, carousels: {}, cycle: null };

function start(dataDir: string, config: Record<string, unknown> = {}): Core {
  core = createCore({ config: parseConfig(config), dataDir, info: { version: '0.0.0', transport: 'web', demo: false }, log: silentLogger, clock: new ManualClock() });
  return core;
}

describe('walls and app problems through the core', () => {
  it('answers app.problems with every damaged store, and the walls channels within the contract', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-core-'));
    await writeFile(join(dataDir, 'walls.json'), '{"walls": [');
    await writeFile(join(dataDir, 'settings.json'), '{"operatorName": 7}');
    const { registry } = start(dataDir);
    const context = { clientId: 'a' };
    expect(await registry.invoke('app.problems', {}, context)).toEqual({
      ok: true,
      value: [
        { message: expect.stringMatching(/^The settings file .+ did not validate/) as unknown, backup: expect.stringContaining('settings.json.invalid-') as unknown },
        { message: expect.stringMatching(/^The walls file was unreadable/) as unknown, backup: expect.stringContaining('walls.json.corrupt-') as unknown },
      ],
    });

    const events: Array<[string, unknown]> = [];
    registry.connect('b', (name, payload) => events.push([name, payload]));
    expect(await registry.invoke('walls.saveCurrent', { monitor: 1, view }, context)).toEqual({ ok: true, value: {} });
    expect(await registry.invoke('walls.save', { id: 'w', name: 'W', monitors: [view, view] }, context)).toMatchObject({ ok: true, value: { walls: [{ id: 'w', hotkey: null }], activeWallId: null } });
    expect(await registry.invoke('walls.activate', { id: 'nope' }, context)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await registry.invoke('walls.activate', { id: 'w' }, context)).toMatchObject({ ok: true, value: { activeWallId: 'w', current: { '0': view, '1': view } } });
    expect(events.filter(([name]) => name === 'walls.changed')).toHaveLength(2);
  });

  it('restores the deployment default wall at start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-core-'));
    const { walls } = start(dataDir, { walls: [{ id: 'lobby', name: 'Lobby', monitors: [{ layout: '1x1', tiles: [{ serverId: 'hq', cameraId: '3' }] }] }], defaultWall: 'lobby' });
    expect(walls.get().current['0']?.tiles).toEqual([{ serverId: 'hq', cameraId: '3', source: { mode: 'live' } }]);
  });
});
