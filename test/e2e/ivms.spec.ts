import { readFile } from 'node:fs/promises';
import { simServer } from '../fixtures/app';
import { toLocalInputValue } from '../fixtures/time';
import { tileTimecode } from '../fixtures/timecode';
import type { NewPicture } from '../fixtures/timecode';
import { expect, expectPlayingAndAdvancing, test, tiles, untilRecorded, watchNewPictures } from './fixtures';

/**
 * How far (s) the first picture shown may be from the moment asked for: the burnt-in clock
 * reads whole seconds (up to 1 s early by itself), plus a frame or two of a busy machine.
 * A player that started at the wrong place (4 s early, seen once) still fails.
 */
const FIRST_FRAME_BOUND_S = 2;

/**
 * The burnt-in clock (epoch s) of the first recorded frame a watched tile showed. Read off
 * that frame itself: a tile says `playing` only once its picture has moved on, so the
 * clock read after that is already past the moment it started at, by however long the
 * machine took to notice (3 s on a loaded one).
 */
async function firstArchiveFrame(watch: Awaited<ReturnType<typeof watchNewPictures>>): Promise<{ moment: number | undefined; kept: string }> {
  let pictures: NewPicture[] = [];
  await expect
    .poll(async () => {
      pictures = await watch.pictures();
      return pictures.find((picture) => picture.mode === 'archive')?.firstMoment;
    }, { message: 'the first recorded frame has a readable clock' })
    .toBeDefined();
  // Every frame kept, for a failure to tell early from late and which source it was.
  const kept = pictures.map((picture) => `${picture.mode ?? '?'} ${picture.timecode ?? '?'} -${picture.late.toFixed(2)} s at +${Math.round(picture.after)} ms`).join('; ');
  return { moment: pictures.find((picture) => picture.mode === 'archive')?.firstMoment, kept };
}

