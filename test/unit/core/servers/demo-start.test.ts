import { existsSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { bootCore, type BootedCore, type DemoVms } from '../../../../electron/core/bootstrap';
import { EventJournal } from '../../../../electron/core/events/journal';
import { silentLogger } from '../../../../electron/common/logger';
import { decideDemo, DEMO_SERVERS, type DemoFacts } from '../../../../electron/core/servers/demo-policy';

const fresh: DemoFacts = { demoWanted: true, deploymentFile: false, serversFile: 'missing', journal: 'none' };

describe('decideDemo', () => {
  it('starts the demo only on a machine that never had a server', () => {
    expect(decideDemo(fresh)).toEqual({ start: true });
    expect(decideDemo({ ...fresh, journal: 'demo-only' }), 'the demo ran here before: nothing else did').toEqual({ start: true });
    expect(decideDemo({ ...fresh, demoWanted: false })).toEqual({ start: false });
    expect(decideDemo({ ...fresh, deploymentFile: true }), 'a deployment file, even one with no servers').toEqual({ start: false });
    expect(decideDemo({ ...fresh, serversFile: 'servers' })).toEqual({ start: false });
    expect(decideDemo({ ...fresh, serversFile: 'empty' }), 'every server removed in the UI').toEqual({ start: false });
  });

  it('says why there is no demo when the machine did not choose it', () => {
    expect(decideDemo({ ...fresh, serversFile: 'damaged' })).toMatchObject({ start: false, tell: expect.stringMatching(/demo VMS was not started: servers.json was damaged/) as unknown });
    expect(decideDemo({ ...fresh, journal: 'other-servers' })).toMatchObject({ start: false, tell: expect.stringMatching(/holds events of this machine's own servers/) as unknown });
    expect(decideDemo({ ...fresh, journal: 'unreadable' })).toMatchObject({ start: false, tell: expect.stringMatching(/could not be read/) as unknown });
  });
});

let booted: BootedCore | undefined;
afterEach(async () => {
  await booted?.dispose();
  booted = undefined;
});

async function boot(dataDir: string, offered: Partial<DemoVms> = {}): Promise<BootedCore> {
  // The launcher's demo starter, faked: these tests are about whether it is called.
  const demo = (): Promise<DemoVms> => Promise.resolve({ servers: [], close: () => Promise.resolve(), ...offered });
  booted = await bootCore({ configPath: undefined, dataDir, demo, transport: 'web', version: '0.0.0', log: silentLogger });
  return booted;
}

function demoEvents(dataDir: string): number {
  const db = new Database(join(dataDir, 'events.db'));
  try {
    return (db.prepare("SELECT count(*) AS n FROM events WHERE server_id = 'demo'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const HQ = { id: 'hq', type: 'ivms', name: 'Head office', url: 'http://10.0.0.5:8080', pathPrefix: '' };

/** The damaged forms of servers.json found on real machines (and by probing). */
const DAMAGED: ReadonlyArray<readonly [name: string, content: () => string | Buffer, setAside: RegExp]> = [
  ['garbage', () => 'x{{ not json at all', /servers\.json\.corrupt-/],
  ['truncated', () => JSON.stringify({ version: 1, servers: [HQ] }).slice(0, 40), /servers\.json\.corrupt-/],
  ['empty', () => '', /servers\.json\.corrupt-/],
  ['50 MB', () => Buffer.alloc(50 * 1024 * 1024, 'x'), /servers\.json\.corrupt-/],
  ['wrong types', () => JSON.stringify({ version: 1, servers: [{ id: 5, type: 'ivms', url: 7 }] }), /servers\.json\.invalid-/],
  ['a list of servers of the wrong type', () => JSON.stringify({ version: 1, servers: 'hq' }), /servers\.json\.invalid-/],
  ['[1,2,3]', () => '[1,2,3]', /servers\.json\.corrupt-/],
  ['null', () => 'null', /servers\.json\.corrupt-/],
  ['a BOM before garbage', () => '\uFEFF{"servers": [', /servers\.json\.corrupt-/],
];

describe('the demo VMS and a damaged servers.json', () => {
  for (const [name, content, setAside] of DAMAGED) {
    it(`${name}: the demo does not start, the banner says what was set aside and why there is no demo, the journal gets no demo event`, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'tessera-demo-'));
      await writeFile(join(dataDir, 'servers.json'), content());
      const { core, demo } = await boot(dataDir);
      expect(demo, 'no demo VMS on a machine that had servers').toBeUndefined();
      expect(core.servers.list(), 'the wall waits for its own servers').toEqual([]);
      const info = await core.registry.invoke('app.info', {}, { clientId: 'test' });
      expect(info).toMatchObject({ ok: true, value: { demo: false } });
      const problems = core.problems.list();
      const setAsideProblem = problems.find((problem) => problem.backup !== undefined);
      expect(setAsideProblem?.backup, 'the banner names the file set aside').toMatch(setAside);
      expect(setAsideProblem?.message).toContain(setAsideProblem?.backup ?? '?');
      expect(existsSync(setAsideProblem?.backup ?? '')).toBe(true);
      expect(problems.some((problem) => /demo VMS was not started/.test(problem.message))).toBe(true);
      expect(demoEvents(dataDir)).toBe(0);
    });
  }

  it('a BOM before a good file is no damage: its servers run, and no demo', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-demo-'));
    await writeFile(join(dataDir, 'servers.json'), '\uFEFF' + JSON.stringify({ version: 1, servers: [HQ] }));
    const { core, demo } = await boot(dataDir);
    expect(demo).toBeUndefined();
    expect(core.servers.list().map((server) => server.id)).toEqual(['hq']);
    expect(core.problems.list()).toEqual([]);
  });

  it('a journal of another server keeps the demo off even without servers.json', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-demo-'));
    const journal = new EventJournal({ path: join(dataDir, 'events.db'), retentionDays: 30, maxBytes: 1 << 30 });
    journal.append([
      {
        record: { id: 'e1', serverId: 'hq', cameraId: '1', cameraName: 'Gate', time: 1, sourceTime: '1', timeUncertain: false, receivedAt: 1, type: '201', label: 'Intrusion', severity: 'critical', raw: {}, state: 'open' },
      },
    ]);
    journal.close();
    const { core, demo } = await boot(dataDir);
    expect(demo).toBeUndefined();
    expect(core.problems.list().map((problem) => problem.message)).toEqual([expect.stringMatching(/holds events of this machine's own servers/)]);
  });

  it("a journal of the demo's own servers, every vendor's, starts the demo again", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-demo-'));
    const journal = new EventJournal({ path: join(dataDir, 'events.db'), retentionDays: 30, maxBytes: 1 << 30 });
    journal.append(
      Object.values(DEMO_SERVERS).map((serverId, index) => ({
        record: { id: `e${index}`, serverId, cameraId: '1', cameraName: 'Gate', time: 1, sourceTime: '1', timeUncertain: false, receivedAt: 1, type: '201', label: 'Intrusion', severity: 'critical' as const, raw: {}, state: 'open' as const },
      })),
    );
    journal.close();
    const { demo } = await boot(dataDir);
    expect(demo).toBeDefined();
  });

  it("shows the demo's first wall on the first start, then what the monitors showed", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-demo-'));
    const offered = {
      servers: [{ id: DEMO_SERVERS.ivms, type: 'ivms', name: 'Demo site', url: 'http://127.0.0.1:9' }],
      walls: [{ id: 'tour', name: 'Every vendor', monitors: [{ layout: '2x2', tiles: [{ serverId: DEMO_SERVERS.ivms, cameraId: '1' }] }] }],
      firstWall: 'tour',
    };
    const first = (await boot(dataDir, offered)).core.walls;
    expect(first.get().activeWallId).toBe('tour');
    expect(first.get().current['0']?.tiles[0]?.cameraId).toBe('1');
    first.saveCurrent(0, { ...(first.get().current['0'] ?? expect.fail('no view')), tiles: [null, { serverId: DEMO_SERVERS.ivms, cameraId: '2', source: { mode: 'live' } }] });
    await booted?.dispose();
    booted = undefined;
    const again = (await boot(dataDir, offered)).core.walls.get();
    expect(again.current['0']?.tiles.map((tile) => tile?.cameraId ?? null)).toEqual([null, '2']);
    expect(again.activeWallId).toBeNull();
  });

  it('creates the data directory for this OS account only, and its journal and stores private', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'tessera-demo-'));
    const dataDir = join(parent, 'tessera');
    const { core } = await boot(join(dataDir));
    core.settings.update({ operatorName: 'Asha' });
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'events.db')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'settings.json')).mode & 0o777).toBe(0o600);
  });
});
