import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../electron/common/logger';
import { SERVERS_FILE, ServerStore, storedServersState } from '../../../../electron/core/servers/server-store';
import { ProblemLog } from '../../../../electron/core/stores/problem-log';
import { confFile } from '../../../../electron/core/stores/store-file';

const dir = (): Promise<string> => mkdtemp(join(tmpdir(), 'tessera-servers-'));
const open = (where: string, problems = new ProblemLog(silentLogger)) => ({ store: new ServerStore(confFile(where, SERVERS_FILE), { log: silentLogger, problems }), problems });
const yard = { id: 'yard', type: 'ivms', name: 'Yard', url: 'http://yard.test', pathPrefix: '', username: 'wall', sealedPassword: 'aes256gcm.v1:AAAA' } as const;
const gate = { id: 'gate', type: 'ivms', name: 'Gate', url: 'http://gate.test', pathPrefix: '/V-Pro' } as const;

describe('ServerStore', () => {
  it('keeps the servers added in the UI across restarts, in order, replacing in place', async () => {
    const where = await dir();
    const { store } = open(where);
    expect(store.list()).toEqual([]);
    expect(storedServersState(confFile(where, SERVERS_FILE))).toBe('missing');
    store.put(yard);
    store.put(gate);
    store.put({ ...yard, name: 'Yard 2' });
    const again = open(where).store;
    expect(again.list().map((server) => [server.id, server.name])).toEqual([
      ['yard', 'Yard 2'],
      ['gate', 'Gate'],
    ]);
    expect(again.remove('yard')).toBe(true);
    expect(again.remove('yard')).toBe(false);
    expect(open(where).store.list().map((server) => server.id)).toEqual(['gate']);
    expect(storedServersState(confFile(where, SERVERS_FILE))).toBe('servers');
  });

  it('survives a truncated file: moves it aside as a backup, says so, and touches no other file', async () => {
    const where = await dir();
    await writeFile(join(where, 'settings.json'), '{"operatorName":"Asha"}');
    await writeFile(join(where, 'servers.json'), '{"version":1,"servers":[{"id":"yard","ty');
    const { store, problems } = open(where);
    expect(store.list()).toEqual([]);
    const [problem] = problems.list();
    expect(problem?.message).toMatch(/servers file was unreadable/);
    expect(problem?.backup && existsSync(problem.backup)).toBe(true);
    expect(await readFile(problem?.backup ?? '', 'utf8')).toContain('"id":"yard"');
    expect(readdirSync(where).filter((name) => name.startsWith('servers.json.corrupt-'))).toHaveLength(1);
    expect(await readFile(join(where, 'settings.json'), 'utf8')).toBe('{"operatorName":"Asha"}');
    // It works on: a server added now is kept.
    store.put(gate);
    expect(open(where).store.list().map((server) => server.id)).toEqual(['gate']);
  });

  it('keeps every server that validates when one does not, with a backup of the file as it was', async () => {
    const where = await dir();
    await writeFile(join(where, 'servers.json'), JSON.stringify({ version: 1, servers: [yard, { id: 'bad id!', type: 'ivms', name: 'x', url: 'u' }, gate, { ...gate, name: 'twin' }] }));
    const { store, problems } = open(where);
    expect(store.list().map((server) => server.name)).toEqual(['Yard', 'Gate']);
    const [problem] = problems.list();
    expect(problem?.message).toMatch(/left out the servers "bad id!", "gate"/);
    expect(await readFile(problem?.backup ?? '', 'utf8')).toContain('bad id!');
    expect(open(where).problems.list()).toEqual([]);
  });
});

describe('ServerStore and newer files', () => {
  it('runs the servers of a file with fields a newer Tessera wrote, says so, and keeps the file as it was', async () => {
    const where = await dir();
    await writeFile(join(where, 'servers.json'), JSON.stringify({ version: 1, servers: [{ ...gate, addedIn: '2.0' }] }));
    const { store, problems } = open(where);
    // The server runs; the field it does not know is said, and kept in a copy of the file.
    expect(store.list()).toEqual([gate]);
    expect(problems.list()).toEqual([expect.objectContaining({ message: expect.stringMatching(/have fields this version of Tessera does not use: "Gate" \("addedIn"\)/) as unknown, backup: expect.stringMatching(/servers\.json\.newer-/) as unknown })]);
    expect(JSON.parse(await readFile(problems.list()[0]?.backup ?? '', 'utf8'))).toMatchObject({ servers: [{ addedIn: '2.0' }] });
  });
});
