import { readFile } from 'node:fs/promises';
import { simServer } from '../fixtures/app';
import { toLocalInputValue } from '../fixtures/time';
import { tileTimecode } from '../fixtures/timecode';
import { expect, expectPlayingAndAdvancing, test, tiles } from './fixtures';

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
    await page.waitForTimeout(8000); // let the recording cover the moment asked for
    const wanted = Math.floor(Date.now() / 1000) - 6;
    const tile = tiles(page).nth(1);
    await tile.hover();
    await tile.getByTestId('tile-archive').click();
    await tile.getByTestId('archive-time').fill(toLocalInputValue(wanted * 1000));
    await tile.getByTestId('archive-go').click();
    await expect(tile).toHaveAttribute('data-mode', 'archive');
    await expect(tile).toHaveAttribute('data-state', 'playing');
    const shown = await tileTimecode(page, 1);
    expect(shown, 'the burnt-in clock of the archive tile').toBeDefined();
    expect(Math.abs((shown ?? 0) - wanted)).toBeLessThanOrEqual(2);
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
    await page.waitForTimeout(6000); // let the recording cover the seconds before the event
    const earlier = await sim.emitEvent({ cameraId: 3, alertType: 209 });
    const sentAt = Date.now();
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
    await details.getByTestId('event-play').click();
    const tile = tiles(page).nth(1);
    await expect(tile).toHaveAttribute('data-mode', 'archive');
    await expect(tile).toHaveAttribute('data-state', 'playing');
    const shown = await tileTimecode(page, 1);
    expect(shown, 'the burnt-in clock of the replaying tile').toBeDefined();
    expect(Math.abs((shown ?? 0) - (Math.floor(sentAt / 1000) - 5))).toBeLessThanOrEqual(2);
  });

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
