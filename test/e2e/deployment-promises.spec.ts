import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { simServer } from '../fixtures/app';
import { writeTempJson } from '../fixtures/processes';
import { expect, test, tiles } from './fixtures';

/**
 * What the README promises a wall PC rolled out from a file, and one whose stores were
 * damaged: the deployment file's walls and `defaultWall`, and the banners that say what
 * was set aside. Each needs its own start of the app (that is what is under test).
 */
const cameraIds = (page: Page) => tiles(page).evaluateAll((all) => all.map((tile) => tile.getAttribute('data-camera-id') ?? ''));

test("a deployment file's walls are in the walls menu, and its defaultWall is what every monitor shows at start", async ({ page, launch }) => {
  const sim = await launch.sim({ cameras: 9 });
  const server = simServer(sim);
  const config = await writeTempJson('tessera.json', {
    servers: [server],
    walls: [
      {
        id: 'night',
        name: 'Night shift',
        hotkey: 1,
        monitors: [
          { layout: '3x3', tiles: [{ serverId: 'sim', cameraId: '1' }, { serverId: 'sim', cameraId: '4' }, null, { serverId: 'sim', cameraId: '7' }], maximized: null },
          { layout: '1+5', tiles: [{ serverId: 'sim', cameraId: '9' }] },
        ],
      },
      { id: 'day', name: 'Day shift', monitors: [{ layout: '2x2', tiles: [{ serverId: 'sim', cameraId: '2' }] }] },
    ],
    defaultWall: 'night',
  });
  const app = await launch.app({ extraArgs: ['--config', config] });
  await page.goto(app.url);
  await expect(page.getByTestId('wall')).toHaveAttribute('data-layout', '3x3');
  await expect.poll(() => cameraIds(page)).toEqual(['1', '4', '', '7', '', '', '', '', '']);
  await expect(page.getByTestId('walls-button')).toHaveText('Walls: Night shift');
  await page.getByTestId('walls-button').click();
  await expect(page.locator('[data-testid="wall-row"][data-wall-id="night"]')).toHaveAttribute('data-default', 'true');
  await expect(page.locator('[data-testid="wall-row"][data-wall-id="day"]')).toHaveAttribute('data-default', 'false');
  await page.keyboard.press('Escape');

  // The second monitor shows its own view of the same wall.
  const second = await page.context().newPage();
  await second.goto(`${app.url}&monitor=1`);
  await expect(second.getByTestId('wall')).toHaveAttribute('data-layout', '1+5');
  expect((await cameraIds(second))[0]).toBe('9');
  await second.close();
});

test('damaged servers.json and settings.json: the app starts, a banner says what was set aside and where, and the wall waits for its servers', async ({ page, launch }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-data-'));
  const garbage = '{"servers":[{"id":"yard","type":"ivms","url":"http://127.0.0.1:9"';
  await writeFile(join(dataDir, 'servers.json'), garbage);
  await writeFile(join(dataDir, 'settings.json'), '{"operatorName": 7, "rules": "all of them"}');
  const app = await launch.app({ dataDir, extraArgs: ['--no-demo'] });
  await page.goto(app.url);
  await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
  const problems = page.getByTestId('app-problem');
  await expect(problems).toHaveCount(2);
  const servers = problems.filter({ hasText: 'servers' });
  const settings = problems.filter({ hasText: 'settings' });
  await expect(servers).toContainText('The servers file was unreadable');
  await expect(settings).toContainText(/The settings file .* did not validate/);
  const backup = await servers.getAttribute('data-backup');
  expect(backup).toMatch(/servers\.json\.corrupt-/);
  expect(existsSync(backup ?? ''), 'the damaged servers file is kept').toBe(true);
  expect(await readFile(backup ?? '', 'utf8')).toBe(garbage);
  expect(await settings.getAttribute('data-backup')).toMatch(/settings\.json\.invalid-/);
  await expect(page.getByTestId('operator'), 'settings from their defaults').not.toContainText('7');
  await expect(page.getByTestId('server')).toHaveCount(0);
});
