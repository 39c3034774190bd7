import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { simServer } from '../fixtures/app';
import type { RunningSim } from '../fixtures/sim';
import { toLocalInputValue } from '../fixtures/time';
import { sampledTimecode, tileTimecode } from '../fixtures/timecode';
import type { RunningVxgSim } from '../fixtures/vxg-sim';
import { expect, expectPlayingAndAdvancing, invoke, test, tiles } from './fixtures';

/** A call to the core as the page makes it (the contract's own channel, through window.tessera). */
function vxgOf(sim: RunningSim): RunningVxgSim {
  if (!sim.vxg) throw new Error('the simulator runs no VXG front');
  return sim.vxg;
}

/** Adds a VXG server in the Servers dialog: Test must connect to `cameras` cameras, then Save. */
async function addVxgServer(page: Page, name: string, credential: 'cloudKey' | 'groupToken' | 'accessTokens', fields: Record<string, string>, cameras: number): Promise<void> {
  await page.getByTestId('server-add').click();
  const form = page.getByTestId('server-form');
  await form.getByTestId('server-field-type').selectOption('vxg');
  await form.getByTestId('server-field-name').fill(name);
  await form.getByTestId('server-field-credential').selectOption(credential);
  for (const [key, value] of Object.entries(fields)) await form.getByTestId(`server-field-${key}`).fill(value);
  await form.getByTestId('server-test').click();
  await expect(form.getByTestId('server-test-result')).toHaveText(`Connected: ${cameras} camera${cameras === 1 ? '' : 's'}`);
  await form.getByTestId('server-save').click();
  await expect(page.getByTestId('server-form')).toHaveCount(0);
}

/** The server's row in the camera tree. */
const treeServer = (page: Page, serverId: string) => page.locator(`[data-testid="server"][data-server-id="${serverId}"]`);

