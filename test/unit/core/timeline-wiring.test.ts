import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SaveFileResult } from '../../../shared/model/export';
import { createCore, type Core } from '../../../electron/core/app-core';
import { parseConfig } from '../../../electron/core/config';
import type { FileSaver } from '../../../electron/core/files/file-saver';
import { silentLogger } from '../../../electron/common/logger';
import type { HttpFetch } from '../../../electron/vms/http';
import { ManualClock, settle } from '../support/manual-clock';

const NOW = 1_700_000_000_000;
const OLDEST_S = NOW / 1000 - 3600;

/** An IVMS that answers the channel list, status and one channel (oldestClipTime in seconds). */
const ivms: HttpFetch = (request) => {
  const path = new URL(request.url).pathname.replace('/REST/local/', '');
  const channel = { id: 1, name: 'Gate', oldestClipTime: OLDEST_S };
  const result = path === 'channel' || path === 'channel/1' ? [channel] : path === 'channel/status' ? [{ channelId: 1, channelStatus: 1 }] : undefined;
  const body = result ? { status: 2000, result } : { status: 3110, result: [] };
  return Promise.resolve({ status: result ? 200 : 404, headers: new Headers({ 'content-type': 'application/json' }), body: new TextEncoder().encode(JSON.stringify(body)) });
};

let core: Core | undefined;
afterEach(async () => {
  await core?.dispose();
  core = undefined;
});

async function start(fileSaver?: FileSaver): Promise<Core> {
  const clock = new ManualClock(NOW);
  core = createCore({
    config: parseConfig({ servers: [{ id: 'hq', type: 'ivms', url: 'http://ivms.test', events: false }] }),
    dataDir: await mkdtemp(join(tmpdir(), 'tessera-core-')),
    info: { version: '0.0.0', transport: 'web', demo: false },
    log: silentLogger,
    clock,
    fetch: ivms,
    fileSaver,
  });
  await clock.advance(0);
  await settle();
  return core;
}

const PNG_BASE64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]).toString('base64');

describe('the timeline, export and file channels through the core', () => {
  it('answer recordings inferred from an IVMS channel, and markers, within the contract', async () => {
    const { registry } = await start();
    const context = { clientId: 'test' };
    expect(await registry.invoke('timeline.recordings', { serverId: 'hq', cameraId: '1', from: NOW - 7200_000, to: NOW + 60_000 }, context)).toEqual({
      ok: true,
      value: { source: 'inferred', ranges: [{ from: OLDEST_S * 1000, to: NOW }] },
    });
    expect(await registry.invoke('timeline.markers', { cameras: [{ serverId: 'hq', cameraId: '1' }], from: NOW - 60_000, to: NOW }, context)).toEqual({
      ok: true,
      value: { from: NOW - 60_000, to: NOW, truncated: false, types: [], time: [], type: [], camera: [], id: [] },
    });
    expect(await registry.invoke('timeline.markers', { cameras: [{ serverId: 'hq', cameraId: '1' }], from: NOW, to: NOW - 1 }, context)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await registry.invoke('timeline.recordings', { serverId: 'hq', cameraId: '9', from: NOW - 1000, to: NOW }, context)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('refuse a search for words with a NUL in them as a bad request (the journal cannot search for it)', async () => {
    const { registry } = await start();
    const context = { clientId: 'test' };
    for (const text of ['gate\u0000', '\u0000']) {
      expect(await registry.invoke('events.query', { filter: { state: 'all', text } }, context)).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/NUL/) as unknown } });
    }
    expect(await registry.invoke('events.query', { filter: { state: 'all', text: 'gate "entrance*' } }, context)).toEqual({ ok: true, value: [] });
  });

  it('start exports only for known cameras, and list them', async () => {
    const { registry } = await start();
    const context = { clientId: 'test' };
    expect(await registry.invoke('export.start', { cameras: [{ serverId: 'hq', cameraId: '9' }], from: NOW - 10_000, to: NOW }, context)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await registry.invoke('export.start', { cameras: [{ serverId: 'hq', cameraId: '1' }], from: NOW - 3 * 3600_000, to: NOW }, context)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    // A moment no Date can hold is refused as a bad request, not failed inside the export.
    for (const from of [1e20, 8.64e15, -1e17]) {
      const reply = await registry.invoke('export.start', { cameras: [{ serverId: 'hq', cameraId: '1' }], from, to: from + 60_000 }, context);
      expect(reply, `from ${from}`).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(await registry.invoke('export.list', {}, context)).toEqual({ ok: true, value: [] });
    expect(await registry.invoke('export.cancel', { id: 'nope' }, context)).toMatchObject({ ok: false, error: { code: 'not-found', message: 'No export nope' } });
  });

  it('save files as downloads on the app origin, or through the host saver', async () => {
    const { registry, routes } = await start();
    const result = await registry.invoke('files.save', { fileName: 'Gate.png', contentType: 'image/png', base64: PNG_BASE64 }, { clientId: 'test' });
    const saved = result.ok ? (result.value as SaveFileResult) : undefined;
    if (saved?.saved !== 'download') throw new Error(`expected a download, got ${JSON.stringify(result)}`);
    const url = new URL(saved.url, 'http://app');
    const route = routes.find(([prefix]) => url.pathname.startsWith(prefix));
    const answer = await route?.[1](url.pathname.slice(route[0].length), url);
    expect(answer).toMatchObject({ status: 200, headers: { 'content-type': 'image/png', 'content-disposition': expect.stringMatching(/^attachment; filename="Gate.png"/) as unknown } });
    expect(await registry.invoke('files.save', { fileName: 'Gate.png', contentType: 'image/png', base64: 'AAAA' }, { clientId: 'test' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    await core?.dispose();

    const names: string[] = [];
    const host = await start({ save: (name) => (names.push(name), Promise.resolve({ saved: 'file', path: `/pictures/${name}` })) });
    expect(await host.registry.invoke('files.save', { fileName: 'Gate.png', contentType: 'image/png', base64: PNG_BASE64 }, { clientId: 'test' })).toEqual({ ok: true, value: { saved: 'file', path: '/pictures/Gate.png' } });
    expect(names).toEqual(['Gate.png']);
  });
});
