/**
 * Screenshots of the wall as an operator sees it, for the README and for review: the
 * real launcher, two simulated sites, headless Debian Chromium at 1600x900.
 *
 *   npm run build && npm run screenshots      → docs/screenshots/*.png
 *   npm run screenshots -- demo | shift       → the demo's first wall | an operator's shift
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
import { toLocalInputValue } from '../test/fixtures/time';

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
    await waitCount('1+7', page.getByTestId('alarm-stack'), 1);
    await waitCount('1+7', playing, 7, true);
    await shoot(page, 'wall-1+7-alarm');

    await page.getByTestId('alarm-stack-open').click();
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

/** The sizes every scene of an operator's shift is taken at: full HD, HD, and a portrait monitor. */
const SHIFT_SIZES = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1280x720', width: 1280, height: 720 },
  { name: 'portrait', width: 1080, height: 1920 },
] as const;

/**
 * Issue 19's majors, each at the three sizes (`npm run screenshots -- shift`): an alarm
 * in the stack during a paused archive group (selected tile and group rings visible), the
 * wall-only screen, the alert list holding still with ticks and "N new", and a VMS
 * outage in words with the last frame kept.
 */
async function shiftScenes(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const sim = await launchSim({ cameras: 4, mainSize: HD, recording: true });
  const app = await launchApp({ servers: [simServer(sim, { id: 'demo', name: 'Demo VMS', keepaliveIntervalMs: 1000, statusPollMs: 1000, requestTimeoutMs: 3000 })] });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    for (const size of SHIFT_SIZES) {
      const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
      const tiles = page.getByTestId('tile');
      const playing = page.locator('[data-testid="tile"][data-state="playing"]');
      await page.goto(app.url);
      await waitCount(`${size.name} start`, playing, 4, true, 60_000);
      if (size === SHIFT_SIZES[0]) {
        // Going back 15 s needs 15 s of recording.
        await sleep(20_000);
        await page.getByTestId('operator').click();
        await page.getByTestId('operator-name').fill('Asha Rao');
        await page.getByTestId('settings-save').click();
      }

      // 1 and 2: a paused review of two tiles, the third selected, an intrusion in the stack.
      await tiles.nth(2).click();
      await tiles.nth(0).click({ modifiers: ['Control'] });
      await tiles.nth(1).click({ modifiers: ['Control'] });
      await page.getByTestId('goto-time').fill(toLocalInputValue(Date.now() - 15_000));
      await page.getByTestId('goto-go').click();
      await waitCount(`${size.name} archive`, page.locator('[data-testid="tile"][data-mode="archive"][data-state="playing"]'), 2);
      await page.getByTestId('play-pause').click();
      await sim.emitEvent({ cameraId: 3, alertType: 201 });
      await waitCount(`${size.name} stack`, page.getByTestId('alarm-stack'), 1);
      await page.mouse.move(0, 0);
      await shoot(page, `shift-alarm-stack-${size.name}`);
      await page.getByTestId('go-live').click();
      await page.getByTestId('alarm-stack-dismiss').click();

      // 3: the wall has the screen.
      await page.getByTestId('wall-only').click();
      await waitCount(`${size.name} wall-only`, page.getByTestId('alert-ticker'), 1);
      await waitCount(`${size.name} wall-only`, playing, 4, true);
      await shoot(page, `shift-wall-only-${size.name}`);
      await page.keyboard.press('F11');

      // 4: ticks held while new alerts arrive.
      for (let i = 0; i < 6; i++) await sim.emitEvent({ cameraId: 1 + (i % 4), alertType: 209 });
      const rows = page.getByTestId('alert');
      await waitCount(`${size.name} list`, rows, 6, true);
      for (let i = 1; i < 4; i++) await rows.nth(i).locator('input[type="checkbox"]').click();
      await sim.burst(5, 5, { alertType: 209 });
      await waitCount(`${size.name} held`, page.getByTestId('alerts-new'), 1);
      await shoot(page, `shift-alert-list-${size.name}`);
      await page.getByTestId('alerts-new').click();
      await page.getByTestId('select-all').check();
      await page.getByTestId('select-all').uncheck();

      // 5: the VMS restarts.
      await sim.restart(20_000);
      await waitCount(`${size.name} outage`, page.getByTestId('tile-still'), 2, true, 30_000);
      await shoot(page, `shift-outage-${size.name}`);
      await waitCount(`${size.name} back`, playing, 4, true, 90_000);
      await page.close();
    }
  } finally {
    await browser.close();
    await app.stop();
    await sim.stop();
  }
}

/**
 * The embedded demo as a fresh install opens it (`npm run screenshots -- demo`): its first
 * wall, one camera of each of the four vendors.
 */
async function demoScene(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const app = await launchApp({});
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(app.url);
    await waitCount('demo', page.locator('[data-testid="tile"][data-state="playing"]'), 4);
    await shoot(page, 'demo-every-vendor');
  } finally {
    await browser.close();
    await app.stop();
  }
}

const scenes = process.argv.includes('shift') ? shiftScenes : process.argv.includes('demo') ? demoScene : main;
scenes().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