test.describe('VXG Cloud against the simulator', () => {
  // The test deletes a camera that is on screen: its stream's next playlist request can
  // meet the VMS's 404 before the tile learns the camera is gone, and the browser logs that
  // failed load (the tile then says "Camera not available", which the test checks).
  test.describe(() => {
    test.use({ allowNetworkErrors: true });
  test('servers added in the dialog with a cloud key, a group token and pasted channel tokens play their cameras', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4, vxg: { ticketSeconds: 60 } });
    const vxg = vxgOf(sim);
    const app = await launch.app({ extraArgs: ['--no-demo'] });
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');

    await page.getByTestId('servers-open').click();
    await addVxgServer(page, 'Cloud account', 'cloudKey', { apiUrl: vxg.url, cloudKey: vxg.cloudKey }, 4);
    await addVxgServer(page, 'Cloud group', 'groupToken', { groupToken: vxg.groupToken }, 4);
    const [first, second] = vxg.channels;
    await addVxgServer(page, 'Cloud tokens', 'accessTokens', { accessTokens: `${first?.watch ?? ''}\n${second?.watch ?? ''}` }, 2);
    const rows = page.getByTestId('server-row');
    await expect(rows).toHaveCount(3);
    for (const [id, count] of [['cloud-account', 4], ['cloud-group', 4], ['cloud-tokens', 2]] as const) {
      await expect(page.locator(`[data-testid="server-row"][data-server-id="${id}"]`).getByTestId('server-state')).toContainText(`Online · ${count} camera`);
    }
    // No key or token is ever sent back to a window.
    await expect(page.getByTestId('server-row').first()).not.toContainText(vxg.cloudKey);
    await page.getByTestId('servers-close').click();

    // The first server's cameras fill the wall; a camera of each other server replaces one.
    await expectPlayingAndAdvancing(page, 4);
    await tiles(page).nth(0).click();
    await treeServer(page, 'cloud-group').getByTestId('camera').nth(2).dblclick();
    await tiles(page).nth(1).click();
    await treeServer(page, 'cloud-tokens').getByTestId('camera').nth(1).dblclick();
    await expect(tiles(page).nth(0)).toHaveAttribute('data-server-id', 'cloud-group');
    await expect(tiles(page).nth(1)).toHaveAttribute('data-server-id', 'cloud-tokens');
    await expectPlayingAndAdvancing(page, 4);

    // The cloud key's account takes a camera by its address; it is in the tree and plays,
    // then it is deleted from the account and leaves the tree. Tokens cannot do that.
    await page.getByTestId('servers-open').click();
    await expect(page.locator('[data-testid="server-row"][data-server-id="cloud-group"]').getByTestId('server-cameras')).toHaveCount(0);
    await page.locator('[data-testid="server-row"][data-server-id="cloud-account"]').getByTestId('server-cameras').click();
    const manager = page.getByTestId('camera-manager');
    await expect(manager.getByTestId('managed-camera')).toHaveCount(4);
    await manager.getByTestId('camera-add-name').fill('Dock gate');
    await manager.getByTestId('camera-add-url').fill('ftp://192.168.1.20/stream');
    await manager.getByTestId('camera-add').click();
    await expect(manager.getByTestId('camera-add-result')).toContainText('RTSP, RTMP or HTTP');
    await manager.getByTestId('camera-add-url').fill('rtsp://192.168.1.20:554/stream1');
    await manager.getByTestId('camera-add-login').fill('admin');
    await manager.getByTestId('camera-add-password').fill('camera-secret');
    await manager.getByTestId('camera-add').click();
    await expect(manager.getByTestId('camera-add-result')).toHaveText('“Dock gate” was added to Cloud account.');
    await expect(manager.getByTestId('managed-camera')).toHaveCount(5);
    await manager.getByTestId('camera-manager-back').click();
    await page.getByTestId('servers-close').click();
    const added = treeServer(page, 'cloud-account').getByTestId('camera').filter({ hasText: 'Dock gate' });
    await expect(added).toHaveCount(1);
    await tiles(page).nth(2).click();
    await added.dblclick();
    await expect(tiles(page).nth(2)).toContainText('Dock gate');
    await expectPlayingAndAdvancing(page, 4);

    await page.getByTestId('servers-open').click();
    await page.locator('[data-testid="server-row"][data-server-id="cloud-account"]').getByTestId('server-cameras').click();
    const row = manager.getByTestId('managed-camera').filter({ hasText: 'Dock gate' });
    await row.getByTestId('managed-camera-remove').click();
    await row.getByTestId('managed-camera-remove-confirm').click();
    await expect(manager.getByTestId('managed-camera')).toHaveCount(4);
    await manager.getByTestId('camera-manager-back').click();
    await page.getByTestId('servers-close').click();
    await expect(added).toHaveCount(0);
    await expect(tiles(page).nth(2).getByTestId('tile-missing')).toContainText('Dock gate');
  });
  });

  test('a tile plays on through three ticket renewals: no stall, no reload, no jump of its burnt-in clock', async ({ page, launch }) => {
    test.setTimeout(120_000);
    const sim = await launch.sim({ cameras: 1, vxg: { ticketSeconds: 6 } });
    const vxg = vxgOf(sim);
    const app = await launch.app({ servers: [{ id: 'cloud', type: 'vxg', name: 'Cloud', groupToken: vxg.groupToken }] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 1);
    const camid = Number(await tiles(page).first().getAttribute('data-camera-id'));
    const renewals = async (): Promise<number> => (await vxg.state()).sessions.find((session) => session.camid === camid)?.renewals ?? 0;
    const expiredBefore = (await vxg.state()).counters.mediaExpired;
    const startRenewals = await renewals();

    // Watch the tile until the VMS has handed out three more tickets for its stream.
    const states = new Set<string>();
    const times: number[] = [];
    const clocks: Array<{ at: number; shown: number }> = [];
    await expect
      .poll(
        async () => {
          states.add((await tiles(page).first().getAttribute('data-state')) ?? '');
          times.push(await page.$eval('[data-testid="tile"] video', (video) => (video as HTMLVideoElement).currentTime));
          // When the page sampled the frame: the answer may come seconds later on a busy machine.
          const sample = await sampledTimecode(page, 0);
          if (sample) clocks.push(sample);
          return (await renewals()) - startRenewals;
        },
        { timeout: 60_000, intervals: [500] },
      )
      .toBeGreaterThanOrEqual(3);
    // One more look after the last renewal, for a reload it might have caused.
    await expectPlayingAndAdvancing(page, 1);
    expect([...states], 'the tile only ever played').toEqual(['playing']);
    const rewound = times.some((time, index) => index > 0 && time < (times[index - 1] ?? 0));
    expect(rewound, 'the video never started over (a reload would)').toBe(false);
    const jumps = clocks.slice(1).map((sample, index) => Math.abs(sample.shown - (clocks[index]?.shown ?? 0) - (sample.at - (clocks[index]?.at ?? 0))));
    expect(clocks.length).toBeGreaterThan(10);
    expect(Math.max(...jumps), 'the burnt-in clock ran with the wall clock, seconds off').toBeLessThanOrEqual(1.5);
    expect((await vxg.state()).counters.mediaExpired - expiredBefore, 'no media was asked for with an expired ticket').toBe(0);
  });

  test.describe('with faults', () => {
  // The VMS is made unavailable or refuses tokens on purpose: the browser logs the failed loads.
  test.use({ allowNetworkErrors: true });

  test('recordings with their gap, archive at a typed moment, and every event journaled exactly once across a restart and an outage', async ({ page, launch }) => {
    test.setTimeout(180_000);
    const sim = await launch.sim({ cameras: 2, recording: true, vxg: { ticketSeconds: 60, recordSeconds: 6 } });
    const vxg = vxgOf(sim);
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-vxg-'));
    const servers = [{ id: 'cloud', type: 'vxg', name: 'Cloud', groupToken: vxg.groupToken, eventPollMs: 1000 }];
    let app = await launch.app({ servers, dataDir });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 2);

    // A gap: the second camera offline for a few seconds.
    const channel = vxg.channels[1];
    const camid = channel?.camid ?? 0;
    const siteCamera = channel?.cameraId ?? 0;
    const ranges = async () => (await sim.state()).recordings.find((recording) => recording.cameraId === siteCamera)?.ranges ?? [];
    await expect.poll(async () => ((await ranges()).at(-1)?.toMs ?? 0) - ((await ranges()).at(-1)?.fromMs ?? 0), { timeout: 30_000 }).toBeGreaterThan(8000);
    await vxg.setChannel(camid, false);
    await expect(page.locator(`[data-testid="camera"][data-camera-id="${camid}"]`)).toHaveAttribute('data-status', 'offline', { timeout: 30_000 });
    await vxg.setChannel(camid, true);
    await expect.poll(async () => (await ranges()).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => ((await ranges()).at(-1)?.toMs ?? 0) - ((await ranges()).at(-1)?.fromMs ?? 0), { timeout: 30_000 }).toBeGreaterThan(6000);
    const [before, after] = await ranges();
    const lanes = await invoke<{ ranges: Array<{ from: number; to: number }>; source: string }>(page, 'timeline.recordings', { serverId: 'cloud', cameraId: String(camid), from: Date.now() - 600_000, to: Date.now() });
    expect(lanes.source).not.toBe('unknown');
    const gapStart = lanes.ranges.find((range) => Math.abs(range.to - (before?.toMs ?? 0)) < 2500);
    const gapEnd = lanes.ranges.find((range) => Math.abs(range.from - (after?.fromMs ?? 0)) < 2500);
    expect(gapStart, 'the timeline lane ends where the recording stopped').toBeDefined();
    expect(gapEnd, 'and starts again where it resumed').toBeDefined();

    // Archive at a typed moment inside the first recording: the tile shows that moment.
    const wanted = Math.floor(((before?.fromMs ?? 0) + (before?.toMs ?? 0)) / 2000);
    const tile = page.locator(`[data-testid="tile"][data-camera-id="${camid}"]`);
    await tile.hover();
    await tile.getByTestId('tile-archive').click();
    await tile.getByTestId('archive-time').fill(toLocalInputValue(wanted * 1000));
    await tile.getByTestId('archive-go').click();
    await expect(tile).toHaveAttribute('data-mode', 'archive');
    await expect(tile).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    const index = Number(await tile.getAttribute('data-index'));
    await expect.poll(() => tileTimecode(page, index), { message: 'a decodable archive frame' }).toBeDefined();
    // Read until the two agree: on a busy machine the picture's decode and the clock's read
    // are seconds apart, and the clock runs on between them.
    let shown = 0;
    await expect
      .poll(async () => {
        shown = (await tileTimecode(page, index)) ?? 0;
        const playing = Number(await page.getByTestId('playback-time').getAttribute('data-time')) / 1000;
        return Math.abs(shown - playing);
      }, { message: 'the picture shows the playback clock' })
      .toBeLessThanOrEqual(2);
    expect(shown - wanted, 'which went on from the moment asked for').toBeGreaterThanOrEqual(-2);
    await tile.getByTestId('tile-live').click();

    // Events with their thumbnails; then some while Tessera is stopped, and some while the VMS is unavailable.
    for (let n = 0; n < 3; n++) await vxg.emitEvent({ camid, name: 'motion' });
    await expect(page.getByTestId('alert')).toHaveCount(3, { timeout: 30_000 });
    await expect(page.getByTestId('alert').first().locator('img')).toHaveJSProperty('complete', true);
    expect(await page.getByTestId('alert').first().locator('img').evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await page.goto('about:blank');
    await app.stop();
    for (let n = 0; n < 2; n++) await vxg.emitEvent({ camid, name: 'tampering' });
    app = await launch.app({ servers, dataDir });
    await page.goto(app.url);
    await vxg.setFaults({ unavailable: true });
    await expect(treeServer(page, 'cloud').getByTestId('server-events')).toHaveAttribute('data-events-state', 'reconnecting', { timeout: 30_000 });
    for (let n = 0; n < 2; n++) await vxg.emitEvent({ camid, name: 'intrusion' });
    await vxg.resetFaults();
    const sent = (await vxg.sentEvents()).map((event) => String(event.id));
    expect(sent).toHaveLength(7);
    await expect
      .poll(async () => {
        const journal = await invoke<Array<{ serverId: string; raw: { id?: number } }>>(page, 'events.query', { filter: { state: 'all', serverId: 'cloud' }, limit: 1000 });
        return journal.map((record) => String(record.raw.id)).sort();
      }, { timeout: 30_000, message: 'each event the VMS sent is in the journal exactly once' })
      .toEqual([...sent].sort());
  });

  test('a revoked token says "sign-in needed" on the server and its tiles, asks no more, and plays again once the token is entered again', async ({ page, launch }) => {
    test.setTimeout(120_000);
    const sim = await launch.sim({ cameras: 2, vxg: { ticketSeconds: 6 } });
    const vxg = vxgOf(sim);
    const app = await launch.app({ extraArgs: ['--no-demo'] });
    await page.goto(app.url);
    await page.getByTestId('servers-open').click();
    await addVxgServer(page, 'Cloud', 'groupToken', { groupToken: vxg.groupToken }, 2);
    await page.getByTestId('servers-close').click();
    await expectPlayingAndAdvancing(page, 2);

    await vxg.setFaults({ revokedTokens: [vxg.groupToken, ...vxg.channels.flatMap((channel) => [channel.all, channel.watch])] });
    await expect(treeServer(page, 'cloud')).toHaveAttribute('data-server-state', 'sign-in', { timeout: 30_000 });
    await expect(treeServer(page, 'cloud')).toContainText('Sign-in needed');
    // Each tile finds out when its ticket can no longer be renewed, and keeps its last picture.
    await expect(page.locator('[data-testid="tile"][data-state="error"]')).toHaveCount(2, { timeout: 30_000 });
    await expect(tiles(page).first().getByTestId('tile-reason')).toContainText('Sign-in needed');
    // So does the event poll, at its next poll (its refusal was the one the test missed
    // when it counted before the poller had asked: the server row says "Events: off").
    await expect(treeServer(page, 'cloud').getByTestId('server-events')).toHaveAttribute('data-events-state', 'closed', { timeout: 30_000 });
    // Nothing asks the VMS again with the refused token: its count of refusals stops growing.
    const refused = async (): Promise<number> => (await vxg.state()).counters.unauthorized;
    const settled = await refused();
    await page.waitForTimeout(10_000); // an observation window: a refusal would be a request in it
    expect(await refused(), 'requests refused while the wall waited for a new token').toBe(settled);

    // The operator enters the token again (the VMS's side was fixed): the server and its tiles come back.
    await vxg.resetFaults();
    await page.getByTestId('servers-open').click();
    await page.getByTestId('server-edit').click();
    await page.getByTestId('server-field-groupToken').fill(vxg.groupToken);
    await page.getByTestId('server-save').click();
    await page.getByTestId('servers-close').click();
    await expect(treeServer(page, 'cloud')).toHaveAttribute('data-server-state', 'online', { timeout: 30_000 });
    await expectPlayingAndAdvancing(page, 2);
  });

  });

  test('an IVMS camera and a VXG camera share a wall, a playback group and the alert list', async ({ page, launch }) => {
    test.setTimeout(150_000);
    const sim = await launch.sim({ cameras: 4, recording: true, ivmsCameras: [1, 2], vxg: { vxgCameras: [3, 4], ticketSeconds: 60 } });
    const vxg = vxgOf(sim);
    const app = await launch.app({ servers: [simServer(sim), { id: 'cloud', type: 'vxg', name: 'Cloud', groupToken: vxg.groupToken, eventPollMs: 1000 }] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    const servedBy = await tiles(page).evaluateAll((elements) => elements.map((element) => element.getAttribute('data-server-id')));
    expect(new Set(servedBy)).toEqual(new Set(['sim', 'cloud']));
    const ivmsTile = servedBy.indexOf('sim');
    const vxgTile = servedBy.indexOf('cloud');

    // One alert queue.
    await sim.emitEvent({ cameraId: 1, alertType: 209 });
    await vxg.emitEvent({ camid: vxg.channels[0]?.camid ?? 0, name: 'motion' });
    await expect(page.getByTestId('alert')).toHaveCount(2, { timeout: 30_000 });

    // One playback group, on one clock.
    // Each front reports the recordings of the cameras it serves.
    const recorded = async (cameraId: number): Promise<number> => {
      const state = cameraId <= 2 ? await sim.state() : await vxg.state();
      const last = state.recordings.find((recording) => recording.cameraId === cameraId)?.ranges.at(-1);
      return last ? last.toMs - last.fromMs : 0;
    };
    await expect.poll(async () => Math.min(await recorded(1), await recorded(3)), { timeout: 30_000 }).toBeGreaterThan(14_000);
    await tiles(page).nth(ivmsTile).click({ modifiers: ['Control'] });
    await tiles(page).nth(vxgTile).click({ modifiers: ['Control'] });
    const wanted = Math.floor(Date.now() / 1000) - 10;
    await page.getByTestId('goto-time').fill(toLocalInputValue(wanted * 1000));
    await page.getByTestId('goto-go').click();
    await expect(page.locator('[data-testid="tile"][data-mode="archive"][data-state="playing"]')).toHaveCount(2, { timeout: 30_000 });
    await expect
      .poll(async () => {
        const [a, b] = await Promise.all([tileTimecode(page, ivmsTile), tileTimecode(page, vxgTile)]);
        return a !== undefined && b !== undefined ? Math.abs(a - b) : Number.POSITIVE_INFINITY;
      }, { message: 'both vendors show the same recorded second' })
      .toBeLessThanOrEqual(1);
    const shown = (await tileTimecode(page, vxgTile)) ?? 0;
    expect(shown - wanted, 'from the moment asked for').toBeGreaterThanOrEqual(-2);
  });

  test('a wall saved on other servers: its tiles say which camera is missing, and a start on none of its servers fills the wall afresh', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4, ivmsCameras: [1, 2], vxg: { vxgCameras: [3, 4], ticketSeconds: 60 } });
    const vxg = vxgOf(sim);
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-stale-'));
    const ivms = simServer(sim);
    const cloud = { id: 'cloud', type: 'vxg', name: 'Cloud', groupToken: vxg.groupToken };
    let app = await launch.app({ servers: [ivms, cloud], dataDir });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    const ivmsNames = await page.locator('[data-testid="tile"][data-server-id="sim"] .tile__name').allTextContents();
    expect(ivmsNames).toHaveLength(2);

    // The IVMS server leaves the configuration: its tiles say so, by name; the VXG tiles play on.
    await page.goto('about:blank');
    await app.stop();
    app = await launch.app({ servers: [cloud], dataDir });
    await page.goto(app.url);
    await expect(page.getByTestId('tile-missing')).toHaveCount(2);
    for (const name of ivmsNames) await expect(page.getByTestId('tile-missing').filter({ hasText: name })).toContainText('not configured here');
    await expect(page.locator('[data-testid="tile"][data-server-id="cloud"][data-state="playing"]')).toHaveCount(2);

    // A configuration with none of the wall's servers (a demo wall, then the site's own): the wall fills afresh.
    await page.goto('about:blank');
    await app.stop();
    app = await launch.app({ servers: [{ ...ivms, id: 'site' }], dataDir });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 2);
    await expect(page.getByTestId('tile-missing')).toHaveCount(0);
    await expect(page.locator('[data-testid="tile"][data-server-id="site"]')).toHaveCount(2);
  });
});
