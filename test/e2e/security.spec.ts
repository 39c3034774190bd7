import { createServer, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { simServer } from '../fixtures/app';
import { expect, expectPlayingAndAdvancing, test } from './fixtures';

function status(url: string, headers: Record<string, string | string[]> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

function upgrade(url: string, headers: Record<string, string | string[]>, protocols: string[] = ['tessera.v1']): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

test('the web transport refuses a missing launch key (401) and a foreign Origin or Host (403)', async ({ launch }) => {
  const app = await launch.app({ extraArgs: ['--no-demo'] });
  const key = new URL(app.url).searchParams.get('k') ?? '';
  const port = new URL(app.url).port;
  const keyed = ['tessera.v1', `tessera.key.${key}`];
  expect(new URL(app.url).hostname).toBe('127.0.0.1');
  expect(await status(`${app.origin}/`), 'the page itself holds nothing: a reload needs no cookie').toBe(200);
  expect(await status(`${app.origin}/media/anything/index.m3u8`)).toBe(401);
  expect(await status(`${app.origin}/export/audit.csv`)).toBe(401);
  expect(await status(`${app.origin}/export/audit.csv`, { cookie: `tessera_${port}=${key}` }), 'a cookie opens nothing').toBe(401);
  expect(await status(`${app.origin}/export/audit.csv`, { 'x-tessera-key': key })).toBe(200);
  expect(await status(`${app.origin}/`, { origin: 'http://attacker.example' })).toBe(403);
  expect(await status(`${app.origin}/`, { host: `attacker.example:${port}` })).toBe(403);
  const socket = `${app.origin.replace('http', 'ws')}/ipc`;
  expect(await upgrade(socket, {})).toBe(401);
  expect(await upgrade(socket, { cookie: `tessera_${port}=${key}` })).toBe(401);
  expect(await upgrade(socket, { origin: 'http://attacker.example' }, keyed)).toBe(403);
  expect(await upgrade(socket, { origin: app.origin }, keyed)).toBe(101);
});

test('the page runs under a strict CSP and keeps the launch key out of its address', async ({ page, launch }) => {
  const app = await launch.app({ extraArgs: ['--no-demo'] });
  const response = await page.goto(app.url);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
  await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
  expect(page.url()).toBe(`${app.origin}/`);
  await expect(page.getByText('No VMS server is configured')).toBeVisible();
});

test('a window opened without the launch key says how to open the wall', async ({ page, launch }) => {
  const app = await launch.app({ extraArgs: ['--no-demo'] });
  await page.goto(`${app.origin}/?monitor=1`);
  await expect(page.getByTestId('key-problem')).toContainText('Open the address Tessera printed');
});

interface Received {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

test.describe('another web server on this machine', () => {
  test.use({ allowNetworkErrors: true });

  test('visited by the same browser, it receives nothing that opens the wall; the wall plays, reloads and opens a monitor window', async ({ page, launch }) => {
    // Another local service the operator's browser visits (a printer page, a dev server, a
    // malicious page served from 127.0.0.1): it records everything the browser sends it.
    const received: Received[] = [];
    const other = createServer((request, response) => {
      received.push({ url: request.url ?? '', headers: request.headers });
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other</title><img src="/pixel.png"><a id="out" href="/next">next</a>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const sim = await launch.sim({ cameras: 1, recording: true });
      const app = await launch.app({ servers: [simServer(sim)] });
      const key = new URL(app.url).searchParams.get('k') ?? '';
      await page.goto(app.url);
      await expectPlayingAndAdvancing(page, 1);

      // The same browser visits the other server, in a tab of its own and from the wall's tab.
      const tab = await page.context().newPage();
      await tab.goto(`${otherOrigin}/`);
      await expect.poll(() => received.some((request) => request.url === '/pixel.png')).toBe(true);
      await page.evaluate((target) => location.assign(target), `${otherOrigin}/from-the-wall`).catch(() => undefined);
      await page.waitForURL(`${otherOrigin}/from-the-wall`);
      await expect.poll(() => received.some((request) => request.url === '/from-the-wall')).toBe(true);

      const everything = JSON.stringify(received);
      expect(everything, 'the launch key never reaches another server').not.toContain(key);
      expect(everything).not.toMatch(/tessera_\d+=/);
      // Whatever it received, replayed against the wall, opens nothing.
      for (const { headers } of received) {
        const replay = Object.fromEntries(Object.entries(headers).filter(([name, value]) => !['host', 'origin', 'connection', 'upgrade'].includes(name) && value !== undefined)) as Record<string, string | string[]>;
        expect(await upgrade(`${app.origin.replace('http', 'ws')}/ipc`, replay)).toBe(401);
        expect(await status(`${app.origin}/export/audit.csv`, replay)).toBe(401);
      }

      // Back on the wall (a fresh load of the page, no key in its address): it plays again.
      await page.bringToFront();
      await page.goBack();
      await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
      await expectPlayingAndAdvancing(page, 1);
      await page.reload();
      await expectPlayingAndAdvancing(page, 1);
      expect(page.url()).toBe(`${app.origin}/`);

      // An event picture (an <img>) loads with what the page holds: a capability, never the key.
      await expect(page.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');
      await sim.emitEvent({ cameraId: 1, alertType: 209 });
      const thumb = page.getByTestId('alert').first().locator('img');
      await expect.poll(() => thumb.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);
      const thumbUrl = await thumb.evaluate((image: HTMLImageElement) => image.src);
      expect(thumbUrl).toContain('cap=');
      expect(thumbUrl).not.toContain(key);
      expect(await status(thumbUrl)).toBe(200);

      // A monitor link, opened by hand in another window of the browser, shows that monitor.
      await page.getByTestId('monitors-button').click();
      const link = await page.getByTestId('monitors-dialog').getByTestId('monitor-link').nth(1).inputValue();
      await page.keyboard.press('Escape');
      await tab.goto(link);
      await expect(tab.getByTestId('monitor-number')).toHaveText('Monitor 2');
      await expect(tab.locator('body')).toHaveAttribute('data-app-state', 'ready');
      expect(tab.url()).toBe(`${app.origin}/?monitor=1`);
      await tab.close();
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
