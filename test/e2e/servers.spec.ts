import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectPlayingAndAdvancing, test } from './fixtures';

const USER = 'wall-operator';
const PASSWORD = 'k7#Vq!e2-only-in-the-core';
const WRONG = 'not-the-password-9f3';

/**
 * Everything the page receives from the core: every WebSocket frame (invoke replies and
 * events travel there) and every HTTP body (the app, media, downloads).
 */
function recordWhatThePageReceives(page: Page): { texts: string[]; settled: () => Promise<void> } {
  const texts: string[] = [];
  const reading: Array<Promise<void>> = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => texts.push(typeof payload === 'string' ? payload : payload.toString('latin1')));
  });
  page.on('response', (response) => {
    reading.push(
      response.body().then(
        (body) => void texts.push(body.toString('latin1')),
        () => undefined, // a body the page dropped (a cancelled segment) was not received
      ),
    );
  });
  return { texts, settled: () => Promise.all(reading).then(() => undefined) };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

test('a server added in the UI, with a password only the core ever holds', async ({ page, launch }) => {
  // HLS from the API's own origin: the password is only ever sent to the origins it was saved for.
  const sim = await launch.sim({ cameras: 2, auth: { username: USER, password: PASSWORD }, mediaPort: false });
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-servers-e2e-'));
  const received = recordWhatThePageReceives(page);

  const app = await launch.app({ dataDir, extraArgs: ['--no-demo'] });
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
  await expect(page.getByTestId('server')).toHaveCount(0);

  // Add it with a wrong password: Test says 401 in words.
  await page.getByTestId('servers-open').click();
  await page.getByTestId('server-add').click();
  const form = page.getByTestId('server-form');
  await form.getByTestId('server-field-name').fill('Yard VMS');
  await expect(form.getByTestId('server-field-id')).toHaveValue('yard-vms');
  await form.getByTestId('server-field-url').fill(sim.url);
  await form.getByTestId('server-field-timeZone').fill('Asia/Kolkata');
  await form.getByTestId('server-field-username').fill(USER);
  await form.getByTestId('server-field-password').fill(WRONG);
  await form.getByTestId('server-test').click();
  await expect(form.getByTestId('server-test-result')).toHaveText('The server refused the user name or password (HTTP 401)');
  await expect(form.getByTestId('server-test-result')).toHaveAttribute('data-ok', 'false');

  // The right one: Test finds its cameras; Save; they appear and play.
  await form.getByTestId('server-field-password').fill(PASSWORD);
  await form.getByTestId('server-test').click();
  await expect(form.getByTestId('server-test-result')).toHaveText('Connected: 2 cameras');
  await form.getByTestId('server-save').click();
  const row = page.getByTestId('server-row');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-server-id', 'yard-vms');
  await expect(row.getByTestId('server-state')).toContainText('Online · 2 cameras');
  await page.getByTestId('servers-close').click();
  await expect(page.getByTestId('camera')).toHaveCount(2);
  await expectPlayingAndAdvancing(page, 2);

  // What the core wrote to disk holds the password sealed, nowhere in clear.
  const stored = JSON.parse(await readFile(join(dataDir, 'servers.json'), 'utf8')) as { servers: Array<Record<string, unknown>> };
  expect(stored.servers).toEqual([expect.objectContaining({ id: 'yard-vms', url: sim.url, username: USER, timeZone: 'Asia/Kolkata', sealed: { password: expect.stringMatching(/^aes256gcm\.v1:/) as unknown } })]);
  for (const file of await filesUnder(dataDir)) expect((await readFile(file)).toString('latin1'), file).not.toContain(PASSWORD);

  // A restart with the same data directory: the server is back, and plays (its password was opened).
  await page.goto('about:blank');
  await app.stop();
  const again = await launch.app({ dataDir, extraArgs: ['--no-demo'] });
  await page.goto(again.url);
  await expect(page.getByTestId('server')).toHaveAttribute('data-server-id', 'yard-vms');
  await expectPlayingAndAdvancing(page, 2);
  await page.getByTestId('server-settings').click();
  await expect(page.getByTestId('server-field-password')).toHaveValue('');
  await expect(page.getByTestId('server-field-password')).toHaveAttribute('placeholder', /stored/);
  await expect(page.getByTestId('server-field-username')).toHaveValue(USER);

  // Nothing the page received, in either run, carried the password, nor the Basic header made of it; nor did the core log it.
  await received.settled();
  expect(received.texts.length).toBeGreaterThan(50);
  const basic = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
  const leaks = received.texts.filter((text) => text.includes(PASSWORD) || text.includes(WRONG) || text.includes(basic));
  expect(leaks).toEqual([]);
  expect(received.texts.some((text) => text.includes('"storedSecrets":["password"]'))).toBe(true);
  for (const output of [app.proc.output(), again.proc.output()]) expect(output).not.toContain(PASSWORD);
});
