import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectPlayingAndAdvancing, test, tiles } from './fixtures';

test('with no server configured, the embedded demo VMS fills the wall with live video', async ({ page, launch }, testInfo) => {
  const app = await launch.app();
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(app.url);
  await expectPlayingAndAdvancing(page, 4);
  await expect(page.getByTestId('server')).toContainText('Demo VMS');
  await expect(page.getByTestId('camera')).toHaveCount(9);
  await testInfo.attach('demo-wall.png', { body: await page.screenshot(), contentType: 'image/png' });
  await expect(tiles(page).first()).toContainText('Main Entrance');
});

test('a damaged servers.json never turns a wall into the demo: the banner says what was set aside, and the wall waits for its servers', async ({ page, launch }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-data-'));
  // What a disk error or a careless edit leaves: JSON, but not the servers file.
  await writeFile(join(dataDir, 'servers.json'), 'null');
  const app = await launch.app({ dataDir });
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
  const problems = page.getByTestId('app-problem');
  await expect(problems.filter({ hasText: 'servers.json.corrupt-' })).toHaveCount(1);
  await expect(problems.filter({ hasText: 'The demo VMS was not started' })).toHaveCount(1);
  await expect(page.getByText('No VMS server is configured')).toBeVisible();
  await expect(page.getByTestId('server')).toHaveCount(0);
  expect(await page.evaluate(() => window.tessera?.invoke('app.info', {}))).toMatchObject({ ok: true, value: { demo: false } });
});
