import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { expect, test } from './fixtures';

function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

function upgrade(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

test('the web transport refuses a missing secret (401) and a foreign Origin or Host (403)', async ({ launch }) => {
  const app = await launch.app({ extraArgs: ['--no-demo'] });
  const secret = new URL(app.url).searchParams.get('k') ?? '';
  const port = new URL(app.url).port;
  const cookie = `tessera_${port}=${secret}`;
  expect(new URL(app.url).hostname).toBe('127.0.0.1');
  expect(await status(`${app.origin}/`)).toBe(401);
  expect(await status(`${app.origin}/media/anything/index.m3u8`)).toBe(401);
  expect(await status(`${app.origin}/`, { cookie })).toBe(200);
  expect(await status(`${app.origin}/`, { cookie, origin: 'http://attacker.example' })).toBe(403);
  expect(await status(`${app.origin}/`, { cookie, host: `attacker.example:${port}` })).toBe(403);
  const socket = `${app.origin.replace('http', 'ws')}/ipc`;
  expect(await upgrade(socket, {})).toBe(401);
  expect(await upgrade(socket, { cookie, origin: 'http://attacker.example' })).toBe(403);
  expect(await upgrade(socket, { cookie, origin: app.origin })).toBe(101);
});

test('the page runs under a strict CSP and keeps the secret out of its address', async ({ page, launch }) => {
  const app = await launch.app({ extraArgs: ['--no-demo'] });
  const response = await page.goto(app.url);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
  expect(page.url()).toBe(`${app.origin}/`);
  await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
  await expect(page.getByText('No VMS server is configured')).toBeVisible();
});
