import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { simServer } from '../fixtures/app';
import { toLocalInputValue } from '../fixtures/time';
import { tileTimecode } from '../fixtures/timecode';
import type { RunningEenSim } from '../fixtures/een-sim';
import type { RunningSim } from '../fixtures/sim';
import { downloadBy, expect, expectPicturesMovingOn, fillEenV3Server, invoke, test, tiles } from './fixtures';

function eenOf(sim: RunningSim): RunningEenSim {
  if (!sim.een) throw new Error('the simulator runs no Eagle Eye front');
  return sim.een;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

async function pickLayout(page: Page, id: string): Promise<void> {
  await page.getByTestId('layout-button').click();
  await page.locator(`[data-testid="layout-option"][data-layout-id="${id}"]`).click();
  await expect(page.getByTestId('wall')).toHaveAttribute('data-layout', id);
}

/** Fills the Eagle Eye fields of the Servers dialog and presses Test; returns the form. */
async function fillEenServer(page: Page, name: string, een: { url: string; username: string; password: string }) {
  await page.getByTestId('server-add').click();
  const form = page.getByTestId('server-form');
  await form.getByTestId('server-field-type').selectOption('een');
  await form.getByTestId('server-field-name').fill(name);
  await form.getByTestId('server-field-api').selectOption('legacy');
  await form.getByTestId('server-field-loginUrl').fill(een.url);
  await form.getByTestId('server-field-username').fill(een.username);
  await form.getByTestId('server-field-password').fill(een.password);
  await form.getByTestId('server-test').click();
  return form;
}

const eenTiles = (page: Page) => page.locator('[data-testid="tile"][data-server-id="eagle-eye"]');

/** Waits until `count` Eagle Eye tiles play and every one shows a newer preview than a few seconds before. */
async function expectPreviewsUpdating(page: Page, count: number): Promise<void> {
  await expect(page.locator('[data-testid="tile"][data-server-id="eagle-eye"][data-state="playing"]')).toHaveCount(count, { timeout: 30_000 });
  await expectPicturesMovingOn(page, count, { tiles: '[data-testid="tile"][data-server-id="eagle-eye"]' });
}

test.describe('Eagle Eye (legacy API) against the simulator', () => {
  test('a server added in the dialog fills two monitors with preview tiles next to IVMS and VXG cameras, for one upstream fetch per camera', async ({ page, launch }) => {
    test.setTimeout(240_000);
    // One site: camera 1 on IVMS, camera 2 in the VXG cloud, cameras 3-18 on Eagle Eye (as the demo splits its cameras).
    const sim = await launch.sim({ cameras: 18, ivmsCameras: [1], vxg: { vxgCameras: [2], ticketSeconds: 3600 }, een: { cameras: range(3, 18) } });
    const een = eenOf(sim);
    const vxg = sim.vxg;
    if (!vxg) throw new Error('no VXG front');
    const app = await launch.app({ servers: [simServer(sim, { name: 'Site (IVMS)' }), { id: 'cloud', type: 'vxg', name: 'Cloud (VXG)', groupToken: vxg.groupToken }] });
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');

    await page.getByTestId('servers-open').click();
    const form = await fillEenServer(page, 'Eagle Eye', een);
    await expect(form.getByTestId('server-test-result')).toHaveText('Connected: 16 cameras');
    await form.getByTestId('server-save').click();
    await expect(page.getByTestId('server-form')).toHaveCount(0);
    const row = page.locator('[data-testid="server-row"][data-server-id="eagle-eye"]');
    await expect(row.getByTestId('server-state')).toContainText('Online · 16 camera');
    await expect(row).not.toContainText(een.password);
    await page.getByTestId('servers-close').click();

    // Monitor 1: the IVMS and VXG cameras the wall started with, then fourteen Eagle Eye cameras dropped as a server.
    await pickLayout(page, '4x4');
    await expect(tiles(page).nth(0)).toHaveAttribute('data-server-id', 'sim');
    await expect(tiles(page).nth(1)).toHaveAttribute('data-server-id', 'cloud');
    await page.locator('[data-testid="server"][data-server-id="eagle-eye"] header').dragTo(tiles(page).nth(2));
    await expect(eenTiles(page)).toHaveCount(14);
    await expect(tiles(page).nth(0)).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    await expect(tiles(page).nth(1)).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    await expectPreviewsUpdating(page, 14);

    // Monitor 2: a 4×4 wall of all sixteen Eagle Eye cameras, at the same time.
    const second = await page.context().newPage();
    await second.goto(`${app.url}&monitor=1`);
    await expect(second.locator('body')).toHaveAttribute('data-app-state', 'ready');
    await pickLayout(second, '4x4');
    await second.locator('[data-testid="server"][data-server-id="eagle-eye"] header').dragTo(tiles(second).nth(0));
    await expect(eenTiles(second)).toHaveCount(16);
    await expectPreviewsUpdating(second, 16);
    await expectPreviewsUpdating(page, 14);

    // Eagle Eye sees one fetcher per camera, not one per tile: cameras 3-16 are on both monitors.
    const esn = een.esnOf(3);
    const before = (await een.state()).previewRequests;
    const startedAt = Date.now();
    // A six-second window: at the one fetch a second expected that is 5 to 7 requests, where
    // one fetcher per tile (two here) would be about 12 and fail the bound below.
    await page.waitForTimeout(6000);
    const after = (await een.state()).previewRequests;
    const seconds = (Date.now() - startedAt) / 1000;
    const perSecond = ((after[esn] ?? 0) - (before[esn] ?? 0)) / seconds;
    expect(perSecond, 'upstream preview requests per second for a camera shown on two monitors').toBeGreaterThan(0.5);
    expect(perSecond, 'upstream preview requests per second for a camera shown on two monitors').toBeLessThan(1.5);
    const total = range(3, 18).reduce((sum, camera) => sum + (after[een.esnOf(camera)] ?? 0) - (before[een.esnOf(camera)] ?? 0), 0) / seconds;
    expect(total, 'upstream preview requests per second for all 16 cameras on 30 tiles').toBeLessThan(16 * 1.5);

    // A preview tile is a first-class tile: maximise, snapshot...
    const tile = eenTiles(page).first();
    await tile.dblclick();
    await expect(tile).toHaveClass(/tile--maximized/);
    await tile.dblclick();
    await expect(tile).not.toHaveClass(/tile--maximized/);
    await expect(tile).toHaveAttribute('data-state', 'playing');
    await tile.hover();
    const file = await downloadBy(page, () => tile.getByTestId('tile-snapshot').click());
    expect(file.suggestedFilename()).toMatch(/\.png$/);
    const png = await readFile(await file.path());
    expect([...png.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');

    // ...that says when its camera goes offline, keeping the last image it had, and plays again when it is back.
    const cameraId = await tile.getAttribute('data-camera-id');
    const siteCamera = range(3, 18).find((camera) => een.esnOf(camera) === cameraId);
    if (siteCamera === undefined) throw new Error(`tile shows an unknown camera ${String(cameraId)}`);
    await een.setCamera(siteCamera, false);
    await expect(tile).not.toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    await expect(tile.getByTestId('last-frame')).toBeVisible();
    await een.setCamera(siteCamera, true);
    await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 45_000 });
    await second.close();
  });

  test('recorded video plays in the archive tile from a typed time (Eagle Eye gives FLV; the core remuxes it), showing that moment', async ({ page, launch }) => {
    test.setTimeout(150_000);
    const sim = await launch.sim({ cameras: 1, recording: true, eventsPerMinute: 0, een: { cameras: [1] } });
    const een = eenOf(sim);
    const app = await launch.app({ servers: [{ id: 'eagle-eye', type: 'een', name: 'Eagle Eye', api: 'legacy', loginUrl: een.url, username: een.username, password: een.password }] });
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    const tile = eenTiles(page).first();
    await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });

    // Some recording first: ten seconds of it.
    const ranges = async () => (await sim.state()).recordings.find((recording) => recording.cameraId === 1)?.ranges ?? [];
    await expect.poll(async () => ((await ranges()).at(-1)?.toMs ?? 0) - ((await ranges()).at(-1)?.fromMs ?? 0), { timeout: 60_000 }).toBeGreaterThan(10_000);
    const [recorded] = await ranges();
    const wanted = Math.floor(((recorded?.fromMs ?? 0) + 4000) / 1000);

    await tile.hover();
    await tile.getByTestId('tile-archive').click();
    await tile.getByTestId('archive-time').fill(toLocalInputValue(wanted * 1000));
    await tile.getByTestId('archive-go').click();
    await expect(tile).toHaveAttribute('data-mode', 'archive');
    await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    const index = Number(await tile.getAttribute('data-index'));
    await expect.poll(() => tileTimecode(page, index), { message: 'a decodable archive frame', timeout: 20_000 }).toBeDefined();
    const shown = (await tileTimecode(page, index)) ?? 0;
    const playing = Number(await page.getByTestId('playback-time').getAttribute('data-time')) / 1000;
    expect(Math.abs(shown - playing), 'the picture shows the playback clock').toBeLessThanOrEqual(2);
    expect(shown - wanted, 'which went on from the moment asked for').toBeGreaterThanOrEqual(-2);
    expect(shown - wanted, 'within moments of it').toBeLessThanOrEqual(10);
    expect((await een.state()).counters['videoPlays'], 'recorded video fetched from Eagle Eye as FLV').toBeGreaterThan(0);
  });

  test('a user who signs in with two-factor authentication is refused in words, and nothing is saved', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 1, een: { twoFactor: true } });
    const app = await launch.app({ extraArgs: ['--no-demo'] });
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    await page.getByTestId('servers-open').click();
    const form = await fillEenServer(page, 'Eagle Eye', eenOf(sim));
    await expect(form.getByTestId('server-test-result')).toContainText('two-factor authentication');
  });
});

