import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../electron/core/config';
import { silentLogger } from '../../../../electron/common/logger';
import { SettingsStore } from '../../../../electron/core/settings/settings-store';
import { ProblemLog } from '../../../../electron/core/stores/problem-log';
import { confFile, type StoreFile, type StoreFileContent } from '../../../../electron/core/stores/store-file';
import { WallsStore, type WallsStoreDeps } from '../../../../electron/core/walls/walls-store';
import { gridLayout } from '../../../../shared/model/layout';
import type { MonitorView, Wall, WallsState } from '../../../../shared/model/wall';
import { ManualClock } from '../../support/manual-clock';

const dir = (): Promise<string> => mkdtemp(join(tmpdir(), 'tessera-walls-'));

function view(columns: number, cameras: readonly string[], extra: Partial<MonitorView> = {}): MonitorView {
  const layout = gridLayout(columns, columns);
  return {
    layout,
    tiles: layout.cells.map((_, index) => (cameras[index] ? { serverId: 'hq', cameraId: cameras[index], source: { mode: 'live' as const } } : null)),
    maximized: null,
    playback: null,
    carousels: {},
    cycle: null,
    ...extra,
  };
}

const wall = (id: string, monitors: MonitorView[], hotkey: number | null = null): Wall => ({ id, name: id.toUpperCase(), monitors, hotkey });

/** A store file in memory that counts its writes. */
class MemoryFile implements StoreFile {
  readonly path = '/memory/walls.json';
  writes: Record<string, unknown>[] = [];
  constructor(private content: StoreFileContent = { state: 'missing' }) {}
  read(): StoreFileContent {
    return this.content;
  }
  write(value: Record<string, unknown>): void {
    this.writes.push(structuredClone(value));
    this.content = { state: 'ok', value: structuredClone(value) };
  }
  keepAside(): string {
    return `${this.path}.kept`;
  }
  get last(): WallsState | undefined {
    return this.writes.at(-1) as WallsState | undefined;
  }
}

function openStore(file: StoreFile, overrides: Partial<WallsStoreDeps> = {}) {
  const clock = new ManualClock();
  const problems = new ProblemLog(silentLogger);
  const changes: WallsState[] = [];
  const store = new WallsStore({ file, problems, log: silentLogger, clock, changed: (state) => changes.push(state), ...overrides });
  return { store, clock, problems, changes };
}

