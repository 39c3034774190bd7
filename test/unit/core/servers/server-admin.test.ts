import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StreamStateEvent } from '../../../../shared/model/stream';
import { type ServerConfig } from '../../../../electron/core/config';
import { IvmsServerConfig } from '../../../../electron/vms/ivms/ivms-vendor';
import { KeyFileVault } from '../../../../electron/core/credentials/key-file-vault';
import { silentLogger } from '../../../../electron/common/logger';
import { ServerDirectory } from '../../../../electron/core/servers';
import { initialServers } from '../../../../electron/core/servers/initial-servers';
import { ServerAdmin } from '../../../../electron/core/servers/server-admin';
import { SERVERS_FILE, ServerStore } from '../../../../electron/core/servers/server-store';
import { StreamService } from '../../../../electron/core/sessions/stream-service';
import { ProblemLog } from '../../../../electron/core/stores/problem-log';
import { confFile } from '../../../../electron/core/stores/store-file';
import { MediaProxy } from '../../../../electron/media/media-proxy';
import { FakeAdapter } from '../../support/fake-adapter';
import { ManualClock } from '../../support/manual-clock';

const PASSWORD = 'Tr0ub4dor&3-only-here';
const dir = (): Promise<string> => mkdtemp(join(tmpdir(), 'tessera-admin-'));
/** A draft as the Servers dialog sends it: id, type and name, and the vendor's fields. */
const draft = ({ id = 'yard', type = 'ivms', name = 'Yard', ...values }: { id?: string; type?: 'ivms' | 'vxg' | 'een' | 'milestone'; name?: string } & Record<string, string> = {}) => ({
  id,
  type,
  name,
  values: { url: 'http://yard.test:8080', pathPrefix: '', ...values },
});

/** The servers admin over the real directory, store, vault and stream service; adapters and event streams faked. */
async function boot(where: string, managed: readonly ServerConfig[] = []) {
  const clock = new ManualClock();
  const problems = new ProblemLog(silentLogger);
  const vault = new KeyFileVault(join(where, 'credentials.key'));
  const store = new ServerStore(confFile(where, SERVERS_FILE), { log: silentLogger, problems });
  const initial = initialServers(managed, store.list(), vault, problems, silentLogger);
  const adapters = new Map<string, FakeAdapter>();
  const directory = new ServerDirectory({
    servers: initial.servers,
    createAdapter: (config) => {
      const adapter = new FakeAdapter();
      adapters.set(config.type === 'ivms' ? config.url : config.id, adapter);
      return adapter;
    },
    clock,
    log: silentLogger,
    refreshMs: () => 15_000,
    onServersChanged: () => undefined,
    onCamerasChanged: () => undefined,
  });
  const told: StreamStateEvent[] = [];
  const streams = new StreamService({
    clock,
    log: silentLogger,
    media: new MediaProxy({ clock }),
    adapterFor: (serverId) => directory.adapter(serverId),
    checkCamera: (serverId, cameraId) => void directory.camera(serverId, cameraId),
    notify: (_clientId, event) => told.push(event),
  });
  const eventCalls: string[] = [];
  const tested: ServerConfig[] = [];
  const admin = new ServerAdmin({
    directory,
    store,
    vault,
    managedIds: initial.managedIds,
    streams,
    events: { attach: (serverId) => eventCalls.push(`attach ${serverId}`), detach: (serverId) => eventCalls.push(`detach ${serverId}`) },
    eventsOff: () => undefined,
    createAdapter: (config) => {
      tested.push(config);
      return new FakeAdapter();
    },
    log: silentLogger,
  });
  admin.start();
  await clock.advance(0);
  const file = (): Promise<string> => readFile(join(where, 'servers.json'), 'utf8');
  return { admin, directory, streams, told, eventCalls, tested, problems, adapters, clock, file };
}

/** An IVMS configuration, narrowed (these tests only add IVMS servers). */
function ivms(config: ServerConfig | undefined): IvmsServerConfig {
  if (config?.type !== 'ivms') throw new Error('not an IVMS server');
  return config;
}

const HQ = IvmsServerConfig.parse({ id: 'hq', type: 'ivms', name: 'Head office', url: 'http://hq.test', username: 'ops', password: 'from-the-file' });

