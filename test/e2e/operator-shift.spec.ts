import type { Page } from '@playwright/test';
import { simServer } from '../fixtures/app';
import { toLocalInputValue } from '../fixtures/time';
import { expect, expectPlayingAndAdvancing, test, tiles, untilRecorded } from './fixtures';

/**
 * An operator's shift (issue 19's majors): alarms that never hijack a tile in use and give
 * back what they displaced, selection and playback groups that can be seen, a wall that
 * can have the screen, an alert list that holds still under the pointer, and outages in
 * an operator's words.
 */

async function setOperator(page: Page, name: string): Promise<void> {
  await page.getByTestId('operator').click();
  await page.getByTestId('operator-name').fill(name);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('operator')).toHaveText(`Operator: ${name}`);
}

async function goTo(page: Page, time: number): Promise<void> {
  await page.getByTestId('goto-time').fill(toLocalInputValue(time));
  await page.getByTestId('goto-go').click();
}

/** The ring painted over a tile's video (selection, group), as the browser computes it. */
const ring = (page: Page, index: number): Promise<string> => tiles(page).nth(index).evaluate((tile) => getComputedStyle(tile, '::after').boxShadow);
const ACCENT = 'rgb(58, 163, 255)';
const GROUP = 'rgb(240, 180, 41)';

async function acknowledgeOpened(page: Page, comment: string): Promise<void> {
  await page.getByTestId('alert-drawer').getByTestId('drawer-ack').click();
  await page.getByTestId('ack-comment').fill(comment);
  await page.getByTestId('ack-confirm').click();
  await expect(page.getByTestId('ack-dialog')).toHaveCount(0);
}