test.describe('Eagle Eye API v3 against the simulator', () => {
  test('a v3 server saved in the dialog signs in through Eagle Eye’s own page, plays HLS main streams and receives every event through token refreshes and a dropped subscription, and is still signed in after a restart', async ({ page, launch }) => {
    test.setTimeout(240_000);
    const sim = await launch.sim({ cameras: 2, eventsPerMinute: 30, een: { cameras: [1, 2], v3TokenSeconds: 5 } });
    const een = eenOf(sim);
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-data-'));
    let app = await launch.app({ extraArgs: ['--no-demo'], dataDir });
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');

    const form = await fillEenV3Server(page, een);
    await form.getByTestId('server-save').click();
    await expect(page.getByTestId('server-form')).toHaveCount(0);
    const row = page.locator('[data-testid="server-row"][data-server-id="eagle-eye"]');
    // Saved before its first sign-in: it says so, and offers the sign-in.
    await expect(row.getByTestId('server-state')).toContainText('Sign-in needed');

    // Eagle Eye's page opens in a tab; Approve sends the browser back to the app, which says it is signed in.
    const opened = page.context().waitForEvent('page');
    await row.getByTestId('server-sign-in').click();
    const signIn = await opened;
    await signIn.waitForURL((url) => url.origin === new URL(een.url).origin && url.pathname === '/oauth2/authorize');
    await signIn.getByTestId('een-approve').click();
    await expect(signIn.getByTestId('sign-in-result')).toHaveText('Signed in');
    expect(new URL(signIn.url()).origin).toBe(app.origin);
    expect(await signIn.content()).not.toContain(een.v3.clientSecret);
    // The callback link is spent: opening it again signs nothing in.
    const replay = await signIn.request.get(signIn.url());
    expect(replay.status()).toBe(400);
    await signIn.close();

    await expect(row.getByTestId('server-state')).toContainText('Online · 2 camera', { timeout: 30_000 });
    await expect(row).not.toContainText(een.v3.clientSecret);
    await page.getByTestId('servers-close').click();
    await page.locator('[data-testid="server"][data-server-id="eagle-eye"] header').dragTo(tiles(page).nth(0));
    const v3Tiles = page.locator('[data-testid="tile"][data-server-id="eagle-eye"][data-state="playing"]');
    await expect(v3Tiles).toHaveCount(2, { timeout: 30_000 });

    const since = Date.now();

    // Token lives of 5 s: three refreshes (each rotating the refresh token), the tiles playing through them.
    const refreshes = (await een.state()).v3['refreshes'] ?? 0;
    await expect.poll(async () => ((await een.state()).v3['refreshes'] ?? 0) - refreshes, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    await expect(v3Tiles).toHaveCount(2);

    // Events come through the SSE subscription all along; the stream is then cut, and what
    // Eagle Eye sent meanwhile is read back: every event of the window journaled exactly once.
    const connections = (await een.state()).v3['sseConnections'] ?? 0;
    expect(((await (await fetch(`${een.url}/_sim/sse/drop`, { method: 'POST', body: '{}' })).json()) as { dropped: number }).dropped, 'a stream was open to cut').toBeGreaterThan(0);
    // Sent while the stream is down (the client is still reconnecting): only the gap read finds these.
    for (let index = 0; index < 3; index++) await een.emitEvent({ cameraId: 1 + (index % 2) });
    await expect.poll(async () => (await een.state()).v3['sseConnections'] ?? 0, { timeout: 30_000 }).toBeGreaterThan(connections);
    const sentSince = async (from: number, to = Number.POSITIVE_INFINITY): Promise<string[]> =>
      ((await (await fetch(`${een.url}/_sim/v3/events`)).json()) as Array<{ id: string; startTimestamp: string }>)
        .filter((event) => Date.parse(event.startTimestamp) >= from && Date.parse(event.startTimestamp) <= to)
        .map((event) => event.id);
    const dropped = Date.now();
    await expect.poll(async () => (await sentSince(dropped)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const until = Date.now();
    const sent = await sentSince(since, until);
    expect(sent.length, 'events were sent during the window').toBeGreaterThanOrEqual(5);
    await expect
      .poll(
        async () => {
          const journal = (await invoke<Array<{ vendorEventId?: string }>>(page, 'events.query', { filter: { state: 'all', serverId: 'eagle-eye' }, limit: 1000 })).flatMap((record) => record.vendorEventId ?? []);
          return { missing: sent.filter((id) => !journal.includes(id)), twice: journal.length - new Set(journal).size };
        },
        { timeout: 30_000, message: 'each event Eagle Eye sent is in the journal exactly once' },
      )
      .toEqual({ missing: [], twice: 0 });

    // A restart: still signed in with the newest (sealed) refresh token, no sign-in asked.
    await page.goto('about:blank');
    await app.stop();
    app = await launch.app({ extraArgs: ['--no-demo'], dataDir });
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    await expect(v3Tiles).toHaveCount(2, { timeout: 30_000 });
    expect((await een.state()).v3['refusedRefreshes'], 'no refresh token was used twice').toBe(0);
  });
});

