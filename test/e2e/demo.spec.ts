import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectPlayingAndAdvancing, test, tiles } from './fixtures';

test('with no server configured, the embedded demo fills the wall with live video from two vendors in one tree', async ({ page, launch }, testInfo) => {
  const app = await launch.app();
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(app.url);
  await expectPlayingAndAdvancing(page, 4);
  const servers = page.getByTestId('server');
  await expect(servers).toHaveCount(2);
  await expect(servers.filter({ hasText: 'Demo site (IVMS Pro)' }).getByTestId('camera')).toHaveCount(8);
  await expect(servers.filter({ hasText: 'Demo cloud (VXG)' }).getByTestId('camera')).toHaveCount(4);
  await testInfo.attach('demo-wall.png', { body: await page.screenshot(), contentType: 'image/png' });
  await expect(tiles(page).first()).toContainText('Main Entrance');
  // A VXG camera of the demo plays on the same wall.
  await tiles(page).nth(3).click();
  await servers.filter({ hasText: 'Demo cloud (VXG)' }).getByTestId('camera').first().dblclick();
  await expect(tiles(page).nth(3)).toHaveAttribute('data-server-id', 'demo-cloud');
  await expectPlayingAndAdvancing(page, 4);
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