describe('WallsStore', () => {
  it('coalesces what monitors show into at most one write per 500 ms, and flushes on dispose', async () => {
    const file = new MemoryFile();
    const { store, clock, changes } = openStore(file);
    store.saveCurrent(0, view(2, ['1']));
    expect(file.writes, 'the first change after a quiet spell is written at once').toHaveLength(1);
    for (let n = 2; n <= 9; n++) {
      await clock.advance(40);
      store.saveCurrent(0, view(3, [String(n)]));
    }
    expect(file.writes).toHaveLength(1);
    await clock.advance(500);
    expect(file.writes).toHaveLength(2);
    expect(file.last?.current['0']?.tiles[0]?.cameraId).toBe('9');
    store.saveCurrent(1, view(2, ['5']));
    await clock.advance(100);
    store.saveCurrent(1, view(2, ['6']));
    expect(file.writes, 'within 500 ms of the last write: pending').toHaveLength(2);
    store.dispose();
    expect(file.writes).toHaveLength(3);
    expect(file.last?.current['1']?.tiles[0]?.cameraId).toBe('6');
    expect(changes, 'other windows are not told what a monitor shows').toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it('saves walls, switches every monitor to one, and restores the default wall at start, exactly', async () => {
    const where = await dir();
    const first = openStore(confFile(where, 'walls'));
    first.store.saveCurrent(0, view(2, ['1', '2']));
    const night = wall('night', [view(3, ['3', '4', '5'], { maximized: 1, playback: { anchor: 1_000_000, anchorAt: 2_000_000, speed: 2, paused: false } }), view(1, ['9'])], 1);
    first.store.save(night);
    first.store.setDefault('night');
    first.store.saveCurrent(0, view(4, ['7']));
    first.store.saveCurrent(1, view(2, ['8']));
    first.store.dispose();

    const second = openStore(confFile(where, 'walls'));
    const state = second.store.get();
    expect(state.defaultWallId).toBe('night');
    expect(state.activeWallId).toBe('night');
    const now = second.clock.now();
    expect(state.current['0']).toEqual({ ...night.monitors[0], playback: { anchor: 1_000_000, anchorAt: now, speed: 2, paused: false } });
    expect(state.current['1']).toEqual(night.monitors[1]);
    second.store.dispose();
  });

  it('without a default wall, each monitor resumes what it showed', async () => {
    const where = await dir();
    const first = openStore(confFile(where, 'walls'));
    first.store.save(wall('day', [view(1, ['1'])]));
    first.store.saveCurrent(0, view(3, ['4', '5']));
    first.store.saveCurrent(2, view(2, ['6']));
    first.store.dispose();
    const state = openStore(confFile(where, 'walls')).store.get();
    expect(state.current['0']).toEqual(view(3, ['4', '5']));
    expect(state.current['2']).toEqual(view(2, ['6']));
  });

  it('activates a wall for every monitor it has, tells every window, and forgets it once the operator changes the view', () => {
    const file = new MemoryFile();
    const { store, changes } = openStore(file);
    store.saveCurrent(2, view(2, ['9']));
    store.save(wall('a', [view(2, ['1']), view(3, ['2'])]));
    const state = store.activate('a');
    expect(state.activeWallId).toBe('a');
    expect(state.current['0']).toEqual(view(2, ['1']));
    expect(state.current['1']).toEqual(view(3, ['2']));
    expect(state.current['2'], 'a monitor the wall has no view for keeps its own').toEqual(view(2, ['9']));
    expect(changes.at(-1)).toEqual(state);
    expect(file.last?.activeWallId, 'switching is written at once').toBe('a');

    const count = changes.length;
    store.saveCurrent(0, view(2, ['1']));
    expect(store.get().activeWallId, 'the same arrangement is still the wall').toBe('a');
    expect(changes).toHaveLength(count);
    store.saveCurrent(0, view(2, ['3']));
    expect(store.get().activeWallId).toBeNull();
    expect(changes).toHaveLength(count + 1);
  });

  it('gives a hotkey to one wall only, and deleting the default wall clears the default', () => {
    const { store } = openStore(new MemoryFile());
    store.save(wall('a', [view(1, [])], 3));
    store.save(wall('b', [view(1, [])], 3));
    expect(store.get().walls.map((known) => [known.id, known.hotkey])).toEqual([
      ['a', null],
      ['b', 3],
    ]);
    store.setDefault('b');
    store.activate('b');
    const state = store.delete('b');
    expect(state).toMatchObject({ defaultWallId: null, activeWallId: null });
    expect(() => store.activate('b')).toThrow(/No wall "b"/);
    expect(() => store.setDefault('nope')).toThrow(/No wall "nope"/);
  });

  it('upserts the walls of the deployment file at start and makes its default wall the default', () => {
    const file = new MemoryFile({ state: 'ok', value: { walls: [wall('lobby', [view(1, ['1'])]), wall('own', [view(2, ['2'])], 2)], defaultWallId: 'own', activeWallId: null, current: { '0': view(4, []) } } });
    const config = parseConfig({
      walls: [
        { id: 'lobby', name: 'Lobby', hotkey: 2, monitors: [{ layout: '3x3', tiles: [{ serverId: 'hq', cameraId: '7' }, null, { serverId: 'hq', cameraId: '8' }] }] },
        { id: 'gate', name: 'Gate', monitors: [{ layout: '1x1', tiles: [{ serverId: 'hq', cameraId: '9', source: { mode: 'archive' } }], playback: { anchor: 5, anchorAt: 6, speed: 1, paused: true } }] },
      ],
      defaultWall: 'lobby',
    });
    const { store } = openStore(file, { provisioned: { walls: config.walls, defaultWall: config.defaultWall } });
    const state = store.get();
    expect(state.walls.map((known) => [known.id, known.name, known.hotkey])).toEqual([
      ['lobby', 'Lobby', 2],
      ['own', 'OWN', null],
      ['gate', 'Gate', null],
    ]);
    expect(state.defaultWallId).toBe('lobby');
    expect(state.current['0']?.layout.id).toBe('3x3');
    expect(state.current['0']?.tiles.map((tile) => tile?.cameraId ?? null)).toEqual(['7', null, '8']);
    expect(file.last, 'what the deployment changed is written at start').toEqual(state);
  });

  it('shows the first wall on a first start only: once a monitor was saved, it resumes what it showed', () => {
    const config = parseConfig({ walls: [{ id: 'tour', name: 'Tour', monitors: [{ layout: '2x2', tiles: [{ serverId: 'hq', cameraId: '1' }, { serverId: 'cloud', cameraId: 'x' }] }] }], firstWall: 'tour' });
    const provisioned = { walls: config.walls, defaultWall: config.defaultWall, firstWall: config.firstWall };
    const file = new MemoryFile();
    const first = openStore(file, { provisioned }).store;
    expect(first.get()).toMatchObject({ activeWallId: 'tour', defaultWallId: null });
    expect(first.get().current['0']?.tiles.map((tile) => tile?.cameraId ?? null)).toEqual(['1', 'x']);
    expect(file.last, 'written at once: a second start is no longer the first').toEqual(first.get());

    // The operator rearranges monitor 0; the next start resumes that, not the first wall.
    first.saveCurrent(0, view(3, ['5']));
    first.dispose();
    const again = openStore(file, { provisioned }).store.get();
    expect(again.current['0']?.layout.id).toBe('3x3');
    expect(again.activeWallId).toBeNull();
  });

  it('lets a default wall win over the first wall', () => {
    const config = parseConfig({
      walls: [
        { id: 'tour', name: 'Tour', monitors: [{ layout: '2x2', tiles: [] }] },
        { id: 'night', name: 'Night', monitors: [{ layout: '1x1', tiles: [{ serverId: 'hq', cameraId: '9' }] }] },
      ],
      defaultWall: 'night',
      firstWall: 'tour',
    });
    const state = openStore(new MemoryFile(), { provisioned: { walls: config.walls, defaultWall: config.defaultWall, firstWall: config.firstWall } }).store.get();
    expect(state.activeWallId).toBe('night');
    expect(state.current['0']?.layout.id).toBe('1x1');
  });

  it('rejects a deployment default that is not among its walls, naming the field', () => {
    expect(() => parseConfig({ walls: [], defaultWall: 'x' })).toThrow(/defaultWall: no wall "x"/);
    expect(() => parseConfig({ walls: [], firstWall: 'y' })).toThrow(/firstWall: no wall "y"/);
    expect(() => parseConfig({ walls: [{ id: 'a', name: 'A', monitors: [{ layout: '9x9', tiles: [] }] }] })).toThrow(/walls\[0\]\.monitors\[0\]\.layout/);
  });

  it.each([
    ['a truncated file', '{"walls":[{"id":"night","name":"Night","monitors":[{"lay'],
    ['garbage', '\u0000\u0001 not json at all'],
  ])('survives %s: keeps it aside, says so, starts empty, and loses no other store', async (_, text) => {
    const where = await dir();
    const problems = new ProblemLog(silentLogger);
    new SettingsStore(confFile(where, 'settings'), { log: silentLogger, problems }).update({ operatorName: 'Asha' });
    await writeFile(join(where, 'walls.json'), text);

    const { store, problems: wallProblems } = openStore(confFile(where, 'walls'));
    expect(store.get()).toEqual({ walls: [], defaultWallId: null, activeWallId: null, current: {} });
    const backups = readdirSync(where).filter((name) => name.startsWith('walls.json.corrupt-'));
    expect(backups).toHaveLength(1);
    const backup = join(where, backups[0] ?? '');
    expect(await readFile(backup, 'utf8')).toBe(text);
    const [problem] = wallProblems.list();
    expect(problem).toEqual({ message: expect.stringMatching(/^The walls file was unreadable \(.+\); it was kept as .+ and the wall starts empty\.$/) as unknown, backup });
    expect(problem?.message).toContain(backup);

    store.saveCurrent(0, view(2, ['1']));
    store.dispose();
    expect(openStore(confFile(where, 'walls')).store.get().current['0']).toEqual(view(2, ['1']));
    expect(new SettingsStore(confFile(where, 'settings'), { log: silentLogger, problems }).get().operatorName).toBe('Asha');
  });

  it('keeps every wall and view that validates from a file that does not, backs it up and says what was dropped', async () => {
    const where = await dir();
    const good = wall('good', [view(2, ['1'])]);
    const stored = { walls: [good, { id: 'bad', name: '', monitors: [] }], defaultWallId: 'bad', activeWallId: 'good', current: { '0': view(3, ['2']), '1': { layout: 'nope' } } };
    await writeFile(join(where, 'walls.json'), JSON.stringify(stored));
    const { store, problems } = openStore(confFile(where, 'walls'));
    expect(store.get()).toEqual({ walls: [good], defaultWallId: null, activeWallId: 'good', current: { '0': view(3, ['2']) } });
    const [problem] = problems.list();
    expect(problem?.message).toMatch(/The walls file .+walls\.json did not validate \(.+\): dropped 1 saved wall and dropped what monitor 1 showed; the file as it was is kept as .+walls\.json\.invalid-/);
    expect(existsSync(problem?.backup ?? '')).toBe(true);
    expect(JSON.parse(await readFile(problem?.backup ?? '', 'utf8'))).toEqual(stored);
    expect(JSON.parse(await readFile(join(where, 'walls.json'), 'utf8'))).toEqual(store.get());
  });

  it('keeps a newer version\'s walls file aside before rewriting it without the fields this version does not know, and keeps its walls', async () => {
    const where = await dir();
    const night = wall('night', [view(2, ['1'])]);
    // As a newer Tessera might write it: a field on a wall, one in a view, one at the top.
    const newer = { walls: [{ ...night, colour: 'amber' }], defaultWallId: 'night', activeWallId: null, current: { '0': { ...view(2, ['1']), zoom: 2 } }, schedule: { night: '22:00' } };
    await writeFile(join(where, 'walls.json'), JSON.stringify(newer));
    const { store, problems } = openStore(confFile(where, 'walls'));
    expect(store.get().walls, 'the wall is kept, not dropped for one new field').toEqual([night]);
    expect(store.get().defaultWallId).toBe('night');
    const [problem] = problems.list();
    expect(problem?.message).toMatch(/has fields this version of Tessera does not know \(.*walls\[0\]\.colour.*\), perhaps from a newer version: they are left out here; the file as it was is kept as .+walls\.json\.newer-/);
    expect(problem?.message).toContain('current.0.zoom');
    expect(problem?.message).toContain('schedule');
    expect(JSON.parse(await readFile(problem?.backup ?? '', 'utf8')), 'nothing the newer version wrote is lost').toEqual(newer);
    store.dispose();
    // Said once: the file now holds what this version knows.
    expect(openStore(confFile(where, 'walls')).problems.list()).toEqual([]);
  });
});