test.describe('IVMS Pro against the simulator', () => {
  test('live plays on every profile: small tiles get the sub stream, large ones the main stream', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    expect(new Set((await sim.state()).sessions.map((session) => session.profile))).toEqual(new Set(['MajorStream']));
    await page.close();
    await expect.poll(async () => (await sim.state()).sessions.length).toBe(0);

    const small = await page.context().newPage();
    await small.setViewportSize({ width: 900, height: 640 });
    await small.goto(app.url);
    await expectPlayingAndAdvancing(small, 4);
    expect(new Set((await sim.state()).sessions.map((session) => session.profile))).toEqual(new Set(['MinorStream']));
  });

  test('archive from a typed time shows that moment, and going back to live stops the archive session', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4, recording: true });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    // A moment four seconds before the end of what every camera has recorded.
    const wanted = Math.floor((await untilRecorded(sim, 8)) / 1000) - 4;
    const tile = tiles(page).nth(1);
    const watch = await watchNewPictures(page, 1);
    await tile.hover();
    await tile.getByTestId('tile-archive').click();
    await tile.getByTestId('archive-time').fill(toLocalInputValue(wanted * 1000));
    await tile.getByTestId('archive-go').click();
    await expect(tile).toHaveAttribute('data-mode', 'archive');
    await expect(tile).toHaveAttribute('data-state', 'playing');
    // The second asked for, give or take the frame on either side of a second's boundary.
    const first = await firstArchiveFrame(watch);
    expect(Math.abs((first.moment ?? 0) - wanted), `seconds between the first recorded frame and the moment asked for, ${wanted} (frames kept: ${first.kept})`).toBeLessThanOrEqual(FIRST_FRAME_BOUND_S);
    expect((await sim.state()).sessions.filter((session) => session.kind === 'archive')).toHaveLength(1);

    await tile.getByTestId('tile-live').click();
    await expect(tile).toHaveAttribute('data-mode', 'live');
    await expect(tile).toHaveAttribute('data-state', 'playing');
    await expect.poll(async () => (await sim.state()).sessions.filter((session) => session.kind === 'archive').length).toBe(0);
    // The first frames may still be the recording's while the live stream takes over.
    await expect.poll(async () => Math.abs(((await tileTimecode(page, 1)) ?? 0) - Date.now() / 1000), { message: 'the live picture is of now' }).toBeLessThan(8);
  });

  test('events arrive with their pictures; the drawer steps between alerts, downloads snap and clip, and plays from just before', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4, recording: true });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expect(page.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');
    await expectPlayingAndAdvancing(page, 4);
    await untilRecorded(sim, 7); // the seconds before the event are recorded
    const earlier = await sim.emitEvent({ cameraId: 3, alertType: 209 });
    const sent = await sim.emitEvent({ cameraId: 2, alertType: 209 });
    const row = page.getByTestId('alert').first();
    await expect(row).toContainText('Activity Detection');
    await expect(row).toContainText('Lobby');
    await expect.poll(() => row.locator('img').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);
    await row.click();
    const details = page.getByTestId('alert-drawer');
    await expect(details.getByTestId('drawer-raw')).toContainText(`EventId=${sent.id}`);
    await expect.poll(() => details.getByTestId('drawer-image').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBeGreaterThan(0);

    const snap = page.waitForEvent('download');
    await details.getByTestId('event-snap').click();
    const snapFile = await (await snap).path();
    expect([...(await readFile(snapFile)).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect((await snap).suggestedFilename()).toMatch(/^Lobby .* snap\.jpg$/);

    const clip = page.waitForEvent('download', { timeout: 30_000 });
    await details.getByTestId('event-clip').click();
    const clipFile = await (await clip).path();
    expect((await readFile(clipFile)).subarray(4, 8).toString('latin1')).toBe('ftyp');

    await details.getByTestId('drawer-older').click();
    await expect(details.getByTestId('drawer-raw')).toContainText(`EventId=${earlier.id}`);
    await expect(details.getByTestId('drawer-older'), 'the first alert has none older').toBeDisabled();
    await details.getByTestId('drawer-newer').click();
    await expect(details.getByTestId('drawer-raw')).toContainText(`EventId=${sent.id}`);

    // Play from here: the camera's own tile (the second) replays from five seconds before.
    const eventTime = Number(await page.getByTestId('alert').filter({ hasText: 'Lobby' }).getAttribute('data-time'));
    const watch = await watchNewPictures(page, 1);
    await details.getByTestId('event-play').click();
    const tile = tiles(page).nth(1);
    await expect(tile).toHaveAttribute('data-mode', 'archive');
    await expect(tile).toHaveAttribute('data-state', 'playing');
    const wanted = Math.floor(eventTime / 1000 - 5);
    const first = await firstArchiveFrame(watch);
    expect(Math.abs((first.moment ?? 0) - wanted), `seconds between the first replayed frame and 5 s before the event, ${wanted} (frames kept: ${first.kept})`).toBeLessThanOrEqual(FIRST_FRAME_BOUND_S);
  });

  test.describe('a camera that goes offline', () => {
    // Its segments and playlists 404 upstream until the tile notices: the browser logs those loads.
    test.use({ allowNetworkErrors: true });

    test('an offline camera shows offline in its tile and in the list, and plays again when back', async ({ page, launch }) => {
      const sim = await launch.sim({ cameras: 4 });
      const app = await launch.app({ servers: [simServer(sim, { statusPollMs: 2000 })] });
      await page.goto(app.url);
      await expectPlayingAndAdvancing(page, 4);
      await sim.setCamera(3, false);
      const tile = tiles(page).nth(2);
      await expect(tile).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
      await expect(tile).toContainText('Camera offline');
      await expect(page.locator('[data-testid="camera"][data-camera-id="3"]')).toHaveAttribute('data-status', 'offline');
      await sim.setCamera(3, true);
      await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 20_000 });
    });
  });
});
