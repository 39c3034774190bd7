import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { toLocalInputValue } from '../fixtures/time';
import { expect, expectPlayingAndAdvancing, sharedSite, test, tiles, untilRecorded } from './fixtures';

/**
 * What the README promises about playing recordings, checked where an operator would see
 * it. One simulator (recording) and one app for the file: the tests run in order, each on
 * a fresh page that starts by going live.
 */
test.describe.configure({ mode: 'serial' });
const site = sharedSite({ sim: { cameras: 4, recording: true } });

const clockAt = async (page: Page): Promise<number> => Number(await page.getByTestId('playback-time').getAttribute('data-time'));
const archiveTiles = (page: Page) => page.locator('[data-testid="tile"][data-mode="archive"]');
const timeline = (page: Page) => page.getByTestId('timeline');
const view = async (page: Page): Promise<{ from: number; to: number; width: number }> => ({
  from: Number(await timeline(page).getAttribute('data-view-from')),
  to: Number(await timeline(page).getAttribute('data-view-to')),
  width: Number(await timeline(page).getAttribute('data-width')),
});

async function openLive(page: Page): Promise<void> {
  await page.goto(site().app.url);
  await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
  if (await page.getByTestId('go-live').isEnabled()) await page.getByTestId('go-live').click();
  await expect(archiveTiles(page)).toHaveCount(0);
  await expectPlayingAndAdvancing(page, 4);
}

async function showTimeline(page: Page): Promise<void> {
  if ((await page.getByTestId('timeline-toggle').getAttribute('aria-pressed')) !== 'true') await page.getByTestId('timeline-toggle').click();
  await expect(timeline(page)).toBeVisible();
}

test('◂ Event and Event ▸ play the previous and next event from 5 s before it', async ({ page }) => {
  const { sim } = site();
  await openLive(page);
  await untilRecorded(sim, 8);
  await sim.emitEvent({ cameraId: 2, alertType: 209 });
  await expect(page.getByTestId('alert')).toHaveCount(1);
  await untilRecorded(sim, 20); // seconds between the two: more than a jump can take on a busy machine
  await sim.emitEvent({ cameraId: 3, alertType: 209 });
  await expect(page.getByTestId('alert')).toHaveCount(2);
  const [second, first] = await page.getByTestId('alert').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-time'))));
  expect(second ?? 0).toBeGreaterThan(first ?? 0);
  await expect(page.getByTestId('event-next'), 'nothing after the present').toBeDisabled();

  // Every tile picked (Ctrl+click), so the events of every camera shown count.
  for (let index = 0; index < 4; index++) await tiles(page).nth(index).click({ modifiers: ['Control'] });
  /** Clicks and checks where the clock went: the moment asked for, run on by at most the time since the click. */
  const jump = async (button: 'event-prev' | 'event-next', moment: number, what: string): Promise<void> => {
    const clickedAt = Date.now();
    await page.getByTestId(button).click();
    await expect
      .poll(async () => {
        const ahead = (await clockAt(page)) - moment;
        return ahead >= -1000 && ahead <= Date.now() - clickedAt + 1000 ? 'there' : `${ahead} ms off`;
      }, { message: `the clock at ${what}` })
      .toBe('there');
  };
  await jump('event-prev', (second ?? 0) - 5000, '5 s before the latest event');
  await expect(archiveTiles(page)).toHaveCount(4);
  await jump('event-prev', (first ?? 0) - 5000, '5 s before the earlier event');
  await jump('event-next', (second ?? 0) - 5000, "5 s before the later event (Event ▸ from the earlier one's lead-in)");
  await expect(page.locator('[data-testid="tile"][data-mode="archive"][data-state="playing"]').first()).toBeVisible({ timeout: 30_000 });
});

test('Ctrl+click picks the tiles that play back together, on one clock; the rest stay live', async ({ page }) => {
  const { sim } = site();
  await openLive(page);
  const recorded = await untilRecorded(sim, 10);
  await tiles(page).nth(1).click({ modifiers: ['Control'] });
  await tiles(page).nth(3).click({ modifiers: ['Control'] });
  await expect(tiles(page).nth(1)).toHaveClass(/tile--marked/);
  await page.getByTestId('goto-time').fill(toLocalInputValue(recorded - 8000));
  await page.getByTestId('goto-go').click();
  await expect(archiveTiles(page)).toHaveCount(2);
  expect(await tiles(page).evaluateAll((all) => all.map((tile) => tile.getAttribute('data-mode')))).toEqual(['live', 'archive', 'live', 'archive']);
  await expect(page.locator('[data-testid="tile"][data-mode="archive"][data-state="playing"]')).toHaveCount(2, { timeout: 30_000 });
  // Both show the same moment: within half a second of each other, read in one instant.
  await expect
    .poll(async () => {
      const moments = await page.$$eval('[data-testid="tile"][data-mode="archive"]', (elements) =>
        elements.map((tile) => Number(tile.querySelector('[data-testid="tile-watermark"]')?.getAttribute('data-media-epoch')) + (tile.querySelector('video')?.currentTime ?? 0) * 1000),
      );
      return Math.abs((moments[0] ?? 0) - (moments[1] ?? Infinity));
    }, { message: 'ms between the two tiles of the group' })
    .toBeLessThan(500);
  expect((await sim.state()).sessions.filter((session) => session.kind === 'archive').map((session) => session.cameraId).sort()).toEqual([2, 4]);
});

