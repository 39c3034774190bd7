import type { Page } from '@playwright/test';
import { simServer } from '../fixtures/app';
import { expect, expectPlayingAndAdvancing, test, tiles } from './fixtures';

/** A server config that notices faults quickly: keepalive every second, status every second. */
const QUICK = { keepaliveIntervalMs: 1000, statusPollMs: 1000, requestTimeoutMs: 3000, eventIdleTimeoutMs: 3000 } as const;

test.use({ allowNetworkErrors: true });

/** Closes a tile and picks its camera again, so it asks the VMS for a new session. */
async function reopenTile(page: Page, index: number, cameraName: string): Promise<void> {
  const tile = tiles(page).nth(index);
  await tile.click();
  await tile.getByRole('button', { name: `Close ${cameraName}` }).click();
  await expect(tile).toHaveAttribute('data-state', 'empty');
  await page.getByTestId('camera').filter({ hasText: cameraName }).dblclick();
}

test.describe('faults of an IVMS server are shown in words and recovered from', () => {
  test('API faults: site down, refused requests, malformed JSON, latency', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim, QUICK)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    const server = page.getByTestId('server');

    await sim.setFaults({ siteDown: true });
    await expect(server).toHaveAttribute('data-server-state', 'offline');
    await expect(server).toContainText('The site VMS server is down (IVMS 1504');
    await reopenTile(page, 3, 'Loading Bay');
    await expect(tiles(page).nth(3)).toHaveAttribute('data-state', 'reconnecting');
    await expect(tiles(page).nth(3)).toContainText('The site VMS server is down');
    // Media comes from the media server, which is not down: the other tiles keep playing.
    await expect(page.locator('[data-testid="tile"][data-state="playing"]')).toHaveCount(3);
    await sim.resetFaults();
    await expect(server).toHaveAttribute('data-server-state', 'online');
    await expect(tiles(page).nth(3)).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });

    await sim.setFaults({ rejectPaths: ['^startlive/'] });
    await reopenTile(page, 2, 'Car Park North');
    await expect(tiles(page).nth(2)).toContainText('The VMS refused the request (IVMS 3002');
    await sim.resetFaults();
    await expect(tiles(page).nth(2)).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });

    await sim.setFaults({ malformedJson: true });
    // In words on the row; what was wrong with the answer in its tooltip.
    await expect(server.getByTestId('server-reason')).toHaveText('The server reported a fault — retrying');
    await expect(server.getByTestId('server-reason')).toHaveAttribute('title', /is not JSON \(HTTP 200\)/);
    await sim.resetFaults();
    await expect(server).toHaveAttribute('data-server-state', 'online');

    await sim.setFaults({ latencyMs: 1500 });
    await reopenTile(page, 1, 'Lobby');
    await expect(tiles(page).nth(1)).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    await sim.resetFaults();
    await expectPlayingAndAdvancing(page, 4);
    // The tile closed while the site was down could not stop its session then; Tessera
    // retries the stop, so no orphan is left holding a stream on the server.
    await expect.poll(() => sim.liveCameras(), { timeout: 15_000 }).toEqual([1, 2, 3, 4]);
  });

  test('session faults: rejected keepalives and early expiry reopen the sessions, leaving no duplicates', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim, QUICK)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    const startedBefore = (await sim.state()).counters.started;

    await sim.setFaults({ keepaliveReject: true });
    await expect.poll(async () => (await sim.state()).counters.started, { timeout: 10_000 }).toBeGreaterThan(startedBefore + 4);
    await sim.resetFaults();
    await expectPlayingAndAdvancing(page, 4);
    await expect.poll(() => sim.liveCameras()).toEqual([1, 2, 3, 4]);

    const expiredBefore = (await sim.state()).counters.expired;
    await sim.setFaults({ sessionExpiryMs: 400 });
    await expect.poll(async () => (await sim.state()).counters.expired, { timeout: 10_000 }).toBeGreaterThan(expiredBefore);
    await sim.resetFaults();
    await expectPlayingAndAdvancing(page, 4);
    await expect.poll(() => sim.liveCameras()).toEqual([1, 2, 3, 4]);
  });

  test('media faults: segments that 404 or stall show on the tile, which recovers by itself; a frozen picture that plays on is flagged until it moves again', async ({ page, launch }) => {
    test.setTimeout(150_000);
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim, QUICK)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    const first = tiles(page).first();

    for (const mode of ['404', 'stall'] as const) {
      await sim.setFaults({ segments: mode });
      await expect(first).toHaveAttribute('data-state', /stalled|reconnecting/, { timeout: 15_000 });
      // In the operator's words on the tile (a technical cause, when there is one, is in its tooltip).
      await expect(first.getByTestId('tile-reason')).toHaveText(/no video|no new picture|picture stopped/i);
      await sim.resetFaults();
      await expectPlayingAndAdvancing(page, 4);
    }

    // A camera whose encoder is stuck on one frame: segments keep coming, so the stream
    // "plays", but the picture no longer changes. The tile says so (after 10 s unchanged)
    // and goes on playing; the other tiles are not flagged; movement clears the flag.
    const cameraId = Number(await first.getAttribute('data-camera-id'));
    const watermark = first.getByTestId('tile-watermark');
    await expect(watermark).not.toContainText('Picture unchanged');
    await sim.freezeCamera(cameraId, true);
    await expect(watermark).toContainText(/Picture unchanged \d+ s/, { timeout: 40_000 });
    await expect(first).toHaveAttribute('data-state', 'playing');
    await expect(tiles(page).nth(1).getByTestId('tile-watermark')).not.toContainText('Picture unchanged');
    await sim.freezeCamera(cameraId, false);
    await expect(watermark).not.toContainText('Picture unchanged', { timeout: 20_000 });
  });

  test('event socket faults: refused, dropped and silent sockets come back, and nothing sent after is lost', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim, QUICK)] });
    await page.goto(app.url);
    const events = page.getByTestId('server-events');
    const count = page.getByTestId('event-count');
    await expect(events).toHaveAttribute('data-events-state', 'open');

    await sim.setFaults({ websocket: 'refuse' });
    await sim.dropEventSockets();
    await expect(events).toHaveAttribute('data-events-state', 'reconnecting');
    await expect(events).toContainText('The event socket was refused (HTTP 503)');
    await sim.resetFaults();
    await expect(events).toHaveAttribute('data-events-state', 'open', { timeout: 40_000 });
    for (let i = 0; i < 5; i++) await sim.emitEvent({ cameraId: 1 + (i % 4) });
    await expect(count).toHaveText('5');

    await sim.setFaults({ websocket: 'silent' });
    await expect(events).toContainText('No traffic on the event socket for 3 s', { timeout: 15_000 });
    await sim.resetFaults();
    await expect(events).toHaveAttribute('data-events-state', 'open', { timeout: 40_000 });
    for (let i = 0; i < 3; i++) await sim.emitEvent({ cameraId: 2 });
    await expect(count).toHaveText('8');
    const sent = await sim.sentEvents();
    expect(sent.filter((event) => event.delivered > 0)).toHaveLength(8);
  });

  test('a server restart: every tile plays again within 15 s and no duplicate session is left', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim, QUICK)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    await sim.restart(3000);
    await expect(page.getByTestId('server')).toHaveAttribute('data-server-state', 'offline', { timeout: 10_000 });
    // In words on the row; the technical cause in its tooltip.
    await expect(page.getByTestId('server-reason')).toHaveText('Not answering — retrying');
    await expect(page.getByTestId('server-reason')).toHaveAttribute('title', /Connection refused/);
    await expect(page.getByTestId('server')).toHaveAttribute('data-server-state', 'online', { timeout: 15_000 });
    const backAt = Date.now();
    await expectPlayingAndAdvancing(page, 4);
    expect(Date.now() - backAt).toBeLessThan(15_000);
    await expect.poll(() => sim.liveCameras()).toEqual([1, 2, 3, 4]);
  });

  test('failover: sessions move to the standby when the primary fails, and back when it returns', async ({ page, launch }) => {
    const primary = await launch.sim({ cameras: 4, sessionExpiryMs: 5000 });
    const standby = await launch.sim({ cameras: 4, sessionExpiryMs: 5000 });
    const app = await launch.app({ servers: [simServer(primary, { ...QUICK, redundantUrl: standby.url, failbackProbeMs: 1000 })] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    const server = page.getByTestId('server');
    await expect(server).toHaveAttribute('data-endpoint', 'primary');

    await primary.setFaults({ siteDown: true });
    await expect(server).toHaveAttribute('data-endpoint', 'standby');
    await expect(server).toContainText('Running on the standby server');
    await expect.poll(() => standby.liveCameras()).toEqual([1, 2, 3, 4]);
    await expectPlayingAndAdvancing(page, 4);

    await primary.resetFaults();
    await expect(server).toHaveAttribute('data-endpoint', 'primary', { timeout: 15_000 });
    await expect.poll(() => standby.liveCameras()).toEqual([]);
    await expect.poll(() => primary.liveCameras(), { timeout: 15_000 }).toEqual([1, 2, 3, 4]);
    await expectPlayingAndAdvancing(page, 4);
  });
});
