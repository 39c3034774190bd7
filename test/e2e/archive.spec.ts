import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { simServer } from '../fixtures/app';
import { tileTimecode } from '../fixtures/timecode';
import { toLocalInputValue } from '../fixtures/time';
import { decodeTimecode } from '../../sim/timecode';
import { expect, expectPlayingAndAdvancing, test, tiles, untilRecorded, watchNewPictures } from './fixtures';

/**
 * How far (s) the first picture shown may be from the moment asked for: the burnt-in clock
 * reads whole seconds (up to 1 s early by itself), plus a frame or two of a busy machine.
 * A player that started at the wrong place (4 s early, seen once) still fails.
 */
const FIRST_FRAME_BOUND_S = 2;
/**
 * How long the group is watched for sync. Half a minute covers many segment loads and rate
 * corrections per tile (1 s segments); a minute cost the suite 30 s more and caught nothing
 * the half did not.
 */
const SYNC_SECONDS = 30;

/**
 * The moment (epoch ms) of the frame each tile shows, all read in one instant: the
 * tile's media epoch (program date-time of media time 0) plus its video's current time.
 */
function tileMoments(page: Page): Promise<Array<number | null>> {
  return page.$$eval('[data-testid="tile"]', (elements) =>
    elements.map((tile) => {
      const video = tile.querySelector('video');
      const epoch = tile.querySelector('[data-testid="tile-watermark"]')?.getAttribute('data-media-epoch');
      return video && epoch ? Number(epoch) + video.currentTime * 1000 : null;
    }),
  );
}

async function archiveSessions(sim: { state(): Promise<{ sessions: Array<{ id: number; kind: string; cameraId: number }> }> }): Promise<Array<{ id: number; cameraId: number }>> {
  return (await sim.state()).sessions.filter((session) => session.kind === 'archive');
}

async function goTo(page: Page, time: number): Promise<void> {
  await page.getByTestId('goto-time').fill(toLocalInputValue(time));
  await page.getByTestId('goto-go').click();
}