test('the timeline: the wheel zooms around the pointer, a drag pans, the playhead drags to a moment', async ({ page }) => {
  const { sim } = site();
  await openLive(page);
  await untilRecorded(sim, 20);
  await showTimeline(page);
  const box = await timeline(page).boundingBox();
  if (!box) throw new Error('the timeline has no box');
  const lane = { x: box.x + box.width / 2, y: box.y + box.height - 12 };

  // Wheel: in, then out, around the pointer.
  const before = await view(page);
  await page.mouse.move(lane.x, lane.y);
  await page.mouse.wheel(0, -400);
  await expect.poll(async () => { const now = await view(page); return (now.to - now.from) / (before.to - before.from); }, { message: 'span after zooming in, of the span before' }).toBeLessThan(0.7);
  const zoomed = await view(page);
  await page.mouse.wheel(0, 800);
  await expect.poll(async () => { const now = await view(page); return (now.to - now.from) / (zoomed.to - zoomed.from); }, { message: 'span after zooming out' }).toBeGreaterThan(1.5);

  // Drag: the lanes move with the pointer, so dragging right shows earlier times (the view
  // ends at the present, so there is nothing later to drag into).
  const panned = await view(page);
  const msPerPx = (panned.to - panned.from) / panned.width;
  await page.mouse.move(lane.x, lane.y);
  await page.mouse.down();
  await page.mouse.move(lane.x + 100, lane.y, { steps: 5 });
  await page.mouse.move(lane.x + 200, lane.y, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (panned.from - (await view(page)).from) / msPerPx, { message: 'px the view moved back in time' }).toBeGreaterThan(150);
  expect((panned.from - (await view(page)).from) / msPerPx).toBeLessThan(250);

  // Playhead: grab the ruler, drag to a moment recorded 10 s ago, let go: the selected tile plays it.
  await tiles(page).first().click();
  const target = (await untilRecorded(sim, 20)) - 10_000;
  const current = await view(page);
  if (target < current.from || target > current.to) {
    // Bring it into view first: the view is the operator's, the target must be on it.
    await page.mouse.move(lane.x, lane.y);
    await page.mouse.wheel(0, 2000);
  }
  const shown = await view(page);
  const xOf = (time: number): number => box.x + ((time - shown.from) / (shown.to - shown.from)) * shown.width;
  await page.mouse.move(xOf(target - 30_000 > shown.from ? target - 30_000 : shown.from + 5), box.y + 10);
  await page.mouse.down();
  await page.mouse.move(xOf(target), box.y + 10, { steps: 8 });
  await page.mouse.up();
  await expect(tiles(page).first()).toHaveAttribute('data-mode', 'archive');
  const msPerPxShown = (shown.to - shown.from) / shown.width;
  expect(Math.abs((await clockAt(page)) - target), 'ms between the clock and where the playhead was let go').toBeLessThan(Math.max(1500, 3 * msPerPxShown));
});

test('Export… makes one job per chosen camera, each with its own progress; one can be cancelled while the other finishes', async ({ page }) => {
  const { sim } = site();
  await openLive(page);
  const recorded = await untilRecorded(sim, 24);
  await page.getByTestId('export-open').click();
  const dialog = page.getByTestId('export-dialog');
  const cameras = dialog.getByTestId('export-camera');
  await expect(cameras).toHaveCount(4);
  for (let index = 0; index < 4; index++) if (await cameras.nth(index).isChecked()) await cameras.nth(index).uncheck();
  await cameras.nth(0).check();
  await cameras.nth(2).check();
  await dialog.getByTestId('export-from').fill(toLocalInputValue(recorded - 22_000));
  await dialog.getByTestId('export-to').fill(toLocalInputValue(recorded - 2000));
  await expect(dialog.getByTestId('export-start')).toHaveText(/2 cameras/);
  // The VMS's media server holds its segments for now, so both jobs are still running when one is cancelled.
  await sim.setFaults({ segments: 'stall' });
  await dialog.getByTestId('export-start').click();
  const jobs = dialog.getByTestId('export-job');
  await expect(jobs).toHaveCount(2);
  const names = await jobs.allTextContents();
  expect(names.some((name) => name.includes('Main Entrance')) && names.some((name) => name.includes('Car Park North')), names.join(' | ')).toBe(true);

  const cancelled = jobs.filter({ hasText: 'Car Park North' });
  await cancelled.getByTestId('export-cancel').click();
  await expect(cancelled).toHaveAttribute('data-state', 'cancelled');
  await expect(jobs.filter({ hasText: 'Main Entrance' })).toHaveAttribute('data-state', /queued|running/);
  await sim.resetFaults();
  const finished = jobs.filter({ hasText: 'Main Entrance' });
  await expect(finished).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const download = page.waitForEvent('download');
  await finished.getByTestId('export-download').click();
  const mp4 = await readFile(await (await download).path());
  expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
  await expect.poll(async () => (await sim.state()).sessions.filter((session) => session.kind === 'archive').length, { message: 'export sessions left open on the VMS' }).toBe(0);
});
