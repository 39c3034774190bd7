import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { join } from 'node:path';
import { findElectronBinary } from '../../electron/cli/electron-binary';
import type { InvokeChannel } from '../../shared/ipc/channels';
import { invokeContract } from '../../shared/ipc/contract';
import { resultSchema } from '../../shared/ipc/schemas';
import { simServer } from '../fixtures/app';
import { ROOT, writeTempJson } from '../fixtures/processes';
import type { RunningSim } from '../fixtures/sim';
import { expect, test } from './fixtures';

/**
 * One contract suite for both transports: it talks to the core only through
 * `window.tessera`, which the web bridge provides in a browser and the preload in
 * Electron. The `electron` project runs it where the Electron binary is installed.
 */
interface Harness {
  readonly page: Page;
  readonly sim: RunningSim;
  invoke(channel: string, payload: unknown): Promise<unknown>;
}

const test2 = test.extend<{ harness: Harness }>({
  harness: async ({ page, launch }, use, testInfo) => {
    const sim = await launch.sim({ cameras: 9 });
    const server = simServer(sim);
    let electronApp: ElectronApplication | undefined;
    let target: Page = page;
    if (testInfo.project.metadata['transport'] === 'electron') {
      const binary = findElectronBinary();
      test.skip(!binary, 'the Electron binary is not installed on this machine (its download host is unreachable)');
      const config = await writeTempJson('tessera.json', { servers: [server] });
      electronApp = await _electron.launch({ executablePath: binary, args: [join(ROOT, 'dist/main/electron.js'), '--config', config], cwd: ROOT });
      target = await electronApp.firstWindow();
    } else {
      const app = await launch.app({ servers: [server] });
      await page.goto(app.url);
    }
    await expect(target.locator('body')).toHaveAttribute('data-app-state', 'ready');
    await use({
      page: target,
      sim,
      invoke: (channel, payload) =>
        target.evaluate(([c, p]) => {
          if (!window.tessera) throw new Error('window.tessera is missing');
          return window.tessera.invoke(c as InvokeChannel, p);
        }, [channel, payload] as const),
    });
    await electronApp?.close();
  },
});

/** Calls a channel and checks the reply against the contract's schema for it. */
async function call(harness: Harness, channel: InvokeChannel, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const reply = await harness.invoke(channel, payload);
  const parsed = resultSchema(invokeContract[channel].response).safeParse(reply);
  expect(parsed.success, `reply to ${channel} matches the contract: ${JSON.stringify(reply)}`).toBe(true);
  return reply as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

test2.describe('IPC contract', () => {
  test2('app.info names the transport', async ({ harness }, testInfo) => {
    const reply = await call(harness, 'app.info', {});
    expect(reply.value).toMatchObject({ transport: testInfo.project.metadata['transport'] as string, demo: false });
  });

  test2('servers.list and cameras.list describe the VMS without its secrets', async ({ harness }) => {
    await expect.poll(async () => ((await call(harness, 'servers.list', {})).value as Array<{ state: string }>)[0]?.state).toBe('online');
    const cameras = await call(harness, 'cameras.list', { serverId: 'sim' });
    expect((cameras.value as unknown[]).length).toBe(9);
    expect(JSON.stringify(cameras.value)).not.toMatch(/hvs|password|username|rtsp:/);
    expect(await call(harness, 'cameras.list', { serverId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  test2('malformed requests are refused as data, naming the problem', async ({ harness }) => {
    const bad = await call(harness, 'live.start', { serverId: 'sim', cameraId: '9', width: 'wide', height: 10 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(bad.error?.message).toMatch(/width/);
    expect(await harness.invoke('system.exec', { command: 'rm -rf /' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  test2('live.start opens a VMS session served on the app origin, live.stop closes it', async ({ harness }) => {
    expect(await call(harness, 'live.start', { serverId: 'sim', cameraId: '99', width: 320, height: 180 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const started = await call(harness, 'live.start', { serverId: 'sim', cameraId: '9', width: 320, height: 180 });
    const stream = started.value as { streamId: string; url: string };
    expect(stream.url).toBe(`/media/${stream.streamId}/index.m3u8`);
    await expect.poll(async () => (await harness.sim.state()).sessions.filter((session) => session.cameraId === 9).length).toBe(1);
    // As hls.js asks for it: with what the transport needs (the launch key in a header in the browser, nothing in Electron).
    const playlist = await harness.page.evaluate(async (url) => (await fetch(url, { headers: window.tessera?.requestHeaders?.() ?? {} })).text(), stream.url);
    expect(playlist).toContain('#EXTM3U');
    expect(playlist).not.toContain(harness.sim.url);
    expect(await call(harness, 'stream.stop', { streamId: stream.streamId })).toEqual({ ok: true, value: {} });
    await expect.poll(async () => (await harness.sim.state()).sessions.filter((session) => session.cameraId === 9).length).toBe(0);
    expect(await call(harness, 'stream.stop', { streamId: stream.streamId })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
