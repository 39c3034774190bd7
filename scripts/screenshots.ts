/**
 * Screenshots of the wall as an operator sees it, for the README and for review: the
 * real launcher, two simulated sites, headless Debian Chromium at 1600x900.
 *
 *   npm run build && npm run screenshots      → docs/screenshots/*.png
 *
 * Not a test: it asserts nothing beyond waiting for the states it pictures, and it fails
 * loudly (with the scene's name) when one of them does not come.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Locator, type Page } from 'playwright-core';
import { launchApp, simServer } from '../test/fixtures/app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/fixtures/chromium';
import { ROOT } from '../test/fixtures/processes';
import { launchSim } from '../test/fixtures/sim';

const OUT = join(ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1600, height: 900 };
const HD = { width: 1280, height: 720 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `locator` matches `count` elements (at least, with `atLeast`). */
async function waitCount(scene: string, locator: Locator, count: number, atLeast = false, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await locator.count();
    if (atLeast ? found >= count : found === count) return;
    if (Date.now() > deadline) throw new Error(`${scene}: expected ${atLeast ? 'at least ' : ''}${count} of ${locator.toString()}, found ${found}`);
    await sleep(250);
  }
}

async function pickLayout(page: Page, id: string): Promise<void> {
  await page.getByTestId('layout-button').click();
  await page.locator(`[data-testid="layout-option"][data-layout-id="${id}"]`).click();
}

async function shoot(page: Page, name: string): Promise<void> {
  // Lets the freshness watermarks and the timeline settle after the last change.
  await sleep(2500);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`docs/screenshots/${name}.png`);
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  // Headquarters: many cameras, live only. Warehouse: recorded, so it has archive and event pictures.
  const hq = await launchSim({ cameras: 12, mainSize: HD });
  const warehouse = await launchSim({ cameras: 4, mainSize: HD, recording: true });
  const app = await launchApp({
    servers: [simServer(hq, { id: 'hq', name: 'Headquarters' }), simServer(warehouse, { id: 'wh', name: 'Warehouse' })],
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const tiles = page.getByTestId('tile');
    const playing = page.locator('[data-testid="tile"][data-state="playing"]');
    await page.goto(app.url);

    await page.getByTestId('operator').click();
    await page.getByTestId('operator-name').fill('Asha Rao');
    await page.getByTestId('settings-save').click();
    await waitCount('2x2', playing, 4);
    await shoot(page, 'wall-2x2');

    await hq.setCamera(7, false);
    await pickLayout(page, '4x4');
    await page.getByTestId('fill').click();
    await waitCount('4x4', playing, 15);
    await waitCount('4x4', page.locator('[data-testid="tile"][data-state="offline"]'), 1);
    await shoot(page, 'wall-4x4');

    await pickLayout(page, '1+7');
    await waitCount('1+7', playing, 7, true);
    for (const [cameraId, alertType] of [
      [1, 209],
      [2, 210],
      [4, 209],
    ] as const)
      await warehouse.emitEvent({ cameraId, alertType });
    await warehouse.emitEvent({ cameraId: 3, alertType: 201 });
    await waitCount('1+7', page.locator('[data-testid="tile"][data-alarm="true"]'), 1);
    await waitCount('1+7', playing, 7, true);
    await shoot(page, 'wall-1+7-alarm');

    await tiles.first().getByTestId('tile-alarm').click();
    await waitCount('drawer', page.getByTestId('alert-drawer'), 1);
    await shoot(page, 'alert-drawer');
    await page.keyboard.press('Escape');

    await pickLayout(page, '2x2');
    // The recorded site's cameras onto the wall, then the whole wall one minute back.
    await page.locator('[data-testid="server"][data-server-id="wh"] header').dragTo(tiles.first());
    await waitCount('archive', page.locator('[data-testid="tile"][data-server-id="wh"][data-state="playing"]'), 4);
    await page.getByTestId('sync-wall').click();
    await waitCount('archive', page.locator('[data-testid="tile"][data-mode="archive"][data-state="playing"]'), 4);
    await shoot(page, 'archive-synchronised');

    await page.getByTestId('go-live').click();
    await page.getByTestId('servers-open').click();
    await shoot(page, 'servers');
    await page.keyboard.press('Escape');
    await waitCount('servers', page.getByTestId('servers-dialog'), 0);

    await page.getByTestId('operator').click();
    await shoot(page, 'settings-rules');
  } finally {
    await browser.close();
    await app.stop();
    await Promise.all([hq.stop(), warehouse.stop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