test.describe('an operator’s shift', () => {
  test('an alarm during a paused archive group leaves the group alone and goes to the alarm stack; an idle alarm tile gets back its camera when the alarm is acknowledged or dismissed', async ({ page, launch }) => {
    test.setTimeout(150_000);
    const sim = await launch.sim({ cameras: 4, recording: true });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await setOperator(page, 'Asha');
    await expectPlayingAndAdvancing(page, 4);
    // The review starts 5 s into what is recorded and is paused at once: 7 s of recording
    // is enough (the archive playlist grows with the recording in any case).
    const recorded = await untilRecorded(sim, 7);

    // A guard reviews cameras 1 and 2 together, paused.
    await tiles(page).nth(0).click({ modifiers: ['Control'] });
    await tiles(page).nth(1).click({ modifiers: ['Control'] });
    await goTo(page, recorded - 5000);
    const archive = page.locator('[data-testid="tile"][data-mode="archive"]');
    await expect(archive).toHaveCount(2);
    await page.getByTestId('play-pause').click();
    await expect(tiles(page).nth(0).getByTestId('tile-badge')).toHaveText('ARCHIVE paused');

    await sim.emitEvent({ cameraId: 3, alertType: 201 });
    await expect(page.getByTestId('alarm-stack'), 'the intrusion is in the alarm stack').toHaveAttribute('data-count', '1');
    await expect(page.getByTestId('alarm-stack-label')).toContainText('Intrusion Detection');
    for (const [index, camera] of [
      [0, '1'],
      [1, '2'],
    ] as const) {
      await expect(tiles(page).nth(index), 'the review is untouched').toHaveAttribute('data-camera-id', camera);
      await expect(tiles(page).nth(index)).toHaveAttribute('data-mode', 'archive');
      await expect(tiles(page).nth(index)).toHaveAttribute('data-marked', 'true');
    }
    await expect(tiles(page).nth(0).getByTestId('tile-badge')).toHaveText('ARCHIVE paused');

    // The supervisor sets tile 4 aside for intrusions.
    await page.getByTestId('operator').click();
    const rule = page.getByTestId('rule').first();
    await rule.getByTestId('rule-place').selectOption('tile');
    await rule.getByTestId('rule-tile').fill('4');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-dialog')).toHaveCount(0);

    const alarmTile = tiles(page).nth(3);
    await expect(alarmTile).toHaveAttribute('data-camera-id', '4');
    await sim.emitEvent({ cameraId: 1, alertType: 201 });
    await expect(alarmTile, 'the idle alarm tile shows the alarm camera').toHaveAttribute('data-camera-id', '1');
    await expect(alarmTile).toHaveAttribute('data-alarm', 'true');
    await expect(alarmTile).toHaveAttribute('data-state', 'playing');
    await expect(tiles(page).nth(0), 'the review still is').toHaveAttribute('data-mode', 'archive');
    // Acknowledged from the list (the tile untouched, so the next alarm may take it again).
    await page.locator('[data-testid="alert"][data-severity="critical"][data-ack="false"]').first().click();
    await acknowledgeOpened(page, 'Checked, a fox');
    await expect(alarmTile, 'acknowledged: the tile gets its camera back').toHaveAttribute('data-camera-id', '4');
    await expect(alarmTile).toHaveAttribute('data-mode', 'live');
    await expect(alarmTile).toHaveAttribute('data-state', 'playing');
    await page.getByTestId('alert-drawer').getByRole('button', { name: 'Close' }).click();

    await sim.emitEvent({ cameraId: 2, alertType: 201 });
    await expect(alarmTile).toHaveAttribute('data-camera-id', '2');
    await expect(alarmTile).toHaveAttribute('data-state', 'playing');
    await alarmTile.getByTestId('tile-alarm-dismiss').click();
    await expect(alarmTile, 'dismissed: the tile gets its camera back').toHaveAttribute('data-camera-id', '4');
    await expect(page.getByTestId('open-count'), 'dismissed is not acknowledged').toHaveText('2 unacknowledged');
    await sim.emitEvent({ cameraId: 2, alertType: 201 });
    await expect(page.getByTestId('alarm-stack'), 'the operator just touched the alarm tile: the next alarm goes to the stack').toHaveAttribute('data-count', '2');
    await expect(alarmTile).toHaveAttribute('data-camera-id', '4');
  });

  test('the selected tile and the playback group are visible over the video and an alarm; marks end with the group', async ({ page, launch }) => {
    test.setTimeout(120_000);
    const sim = await launch.sim({ cameras: 4, recording: true });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    const recorded = await untilRecorded(sim, 8);

    await tiles(page).nth(1).click();
    await expect.poll(() => ring(page, 1), 'the selection ring is painted over the video').toContain(ACCENT);
    expect(await ring(page, 0)).toBe('none');

    await tiles(page).nth(2).click({ modifiers: ['Control'] });
    await tiles(page).nth(3).click({ modifiers: ['Control'] });
    await expect(tiles(page).nth(2).getByTestId('tile-group')).toBeVisible();
    await expect.poll(() => ring(page, 2), 'the group ring too').toContain(GROUP);

    // An alarm on the selected tile's camera flashes it: the selection stays in sight.
    await sim.emitEvent({ cameraId: 2, alertType: 210 });
    await expect(tiles(page).nth(1)).toHaveAttribute('data-alarm', 'true');
    expect(await ring(page, 1)).toContain(ACCENT);

    await goTo(page, recorded - 6000);
    await expect(page.locator('[data-testid="tile"][data-mode="archive"]')).toHaveCount(2);
    await page.getByTestId('go-live').click();
    await expect(page.locator('[data-testid="tile"][data-mode="archive"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="tile"][data-marked]'), 'back to live: the group and its marks are gone').toHaveCount(0);
    await expect.poll(() => ring(page, 2)).toBe('none');
  });

  test('the wall can have the screen: panels fold away and are remembered, wall-only (F11) shows tiles and a ticker, portrait puts the wall across the width', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(app.url);
    await expect(tiles(page)).toHaveCount(4);
    const wall = page.getByTestId('wall');
    const width = async (): Promise<number> => (await wall.boundingBox())?.width ?? 0;
    const full = await width();

    await page.getByTestId('wall-only').click();
    await expect(page.getByTestId('alert-ticker')).toBeVisible();
    await expect(page.getByTestId('camera-filter')).toHaveCount(0);
    await expect(page.getByTestId('operator')).toHaveCount(0);
    await expect.poll(width, 'wall-only: the tiles take the whole width').toBeGreaterThan(1270);
    await sim.emitEvent({ cameraId: 2, alertType: 209 });
    await expect(page.getByTestId('alert-ticker')).toContainText('1 unacknowledged');
    await page.keyboard.press('F11');
    await expect(page.getByTestId('alert-ticker')).toHaveCount(0);
    await expect.poll(width).toBeLessThan(full + 1);

    await page.getByTestId('toggle-tree').click();
    await page.getByTestId('toggle-alerts').click();
    await expect.poll(width, 'both panels folded').toBeGreaterThan(1270);
    await page.reload();
    await expect(tiles(page)).toHaveCount(4);
    await expect(page.getByTestId('camera-filter'), 'folded panels stay folded on this monitor').toHaveCount(0);
    await page.getByTestId('toggle-alerts').click();
    await page.getByTestId('toggle-tree').click();

    await page.setViewportSize({ width: 1080, height: 1920 });
    await expect.poll(width, 'portrait: the wall is as wide as the screen, the alerts below it').toBeGreaterThan(1000);
    await expect(page.getByTestId('event-count')).toBeVisible();
  });

  test('ticking five alerts while new ones arrive selects those five: the list holds still and shows “N new”', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expect(page.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');
    for (let i = 0; i < 8; i++) await sim.emitEvent({ cameraId: 1 + (i % 4), alertType: 209 });
    await expect(page.getByTestId('event-count')).toHaveText('8');

    const rows = page.getByTestId('alert');
    await rows.first().hover();
    const wanted = await rows.evaluateAll((elements) => elements.slice(0, 5).map((row) => row.getAttribute('data-alert-id')));
    await sim.burst(30, 10, { alertType: 209 });
    for (let i = 0; i < 5; i++) {
      await rows.nth(i).locator('input[type="checkbox"]').click();
      await page.waitForTimeout(300);
    }
    const ticked = await page.locator('[data-testid="alert"]:has(input:checked)').evaluateAll((elements) => elements.map((row) => row.getAttribute('data-alert-id')));
    expect(ticked.sort(), 'the five rows ticked are the five selected').toEqual([...wanted].sort());
    await expect(page.getByTestId('alerts-new'), 'the new alerts wait above the list').toBeVisible();
    await expect.poll(async () => Number(await page.getByTestId('alerts-new').getAttribute('data-count'))).toBe(30);
    await page.getByTestId('alerts-new').click();
    await expect(page.getByTestId('event-count')).toHaveText('38');
    // The five ticked rows are further down now (off screen in a virtual list): the count says they are still chosen.
    await expect(page.getByTestId('ack-selected').locator('xpath=..'), 'revealing keeps the ticks on their alerts').toContainText('5 selected');
  });

  test.describe('outages', () => {
    test.use({ allowNetworkErrors: true });
    test('a VMS restart: tiles say the server is not answering in words, keep the last frame with its time, and play again', async ({ page, launch }) => {
      test.setTimeout(120_000);
      const sim = await launch.sim({ cameras: 2 });
      const app = await launch.app({ servers: [simServer(sim, { keepaliveIntervalMs: 1000, statusPollMs: 1000, requestTimeoutMs: 3000 })] });
      await page.goto(app.url);
      await expectPlayingAndAdvancing(page, 2);
      await page.waitForTimeout(2500); // a still is kept every 2 s while playing
      await sim.restart(20_000);
      const first = tiles(page).first();
      await expect(first.getByTestId('tile-reason'), 'in words').toHaveText('Server Test VMS is not answering — retrying', { timeout: 20_000 });
      await expect(first.getByTestId('tile-reason')).toHaveAttribute('data-detail', /./);
      await expect(first.getByTestId('tile-still'), 'the last frame stays on screen').toBeVisible();
      await expect(first.getByTestId('last-frame')).toContainText('Last frame');
      // The still is the picture (the simulator's test card and clock), not a blank canvas.
      const still = await first.getByTestId('tile-still').evaluate((canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height) ?? { data: new Uint8ClampedArray() };
        let low = 255;
        let high = 0;
        for (let index = 0; index < data.length; index += 4 * 31) {
          low = Math.min(low, data[index] ?? 255);
          high = Math.max(high, data[index] ?? 0);
        }
        return { width: canvas.width, contrast: high - low };
      });
      expect(still.width).toBeGreaterThan(0);
      expect(still.contrast, 'the still shows a picture').toBeGreaterThan(60);
      const shown = await first.getByTestId('tile-reason').evaluate((element) => ({ text: element.textContent, clipped: element.scrollWidth > element.clientWidth + 1 }));
      expect(shown.text).not.toMatch(/http|GET |\d{3}:/i);
      expect(shown.clipped, 'nothing clipped').toBe(false);
      await expect(first).toHaveAttribute('data-state', 'playing', { timeout: 40_000 });
    });
  });
});
