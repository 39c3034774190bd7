import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectPicturesMovingOn, test, tiles } from './fixtures';

test('with no server configured, the embedded demo opens a wall of four vendors, one camera of each, live, in one tree', async ({ page, launch }, testInfo) => {
  const app = await launch.app();
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(app.url);
  const servers = page.getByTestId('server');
  await expect(servers).toHaveCount(4);
  for (const [name, cameras] of [
    ['Demo site (IVMS Pro)', 6],
    ['Demo cloud (VXG)', 2],
    ['Demo cloud (Eagle Eye)', 2],
    ['Demo site (XProtect)', 2],
  ] as const) {
    await expect(servers.filter({ hasText: name }).getByTestId('camera')).toHaveCount(cameras);
  }
  // The first wall: HLS from IVMS Pro and VXG, Eagle Eye's JPEG previews, XProtect's WebRTC.
  await expect(tiles(page)).toHaveCount(4);
  await expect.poll(() => tiles(page).evaluateAll((found) => found.map((tile) => tile.getAttribute('data-server-id')))).toEqual(['demo', 'demo-cloud', 'demo-een', 'demo-xprotect']);
  await expect(page.locator('[data-testid="tile"][data-state="playing"]')).toHaveCount(4, { timeout: 30_000 });
  await expect(tiles(page).first()).toContainText('Main Entrance');
  // Every picture moves on, the one-a-second previews included.
  await expectPicturesMovingOn(page, 4, { windowMs: 2500 });
  // The demo's sensors raise alerts on IVMS Pro cameras, whose API gives no picture of a
  // camera: each alert still shows the camera at the event, cut from its live video — the
  // door's camera is on the wall, the yard's is not.
  for (const camera of ['Main Entrance', 'Car Park North']) {
    const picture = page.getByTestId('alert').filter({ hasText: camera }).locator('img.event__thumb').first();
    await expect.poll(() => picture.evaluate((image: HTMLImageElement) => image.naturalWidth).catch(() => 0), { timeout: 30_000 }).toBeGreaterThan(0);
  }
  await testInfo.attach('demo-wall.png', { body: await page.screenshot(), contentType: 'image/png' });
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