test.describe('archive playback', () => {
  test('the whole wall plays one recorded moment: four tiles stay within 0.5 s of each other for 30 s, and going live stops every archive session', async ({ page, launch }) => {
    test.setTimeout(180_000);
    const sim = await launch.sim({ cameras: 4, recording: true });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    // Six seconds before the end of what is recorded: the archive playlist grows with the
    // recording, so half a minute at 1x from there never reaches its end (ten seconds of margin
    // cost four more seconds of waiting for the recording, for nothing checked).
    const wanted = Math.floor((await untilRecorded(sim, 8)) / 1000) - 6;
    const watches = await Promise.all([0, 1, 2, 3].map((index) => watchNewPictures(page, index)));
    // The moment typed in the Go-to field is where "Whole wall" starts every tile.
    await page.getByTestId('goto-time').fill(toLocalInputValue(wanted * 1000));
    await page.getByTestId('sync-wall').click();
    await expect(page.locator('[data-testid="tile"][data-mode="archive"][data-state="playing"]')).toHaveCount(4, { timeout: 30_000 });
    await expect.poll(async () => (await archiveSessions(sim)).length).toBe(4);
    // The clock holds while the tiles load: the first tile to show a picture starts on the
    // moment asked for. (One that loads more than HOLD_LIMIT_MS later than that joins the
    // group's clock where it has got to, by design: it does not hold the others back.)
    const firsts = await Promise.all(watches.map(async (watch) => (await watch.pictures()).find((picture) => picture.mode === 'archive')));
    // The group's start is the earliest moment any tile began at (a busy page may run the frame callbacks out of order).
    const earliest = firsts.filter((picture) => picture?.firstMoment !== undefined).sort((a, b) => (a?.firstMoment ?? 0) - (b?.firstMoment ?? 0))[0];
    test.info().annotations.push({ type: 'first frames', description: firsts.map((picture) => `${(picture?.firstMoment ?? NaN) - wanted} s (clock ${(picture?.timecode ?? NaN) - wanted} s, ${picture?.late ?? NaN} s played before, played ${picture?.played}) after ${Math.round(picture?.after ?? NaN)} ms`).join('; ') });
    expect(Math.abs((earliest?.firstMoment ?? 0) - wanted), "seconds between the group's first recorded frame and the moment asked for").toBeLessThanOrEqual(FIRST_FRAME_BOUND_S);

    const spreads: number[] = [];
    const clockSamples: Array<{ now: number; clock: number }> = [];
    for (let second = 0; second < SYNC_SECONDS; second++) {
      await page.waitForTimeout(1000);
      clockSamples.push(await page.getByTestId('playback-time').evaluate((element) => ({ now: Date.now(), clock: Number(element.getAttribute('data-time')) })));
      const moments = await tileMoments(page);
      if (moments.some((moment) => moment === null)) continue;
      const values = moments as number[];
      spreads.push(Math.max(...values) - Math.min(...values));
    }
    test.info().annotations.push({ type: 'sync', description: `spread p50 ${spreads.sort((a, b) => a - b)[Math.floor(spreads.length / 2)]} ms, max ${Math.max(...spreads)} ms over ${spreads.length} samples` });
    expect(spreads.length, 'every tile was sampled nearly every second').toBeGreaterThanOrEqual(SYNC_SECONDS - 3);
    expect(Math.max(...spreads), 'the spread between the tiles, ms').toBeLessThanOrEqual(500);
    // With every tile playing, the group's clock runs with wall time: over the half minute
    // it may lag by no more than the bar's 250 ms refresh and a frame or two. A clock that
    // stood still (waiting on a tile, or stuck) for 1.5 s in that time fails here.
    const [start, end] = [clockSamples[0], clockSamples.at(-1)];
    const lag = (end && start ? end.now - start.now - (end.clock - start.clock) : Infinity) / 1000;
    expect(Math.abs(lag), 'seconds the playback clock fell behind (or ran ahead of) wall time in half a minute of playing').toBeLessThan(1.5);
    const clocks = await Promise.all([0, 1, 2, 3].map((index) => tileTimecode(page, index)));
    expect(new Set(clocks.map((clock) => clock !== undefined && Math.abs(clock - (clocks[0] ?? 0)) <= 1)), 'the burnt-in clocks agree').toEqual(new Set([true]));
    const clock = Number(await page.getByTestId('playback-time').getAttribute('data-time')) / 1000;
    expect(Math.abs((clocks[0] ?? 0) - clock), 'the pictures show the playback clock').toBeLessThanOrEqual(1.5);

    await page.getByTestId('go-live').click();
    await expect(page.locator('[data-testid="tile"][data-mode="live"][data-state="playing"]')).toHaveCount(4);
    await expect.poll(async () => (await archiveSessions(sim)).length).toBe(0);
    await expect(page.getByTestId('playback-time')).toHaveText('LIVE');
  });

  test('back to live after a short look at the recording shows the live picture, not an old one', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 1, recording: true });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 1);
    const recorded = await untilRecorded(sim, 8);
    await page.getByTestId('sync-wall').click();
    await goTo(page, recorded - 6000);
    await expect(page.locator('[data-testid="tile"][data-mode="archive"][data-state="playing"]')).toHaveCount(1, { timeout: 30_000 });
    // Until the VMS has stopped the live encoder nobody watches (2 s after its session ended, in these tests).
    await expect.poll(async () => (await sim.state()).encoders.length, { message: 'live encoders still running' }).toBe(0);
    await page.getByTestId('go-live').click();
    await expect(page.locator('[data-testid="tile"][data-mode="live"][data-state="playing"]')).toHaveCount(1);
    // The new encoder numbers its segments from 0 again, as the old one did: the picture
    // must be the new segment's, not the cached one of the same name from before.
    // (Checked from the first picture on: a stale one would only be replaced once the new
    // encoder had passed the old one's last segment number.)
    for (let sample = 0; sample < 8; sample++) {
      await expect.poll(() => tileTimecode(page, 0)).toBeDefined();
      expect(Date.now() / 1000 - ((await tileTimecode(page, 0)) ?? 0), `seconds the live picture is behind, sample ${sample}`).toBeLessThan(5);
      await page.waitForTimeout(500);
    }
  });

  test('speed, pause and frame step move the recording; seeking inside a session keeps it, outside opens another and stops the old', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 2, recording: true });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 2);
    const recorded = await untilRecorded(sim, 22); // room to play fast and jump ahead
    const tile = tiles(page).first();
    await tile.click();
    await goTo(page, recorded - 20_000);
    await expect(tile).toHaveAttribute('data-mode', 'archive');
    await expect(tile).toHaveAttribute('data-state', 'playing');
    const [session] = await archiveSessions(sim);
    expect(session).toBeDefined();

    // Speed: at 4x a second of wall time is about four of recording.
    await page.getByTestId('speed').selectOption('4');
    await expect(tile.getByTestId('tile-badge')).toHaveText('ARCHIVE 4×');
    const before = (await tileMoments(page))[0] ?? 0;
    await page.waitForTimeout(1500);
    const after = (await tileMoments(page))[0] ?? 0;
    expect((after - before) / 1500, 'recorded seconds per second at 4x').toBeGreaterThan(2.5);
    await page.getByTestId('speed').selectOption('1');

    // Pause holds the frame; a frame step moves one frame (10 fps: 100 ms) each way.
    await page.getByTestId('play-pause').click();
    await expect(page.getByTestId('playback-state')).toHaveText('Paused');
    await page.waitForTimeout(800);
    const paused = (await tileMoments(page))[0] ?? 0;
    await page.waitForTimeout(800);
    expect(Math.abs(((await tileMoments(page))[0] ?? 0) - paused), 'paused').toBeLessThan(20);
    await page.getByTestId('frame-forward').click();
    await expect.poll(async () => Math.round((((await tileMoments(page))[0] ?? 0) - paused) / 10) * 10).toBe(100);
    await page.getByTestId('frame-back').click();
    await page.getByTestId('frame-back').click();
    await expect.poll(async () => Math.round((((await tileMoments(page))[0] ?? 0) - paused) / 10) * 10).toBe(-100);
    await expect(tile).toHaveAttribute('data-state', 'playing');

    // +10 s is inside what this session's playlist covers: no new session.
    await page.getByTestId('jump-10000').click();
    await expect.poll(async () => Math.round((((await tileMoments(page))[0] ?? 0) - paused) / 1000)).toBe(10);
    expect((await archiveSessions(sim)).map((open) => open.id)).toEqual([session?.id]);

    // −10 min is before the session's start: a new session there, the old one stopped.
    await page.getByTestId('jump--600000').click();
    await expect.poll(async () => (await archiveSessions(sim)).map((open) => open.id)).not.toEqual([session?.id]);
    await expect.poll(async () => (await archiveSessions(sim)).length).toBe(1);
  });

  test('an event marker on the timeline plays its camera from just before the event', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4, recording: true });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expect(page.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');
    await expectPlayingAndAdvancing(page, 4);
    await untilRecorded(sim, 7); // the seconds before the event are recorded
    const sentAt = Date.now();
    await sim.emitEvent({ cameraId: 3, alertType: 209 });
    const timeline = page.getByTestId('timeline');
    await expect.poll(async () => Number(await timeline.getAttribute('data-markers')), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);

    // Zoom to the ten minutes around the event so the marker is wide enough to hit.
    const event = (await page.getByTestId('alert').first().getAttribute('data-time')) ?? String(sentAt);
    const box = await timeline.boundingBox();
    const from = Number(await timeline.getAttribute('data-view-from'));
    const to = Number(await timeline.getAttribute('data-view-to'));
    const width = Number(await timeline.getAttribute('data-width'));
    const x = ((Number(event) - from) / (to - from)) * width;
    const watch = await watchNewPictures(page, 2);
    await page.mouse.click((box?.x ?? 0) + x, (box?.y ?? 0) + Number(await timeline.getAttribute('data-marker-y')));

    const tile = tiles(page).nth(2);
    await expect(tile).toHaveAttribute('data-mode', 'archive');
    await expect(tile).toHaveAttribute('data-state', 'playing');
    await expect.poll(async () => (await watch.pictures()).find((picture) => picture.mode === 'archive')?.firstMoment).toBeDefined();
    const first = (await watch.pictures()).find((picture) => picture.mode === 'archive');
    const shown = first?.firstMoment;
    test.info().annotations.push({ type: 'first frame', description: `${(shown ?? NaN) - Math.floor(Number(event) / 1000 - 5)} s after the moment asked (clock ${first?.timecode}, ${first?.late} s played before it)` });
    expect(Math.abs((shown ?? 0) - Math.floor(Number(event) / 1000 - 5)), 'the first replayed frame of the camera is 5 s before the event').toBeLessThanOrEqual(FIRST_FRAME_BOUND_S);
  });

  test('a snapshot is a PNG of the frame with its camera and time; an export is an MP4, or says why not', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 2, recording: true });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 2);
    const tile = tiles(page).first();
    await tile.hover();
    const download = page.waitForEvent('download');
    await expect.poll(() => tileTimecode(page, 0)).toBeDefined();
    const shownBefore = await tileTimecode(page, 0);
    const clickedAt = Date.now();
    await tile.getByTestId('tile-snapshot').click();
    const shownAfter = Date.now();
    const file = await download;
    await expect(page.getByTestId('notice').first()).toContainText('Snapshot downloaded');
    expect(file.suggestedFilename()).toMatch(/^Main Entrance .*\.png$/);
    const png = await readFile(await file.path());
    expect([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    // The picture is the frame: its burnt-in time code reads as the tile's moment.
    const pixels = await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d');
      context?.drawImage(image, 0, 0);
      const data = context?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      return { width: canvas.width, height: canvas.height, luma: Array.from({ length: canvas.width * canvas.height }, (_, at) => 0.299 * (data[at * 4] ?? 0) + 0.587 * (data[at * 4 + 1] ?? 0) + 0.114 * (data[at * 4 + 2] ?? 0)) };
    }, png.toString('base64'));
    const code = decodeTimecode((x, y) => pixels.luma[y * pixels.width + x] ?? 0, pixels.height);
    // The frame the tile showed when clicked (its live picture, however far a busy machine lets it fall behind).
    expect(code, 'the snapshot carries a readable time code').toBeDefined();
    expect((code ?? 0) - (shownBefore ?? 0), "seconds between the tile's picture at the click and the snapshot").toBeGreaterThanOrEqual(0);
    expect((code ?? 0) - (shownBefore ?? 0), "seconds between the tile's picture at the click and the snapshot").toBeLessThanOrEqual(Math.ceil((shownAfter - clickedAt) / 1000) + 1);

    // Export: 6 s of the first camera, recorded; then a range before the recording began.
    const recorded = await untilRecorded(sim, 10);
    await tile.click();
    await page.getByTestId('export-open').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.getByTestId('export-from').fill(toLocalInputValue(recorded - 9000));
    await dialog.getByTestId('export-to').fill(toLocalInputValue(recorded - 3000));
    await dialog.getByTestId('export-start').click();
    const job = dialog.getByTestId('export-job').first();
    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    const mp4 = page.waitForEvent('download');
    await job.getByTestId('export-download').click();
    const video = await readFile(await (await mp4).path());
    expect(video.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(video.length).toBeGreaterThan(20_000);

    await dialog.getByTestId('export-from').fill(toLocalInputValue(Date.now() - 3_600_000));
    await dialog.getByTestId('export-to').fill(toLocalInputValue(Date.now() - 3_590_000));
    await dialog.getByTestId('export-start').click();
    const failed = dialog.getByTestId('export-job').first();
    await expect(failed).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
    await expect(failed.getByTestId('export-message')).not.toBeEmpty();
  });
});
