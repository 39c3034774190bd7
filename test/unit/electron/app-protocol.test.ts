import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppAssets, contentSecurityPolicy } from '../../../electron/core/app-assets';
import type { CustomScheme } from 'electron';
import { APP_SCHEME_PRIVILEGES, handleAppRequest, registerAppProtocol } from '../../../electron/main/app-protocol';
import { AppRoutes } from '../../../electron/common/http-answer';
import { MEDIA_ROUTE, MediaProxy } from '../../../electron/media/media-proxy';
import type { HttpFetch } from '../../../electron/vms/http';
import { plainUpstream } from '../../../electron/vms/upstream';

async function deps(): Promise<AppRoutes> {
  const root = await mkdtemp(join(tmpdir(), 'tessera-app-'));
  await writeFile(join(root, 'index.html'), '<!doctype html>');
  const fetch: HttpFetch = () => Promise.resolve({ status: 200, headers: new Headers(), body: new TextEncoder().encode('#EXTM3U\n#EXTINF:1,\nseg.ts\n') });
  const media = new MediaProxy();
  media.open('cam', { kind: 'hls', playlistUrl: 'http://vms/live/index.m3u8', upstream: plainUpstream(fetch) });
  const assets = new AppAssets(root, contentSecurityPolicy());
  return new AppRoutes([[MEDIA_ROUTE, (path, url, signal) => media.handle(path, url, signal)]], (pathname) => assets.get(pathname));
}

describe('app protocol', () => {
  it('serves the renderer with the CSP, and media through the proxy', async () => {
    const d = await deps();
    const page = await handleAppRequest(new Request('tessera://app/'), d);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const playlist = await handleAppRequest(new Request('tessera://app/media/cam/index.m3u8'), d);
    expect(playlist.status).toBe(200);
    expect(await playlist.text()).toMatch(/^\/media\/cam\/s\/[0-9a-f]{20}\.ts$/m);
  });

  it('answers nothing for other hosts or methods', async () => {
    const d = await deps();
    expect((await handleAppRequest(new Request('tessera://elsewhere/'), d)).status).toBe(404);
    expect((await handleAppRequest(new Request('tessera://app/', { method: 'POST', body: 'x' }), d)).status).toBe(405);
  });

  it('registers one handler for the scheme', async () => {
    const registered: string[] = [];
    registerAppProtocol({ handle: (scheme: string) => void registered.push(scheme) }, await deps());
    expect(registered).toEqual(['tessera']);
  });

  it('is registered like https, with V8 keeping the renderer code it compiled between starts', () => {
    // Typed as Electron's own: a privilege Electron does not know fails the type check.
    const privileges: CustomScheme['privileges'] = APP_SCHEME_PRIVILEGES;
    // Electron keeps code for a custom scheme only when it is also standard.
    expect(privileges).toMatchObject({ standard: true, secure: true, codeCache: true });
  });
});