describe('ServerAdmin', () => {
  it('adds a server: its password is sealed on disk, never in a reply, and opened again after a restart', async () => {
    const where = await dir();
    const { admin, directory, eventCalls, file } = await boot(where);
    const added = await admin.add(draft({ username: 'wall', password: PASSWORD }));
    expect(added).toEqual({ id: 'yard', type: 'ivms', name: 'Yard', values: { url: 'http://yard.test:8080', pathPrefix: '', username: 'wall', mediaUrls: [] }, storedSecrets: ['password'], summary: 'http://yard.test:8080', managed: false });
    expect(JSON.stringify(admin.settings())).not.toContain(PASSWORD);
    expect(eventCalls).toEqual(['attach yard']);
    expect(ivms(directory.config('yard')).password).toBe(PASSWORD);
    const onDisk = await file();
    expect(onDisk).not.toContain(PASSWORD);
    expect(onDisk).toMatch(/"sealed": ?\{\s*"password": ?"aes256gcm\.v1:/);

    const restarted = await boot(where);
    expect(restarted.directory.config('yard')).toMatchObject({ username: 'wall', password: PASSWORD });
    expect(restarted.directory.list()[0]).toMatchObject({ id: 'yard', state: 'online', cameraCount: 2 });
  });

  it('refuses a second server with an id in use, and addresses that do not validate, in words (every planned vendor is supported now)', async () => {
    const { admin } = await boot(await dir(), [HQ]);
    await expect(admin.add(draft({ id: 'hq' }))).rejects.toThrow('id: a server with the id "hq" exists already');
    await expect(admin.add(draft({ url: 'yard.test:8080' }))).rejects.toThrow('url: must be an http:// or https:// URL');
    await expect(admin.add(draft({ timeZone: 'Mars/Olympus' }))).rejects.toThrow('timeZone: must be an IANA time zone such as Asia/Kolkata');
    await expect(admin.add(draft({ url: 'http://wall:secret@yard.test' }))).rejects.toThrow(/put the user name and password in their own fields/);
    await expect(admin.add(draft({ password: PASSWORD }))).rejects.toThrow(/enter the user name/);
  });

  it('merges the deployment file\'s servers in first: they win for their ids, are marked managed and cannot be changed here', async () => {
    const where = await dir();
    await writeFile(join(where, 'servers.json'), JSON.stringify({ version: 1, servers: [{ id: 'hq', type: 'ivms', name: 'Mine', url: 'http://mine.test', pathPrefix: '' }, { id: 'yard', type: 'ivms', name: 'Yard', url: 'http://yard.test', pathPrefix: '' }] }));
    const { admin } = await boot(where, [HQ]);
    expect(admin.settings().map((server) => [server.id, server.name, server.managed, server.storedSecrets.includes('password')])).toEqual([
      ['hq', 'Head office', true, true],
      ['yard', 'Yard', false, false],
    ]);
    expect(JSON.stringify(admin.settings())).not.toContain('from-the-file');
    await expect(admin.update(draft({ id: 'hq', url: 'http://hq.test' }))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(admin.remove('hq')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps the stored password when the form leaves it empty, but never carries it to a new address', async () => {
    const where = await dir();
    const { admin, directory, file } = await boot(where);
    await admin.add(draft({ username: 'wall', password: PASSWORD }));
    const sealed = JSON.parse(await file()) as { servers: Array<{ sealed: { password: string } }> };
    await admin.update(draft({ username: 'wall', pathPrefix: '/V-Pro-IVMS-APIServer' }));
    expect(directory.config('yard')).toMatchObject({ pathPrefix: '/V-Pro-IVMS-APIServer', password: PASSWORD });
    expect((JSON.parse(await file()) as typeof sealed).servers[0]?.sealed.password).toBe(sealed.servers[0]?.sealed.password);

    await expect(admin.update(draft({ username: 'wall', url: 'http://elsewhere.test:8080' }))).rejects.toThrow(/the address changed, so enter the password again/);
    await expect(admin.update(draft({ username: 'wall', redundantUrl: 'http://standby.elsewhere.test' }))).rejects.toThrow(/enter the password again/);
    await admin.update(draft({ username: 'wall', url: 'http://elsewhere.test:8080', password: 'new-one' }));
    expect(ivms(directory.config('yard')).password).toBe('new-one');
    // No user name, no password.
    await admin.update(draft({ url: 'http://elsewhere.test:8080' }));
    expect(ivms(directory.config('yard')).password).toBeUndefined();
    expect(await file()).not.toContain('sealed');
  });

  it('moves tiles to the new settings: their sessions stop on the old adapter and they are told to reopen; a rename reconnects nothing', async () => {
    const { admin, streams, told, eventCalls, adapters, clock } = await boot(await dir());
    await admin.add(draft());
    await clock.advance(0);
    const stream = await streams.start('window', { serverId: 'yard', cameraId: '1', width: 640, height: 360 }, { mode: 'live' });
    await admin.update(draft({ name: 'Yard (north)' }));
    expect(told).toEqual([]);
    expect(eventCalls).toEqual(['attach yard']);

    await admin.update(draft({ name: 'Yard (north)', url: 'http://yard2.test:8080' }));
    expect(adapters.get('http://yard.test:8080')?.calls).toContain(`closeSession:100`);
    expect(told).toEqual([{ streamId: stream.streamId, state: 'lost', reason: 'The server settings changed' }]);
    expect(eventCalls).toEqual(['attach yard', 'detach yard', 'attach yard']);
    expect(streams.activeSessions).toBe(0);
    // Reopening lands on the new adapter.
    await streams.start('window', { serverId: 'yard', cameraId: '1', width: 640, height: 360 }, { mode: 'live' });
    expect(adapters.get('http://yard2.test:8080')?.calls).toContain('openLive:1');
  });

  it('removes a server: its sessions stop, its tiles say why, it is gone from the file', async () => {
    const { admin, directory, streams, told, eventCalls, file, clock } = await boot(await dir());
    await admin.add(draft());
    await clock.advance(0);
    const stream = await streams.start('window', { serverId: 'yard', cameraId: '2', width: 640, height: 360 }, { mode: 'live' });
    await admin.remove('yard');
    expect(told).toEqual([{ streamId: stream.streamId, state: 'failed', reason: 'The server was removed' }]);
    expect(eventCalls).toEqual(['attach yard', 'detach yard']);
    expect(directory.has('yard')).toBe(false);
    expect(await file()).not.toContain('yard');
    await expect(admin.remove('yard')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('tests with the stored password only while the address is the one it was saved for', async () => {
    const { admin, tested } = await boot(await dir());
    await admin.add(draft({ username: 'wall', password: PASSWORD }));
    expect(await admin.test(draft({ username: 'wall' }))).toEqual({ ok: true, cameraCount: 2 });
    expect(ivms(tested.at(-1)).password).toBe(PASSWORD);
    expect(await admin.test(draft({ username: 'wall', url: 'http://attacker.test' }))).toEqual({ ok: false, reason: expect.stringMatching(/enter the password again/) as unknown });
    expect(tested).toHaveLength(1);
    expect(await admin.test(draft({ id: 'new', url: 'nonsense' }))).toEqual({ ok: false, reason: 'url: must be an http:// or https:// URL' });
  });

  it('runs a server a newer Tessera stored with fields this one does not know', async () => {
    const where = await dir();
    await writeFile(join(where, 'servers.json'), JSON.stringify({ version: 1, servers: [{ id: 'yard', type: 'ivms', name: 'Yard', url: 'http://yard.test', pathPrefix: '', addedIn: '2.0' }] }));
    const { directory, problems } = await boot(where);
    expect(directory.list()[0]).toMatchObject({ id: 'yard', state: 'online' });
    // Said, because a field this version does not use may be a setting mistyped by hand.
    expect(problems.list().map((problem) => problem.message)).toEqual([expect.stringMatching(/"Yard" \("addedIn"\)\. They are left out here/)]);
  });

  it('loads servers.json of the first format (one sealed password, version 1) unchanged, and opens its password', async () => {
    const where = await dir();
    const vault = new KeyFileVault(join(where, 'credentials.key'));
    const v1 = { version: 1, servers: [{ id: 'yard', type: 'ivms', name: 'Yard', url: 'http://yard.test:8080', redundantUrl: 'http://yard2.test:8080', pathPrefix: '/V-Pro-IVMS-APIServer', timeZone: 'Asia/Kolkata', username: 'wall', sealedPassword: vault.seal(PASSWORD) }] };
    await writeFile(join(where, 'servers.json'), JSON.stringify(v1));
    const { directory, admin, problems } = await boot(where);
    expect(problems.list()).toEqual([]);
    expect(directory.config('yard')).toMatchObject({ url: 'http://yard.test:8080', redundantUrl: 'http://yard2.test:8080', pathPrefix: '/V-Pro-IVMS-APIServer', timeZone: 'Asia/Kolkata', username: 'wall', password: PASSWORD });
    expect(admin.settings()[0]).toMatchObject({ storedSecrets: ['password'] });
  });

  it('runs a stored server without a password it cannot open, and says why', async () => {
    const where = await dir();
    await (await boot(where)).admin.add(draft({ username: 'wall', password: PASSWORD }));
    await writeFile(join(where, 'credentials.key'), Buffer.alloc(32, 7));
    const { admin, problems } = await boot(where);
    expect(admin.settings()[0]).toMatchObject({ id: 'yard', values: { username: 'wall' }, storedSecrets: [] });
    expect(problems.list()[0]?.message).toMatch(/Server "Yard": its stored password cannot be used, so it runs without it until it is entered again\. .*does not match the key/);
  });
});
