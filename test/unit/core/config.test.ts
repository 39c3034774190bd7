import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '../../../electron/core/config';
import { keepaliveIntervalMs } from '../../../electron/vms/ivms/ivms-vendor';

describe('config', () => {
  it('accepts the documented example and fills defaults', () => {
    const config = parseConfig({ servers: [{ id: 'hq', type: 'ivms', url: 'http://127.0.0.1:9000', pathPrefix: '' }] });
    const server = config.servers[0];
    expect(server).toMatchObject({ id: 'hq', sessionTimeoutMs: 60_000, statusOnlineValue: 1, statusPollMs: 10_000, events: true });
    expect(server?.type === 'ivms' && keepaliveIntervalMs(server)).toBe(20_000);
  });

  it('keeps the keepalive at a fraction of the expiry, unless the first format\'s interval is given', () => {
    const [fraction, fixed] = parseConfig({
      servers: [
        { id: 'a', type: 'ivms', url: 'http://a', sessionTimeoutMs: 30_000, keepaliveFraction: 0.25 },
        { id: 'b', type: 'ivms', url: 'http://b', keepaliveIntervalMs: 5000 },
      ],
    }).servers;
    expect(fraction?.type === 'ivms' && keepaliveIntervalMs(fraction)).toBe(7500);
    expect(fixed?.type === 'ivms' && keepaliveIntervalMs(fixed)).toBe(5000);
  });

  it('checks time zones and the standby URL', () => {
    expect(() => parseConfig({ servers: [{ id: 'a', type: 'ivms', url: 'http://a', timeZone: 'Mars/Olympus' }] })).toThrow(/servers\[0\]\.timeZone: must be an IANA time zone/);
    expect(() => parseConfig({ servers: [{ id: 'a', type: 'ivms', url: 'http://a', redundantUrl: 'nope' }] })).toThrow(/servers\[0\]\.redundantUrl/);
  });

  it('names the offending field', () => {
    expect(() => parseConfig({ servers: [{ id: 'hq', type: 'ivms', url: 'not a url' }] })).toThrow(/servers\[0\]\.url/);
    expect(() => parseConfig({ servers: [{ id: 'hq', type: 'nope', url: 'http://x' }] })).toThrow(/servers\[0\]\.type/);
    expect(() => parseConfig({ servers: [{ type: 'ivms', url: 'http://x' }] })).toThrow(/servers\[0\]\.id/);
  });

  it('rejects unknown fields so typos do not pass silently', () => {
    expect(() => parseConfig({ servers: [{ id: 'hq', type: 'ivms', url: 'http://x', pathprefix: '/a' }] })).toThrow(/servers\[0\]/);
  });

  it('refuses a user name or password in a URL, naming the field and where they go instead', () => {
    for (const url of ['http://wall:secret@10.0.0.5:8080', 'https://wall@vms.example']) {
      expect(() => parseConfig({ servers: [{ id: 'hq', type: 'ivms', url }] })).toThrow(/servers\[0\]\.url: must not contain a user name or password: put the user name and password in their own fields/);
      expect(() => parseConfig({ servers: [{ id: 'hq', type: 'ivms', url: 'http://10.0.0.5', redundantUrl: url }] })).toThrow(/servers\[0\]\.redundantUrl: must not contain/);
    }
    expect(parseConfig({ servers: [{ id: 'hq', type: 'ivms', url: 'http://10.0.0.5:8080/path@v2', username: 'wall', password: 'secret' }] }).servers[0]).toMatchObject({ url: 'http://10.0.0.5:8080/path@v2' });
  });

  it('reads a file that starts with a UTF-8 byte order mark (Windows Notepad)', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'tessera-config-')), 'wall.json');
    await writeFile(path, '\uFEFF' + JSON.stringify({ servers: [{ id: 'hq', type: 'ivms', url: 'http://10.0.0.5:8080' }] }));
    expect((await loadConfigFile(path)).servers.map((server) => server.id)).toEqual(['hq']);
  });

  it('rejects duplicate server ids', () => {
    const server = { id: 'hq', type: 'ivms', url: 'http://x' };
    expect(() => parseConfig({ servers: [server, server] })).toThrow(/servers\[1\]\.id: duplicate server id "hq"/);
  });

  it('reports unreadable and malformed files clearly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-config-'));
    await expect(loadConfigFile(join(dir, 'missing.json'))).rejects.toThrow(ConfigError);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"servers": [');
    await expect(loadConfigFile(broken)).rejects.toThrow(/is not valid JSON/);
  });
});
