import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DownloadSaver } from '../../../../electron/core/files/download-saver';
import { DOWNLOAD_ROUTE, Downloads } from '../../../../electron/core/files/downloads';
import { decodeRendererFile, safeFileName } from '../../../../electron/core/files/file-saver';
import { AppRoutes, textAnswer } from '../../../../electron/common/http-answer';
import { silentLogger } from '../../../../electron/common/logger';
import { HandlerRegistry } from '../../../../electron/core/registry';
import { handleAppRequest } from '../../../../electron/main/app-protocol';
import { startWebTransport } from '../../../../electron/web/web-transport';
import { fakeHandlers } from '../../support/handlers';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** Asks the route for a download URL as the renderer got it. */
function get(downloads: Downloads, href: string) {
  const url = new URL(href, 'http://app');
  return downloads.route()(url.pathname.slice(DOWNLOAD_ROUTE.length), url);
}

describe('the download route', () => {
  it('serves kept bytes inline, or as an attachment under their name with ?download=1', async () => {
    const downloads = new Downloads();
    const saver = new DownloadSaver(downloads);
    const saved = await saver.save('Lobby 10:00:00 — snapshot', PNG, 'image/png');
    if (saved.saved !== 'download') throw new Error('expected a download');
    expect(saved.url).toMatch(/^\/downloads\/[\w-]{22}\?download=1$/);
    const answer = await get(downloads, saved.url);
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ 'content-type': 'image/png', 'cache-control': 'no-store', 'content-disposition': 'attachment; filename="Lobby 10_00_00 _ snapshot.png"; filename*=UTF-8\'\'Lobby%2010_00_00%20%E2%80%94%20snapshot.png' });
    expect(answer.body).toEqual(PNG);
    const inline = await get(downloads, saved.url.replace('?download=1', ''));
    expect(inline.headers['content-disposition']).toBeUndefined();
  });

  it('answers 404 for unknown ids, malformed ids and files that are gone', async () => {
    const downloads = new Downloads();
    expect((await get(downloads, '/downloads/AAAAAAAAAAAAAAAAAAAAAA?download=1')).status).toBe(404);
    expect((await get(downloads, '/downloads/../../etc/passwd')).status).toBe(404);
    const dir = await mkdtemp(join(tmpdir(), 'tessera-downloads-'));
    const id = downloads.add({ fileName: 'a.mp4', contentType: 'video/mp4', body: { kind: 'file', path: join(dir, 'a.mp4') } });
    expect(await get(downloads, downloads.url(id))).toMatchObject({ status: 404 });
    await writeFile(join(dir, 'a.mp4'), 'movie');
    expect(await get(downloads, downloads.url(id))).toMatchObject({ status: 200, file: { path: join(dir, 'a.mp4'), size: 5 } });
    downloads.remove(id);
    expect((await get(downloads, downloads.url(id))).status).toBe(404);
    await rm(dir, { recursive: true });
  });

  it('streams files through both transports: the web transport and the Electron app protocol', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-downloads-'));
    const bytes = new Uint8Array(300_000).map((_, index) => index % 251);
    await writeFile(join(dir, 'export.mp4'), bytes);
    const downloads = new Downloads();
    const id = downloads.add({ fileName: 'Gate export.mp4', contentType: 'video/mp4', body: { kind: 'file', path: join(dir, 'export.mp4') } });
    const routes = new AppRoutes([[DOWNLOAD_ROUTE, downloads.route()]], () => Promise.resolve(textAnswer(404, 'no')));

    const viaProtocol = await handleAppRequest(new Request(`tessera://app${downloads.url(id)}`), routes);
    expect(viaProtocol.headers.get('content-disposition')).toMatch(/^attachment; filename="Gate export.mp4"/);
    expect(new Uint8Array(await viaProtocol.arrayBuffer())).toEqual(bytes);

    const registry = new HandlerRegistry();
    registry.implement(fakeHandlers());
    const web = await startWebTransport({ registry, routes: () => routes, log: silentLogger, secret: 'test-secret' });
    try {
      expect((await fetch(`${web.origin}${downloads.url(id)}`)).status, 'not without the launch key').toBe(401);
      const download = await fetch(`${web.origin}${downloads.url(id)}`, { headers: { 'x-tessera-key': 'test-secret' } });
      expect(download.headers.get('content-length')).toBe('300000');
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    } finally {
      await web.close();
      await rm(dir, { recursive: true });
    }
  });
});

describe('DownloadSaver', () => {
  it('keeps at most the newest files within its limits', async () => {
    const downloads = new Downloads();
    const saver = new DownloadSaver(downloads, { maxFiles: 3, maxBytes: 25 });
    const urls: string[] = [];
    for (let i = 0; i < 5; i++) {
      const saved = await saver.save(`s${i}`, PNG, 'image/png');
      if (saved.saved === 'download') urls.push(saved.url);
    }
    // Eleven bytes each: the byte limit leaves two of the three the count allows.
    const kept = await Promise.all(urls.map(async (url) => (await get(downloads, url)).status));
    expect(kept).toEqual([404, 404, 404, 200, 200]);
    saver.dispose();
    expect((await get(downloads, urls[4] ?? '')).status).toBe(404);
  });
});

describe('files the renderer sends', () => {
  it('get names safe on every platform, ending in their type', () => {
    expect(safeFileName('Main Entrance 2026-05-01 10:00:00.png', 'image/png')).toBe('Main Entrance 2026-05-01 10_00_00.png');
    expect(safeFileName('../../etc/passwd', 'image/png')).toBe('passwd.png');
    expect(safeFileName('C:\\Users\\x\\..\\snap', 'image/png')).toBe('snap.png');
    expect(safeFileName(' .. ', 'image/png')).toBe('tessera.png');
    expect(safeFileName('a'.repeat(300), 'image/png')).toHaveLength(154);
  });

  it('must be what they say they are', () => {
    expect(decodeRendererFile(Buffer.from(PNG).toString('base64'), 'image/png')).toEqual(PNG);
    expect(() => decodeRendererFile(Buffer.from('GIF89a').toString('base64'), 'image/png')).toThrow(/not a PNG/);
  });
});
