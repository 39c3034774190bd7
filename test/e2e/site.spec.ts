import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import mqtt from 'mqtt';
import { simServer, type RunningApp } from '../fixtures/app';
import { startBroker, type Broker } from '../fixtures/mosquitto';
import { writeTempJson } from '../fixtures/processes';
import type { RunningSim } from '../fixtures/sim';
import { expect, test, type Launcher } from './fixtures';

/**
 * A control room of three PCs on one real mosquitto: desk A, wall PCs B and C (two
 * monitors each), each its own Tessera with its own data directory and port, all on one
 * simulated VMS.
 */

interface Pc {
  readonly name: string;
  readonly dataDir: string;
  readonly config: string;
  app: RunningApp;
}

const PC_NAMES = { a: 'desk-a', b: 'wall-b', c: 'wall-c' } as const;
const NIGHT_WALL = { id: 'night', name: 'Night', monitors: [{ layout: '1x1', tiles: [{ serverId: 'sim', cameraId: '2' }] }, { layout: '1x1', tiles: [{ serverId: 'sim', cameraId: '3' }] }] };

async function startPcs(launch: Launcher, sim: RunningSim, broker: Broker): Promise<Record<keyof typeof PC_NAMES, Pc>> {
  const make = async (name: string, extra: Record<string, unknown>): Promise<Pc> => {
    const dataDir = await mkdtemp(join(tmpdir(), `tessera-${name}-`));
    const config = await writeTempJson('tessera.json', { servers: [simServer(sim)], site: { id: 'hq', broker: { url: broker.url }, pc: name, ...extra }, ...(name === PC_NAMES.a ? { walls: [NIGHT_WALL] } : {}) });
    const app = await launch.app({ dataDir, extraArgs: ['--config', config] });
    return { name, dataDir, config, app };
  };
  // One after another: three launches at once on two cores make each slower than the three in a row.
  const a = await make(PC_NAMES.a, {});
  const b = await make(PC_NAMES.b, { monitors: 2 });
  const c = await make(PC_NAMES.c, { monitors: 2, acceptPushFrom: [PC_NAMES.a] });
  return { a, b, c };
}

async function open(browser: Browser, pc: Pc, monitor = 0): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(monitor === 0 ? pc.app.url : `${pc.app.url}&monitor=${monitor}`);
  await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
  return page;
}

async function setOperator(page: Page, name: string): Promise<void> {
  await page.getByTestId('operator').click();
  await page.getByTestId('operator-name').fill(name);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('operator')).toHaveText(`Operator: ${name}`);
}

const monitorRow = (page: Page, pc: string, monitor: number) => page.locator(`[data-testid="site-monitor"][data-pc="${pc}"][data-monitor="${monitor}"]`);
const playing = (page: Page, cameraId: string) => page.locator(`[data-testid="tile"][data-camera-id="${cameraId}"][data-state="playing"]`);

test.describe('site: several PCs on one broker', () => {
  // One after the other on one worker: each test runs three apps and up to five windows,
  // and two of them at once on two cores would make each slower than the two in a row.
  test.describe.configure({ mode: 'default' });
  let broker: Broker | undefined;
  test.afterEach(async () => {
    await broker?.dispose();
    broker = undefined;
  });

  test('the Site panel lists every PC and monitor; a camera pushed from A plays on monitor 2 of B, which names the sender; a saved wall pushed to C shows on both its monitors; monitors without a window and a second install under the name of B are said', async ({ page, launch, browser }) => {
    // Three apps and five windows playing: about two minutes on a quiet two-core machine, more on a busy one.
    test.setTimeout(300_000);
    broker = await startBroker();
    const sim = await launch.sim({ cameras: 3 });
    const pcs = await startPcs(launch, sim, broker);
    await page.goto(pcs.a.app.url);
    await expect(page.getByTestId('tile').first()).toHaveAttribute('data-camera-id', '1');
    const b1 = await open(browser, pcs.b, 1);
    const c0 = await open(browser, pcs.c, 0);
    const c1 = await open(browser, pcs.c, 1);

    await page.getByTestId('toggle-site').click();
    await expect(page.getByTestId('site-broker')).toHaveAttribute('data-state', 'online');
    for (const name of [PC_NAMES.b, PC_NAMES.c]) await expect(page.locator(`[data-testid="site-pc"][data-pc="${name}"]`)).toHaveAttribute('data-online', 'true');
    await expect(monitorRow(page, PC_NAMES.b, 1)).toHaveAttribute('data-mode', 'empty');
    await expect(monitorRow(page, PC_NAMES.b, 1)).toHaveAttribute('data-window', 'true');
    await expect(monitorRow(page, PC_NAMES.b, 0), "B's monitor 1 has no window open yet").toHaveAttribute('data-window', 'false');
    await expect(monitorRow(page, PC_NAMES.b, 0)).toContainText('no window open');
    await expect(monitorRow(page, PC_NAMES.c, 0), 'what C shows: its first monitor filled itself').toHaveAttribute('data-mode', 'live');

    // "Send to…" on A's first tile (camera 1) → B, monitor 2 (index 1).
    const tile = page.getByTestId('tile').first();
    await tile.hover();
    await tile.getByTestId('tile-send').click();
    await expect(page.locator(`[data-testid="send-to-monitor"][data-pc="${PC_NAMES.b}"][data-monitor="0"]`), 'no push to a monitor nobody sees').toBeDisabled();
    await page.locator(`[data-testid="send-to-monitor"][data-pc="${PC_NAMES.b}"][data-monitor="1"]`).click();
    await expect(playing(b1, '1'), 'the pushed camera plays on B').toHaveCount(1);
    await expect(b1.getByTestId('site-pushed')).toContainText(`Sent by ${PC_NAMES.a}`);
    await expect(monitorRow(page, PC_NAMES.b, 1), 'A sees what B shows now').toHaveAttribute('data-cameras', '1');

    // A saved wall of A onto C's two monitors.
    await page.locator(`[data-testid="site-pc"][data-pc="${PC_NAMES.c}"]`).getByTestId('site-send-wall').selectOption('night');
    await expect(playing(c0, '2')).toHaveCount(1);
    await expect(playing(c1, '3')).toHaveCount(1);
    await expect(c1.getByTestId('site-pushed')).toContainText('wall Night');
    await expect(monitorRow(page, PC_NAMES.c, 1)).toHaveAttribute('data-cameras', '3');

    // From C: drag its first tile (camera 2, from the wall just pushed) onto B's monitor 2 in C's Site panel (B takes pushes from any PC).
    await c0.getByTestId('toggle-site').click();
    await c0.getByTestId('tile').first().dragTo(monitorRow(c0, PC_NAMES.b, 1));
    await expect(playing(b1, '2'), 'dropped on the monitor in the Site panel').toHaveCount(1);
    await expect(b1.getByTestId('site-pushed')).toContainText(`Sent by ${PC_NAMES.c}`);

    // C takes pushes only from A: B's panel says so and offers nothing to drop on.
    const b0 = await open(browser, pcs.b, 0);
    await b0.getByTestId('toggle-site').click();
    await expect(b0.locator(`[data-testid="site-pc"][data-pc="${PC_NAMES.c}"]`)).toContainText(`Takes pushes only from ${PC_NAMES.a}`);
    await expect(monitorRow(page, PC_NAMES.b, 0), 'B opened its monitor 1').toHaveAttribute('data-window', 'true');

    // C's second monitor window closes: A sees it has none.
    await c1.close();
    await expect(monitorRow(page, PC_NAMES.c, 1)).toHaveAttribute('data-window', 'false');

    // Another install joins the site under B's name: both of B's windows say so plainly, A does not.
    const twin = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'tessera-hq-wall-b-twin' });
    const presence = (online: boolean): string => JSON.stringify({ online, at: Date.now(), acceptPushFrom: null, instance: 'twin' });
    await twin.publishAsync(`tessera/hq/pc/${PC_NAMES.b}/presence`, presence(true), { qos: 1, retain: true });
    for (const window of [b0, b1]) await expect(window.getByTestId('site-conflict')).toContainText(`Another PC also calls itself "${PC_NAMES.b}"`);
    await expect(b0.getByTestId('site-panel-conflict')).toBeVisible();
    await expect(page.getByTestId('site-conflict')).toHaveCount(0);
    // It goes: B is alone under its name again, and still online for A.
    await twin.publishAsync(`tessera/hq/pc/${PC_NAMES.b}/presence`, presence(false), { qos: 1, retain: true });
    await twin.endAsync();
    await expect(b0.getByTestId('site-conflict')).toHaveCount(0);
    await expect(page.locator(`[data-testid="site-pc"][data-pc="${PC_NAMES.b}"]`)).toHaveAttribute('data-online', 'true');
    for (const extra of [b0, b1, c0]) await extra.close();
  });

  test('an alarm acknowledged on A is acknowledged on B and C and stops their sound; C, off during it, catches up; with the broker down each PC keeps alerting and the site converges when it returns', async ({ page, launch, browser }) => {
    // Three apps, each window playing its wall, and a broker stopped and started: about two
    // minutes on a quiet two-core machine, four on a busy one.
    test.setTimeout(420_000);
    broker = await startBroker();
    const sim = await launch.sim({ cameras: 3 });
    const pcs = await startPcs(launch, sim, broker);
    await page.goto(pcs.a.app.url);
    await expect(page.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');
    await setOperator(page, 'Asha');
    await page.getByTestId('toggle-site').click();
    const b = await open(browser, pcs.b);
    let c = await open(browser, pcs.c);
    for (const window of [b, c]) await expect(window.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');
    await setOperator(b, 'Bo');

    await sim.emitEvent({ cameraId: 3, alertType: 201 });
    for (const window of [page, b, c]) {
      await expect(window.getByTestId('open-count')).toHaveText('1 unacknowledged');
      await expect(window.locator('body')).toHaveAttribute('data-alarm-sounding', 'true');
    }

    // C goes away (its window with it), A acknowledges, C comes back.
    await c.close();
    await pcs.c.app.stop();
    await page.getByTestId('alarm-stack-open').click();
    await page.getByTestId('alert-drawer').getByTestId('drawer-ack').click();
    await page.getByTestId('ack-dialog').getByTestId('ack-comment').fill('Fox on the fence');
    await page.getByTestId('ack-dialog').getByTestId('ack-confirm').click();
    await expect(page.getByTestId('open-count')).toHaveText('0 unacknowledged');
    await expect(b.getByTestId('open-count'), 'B records the acknowledgement').toHaveText('0 unacknowledged');
    await expect(b.locator('body'), 'B stops sounding').not.toHaveAttribute('data-alarm-sounding', 'true');
    await expect(b.getByTestId('alert').first()).toHaveAttribute('data-ack', 'true');
    await b.getByTestId('alert').first().click();
    await expect(b.getByTestId('drawer-state')).toContainText('Acknowledged by Asha');
    await expect(b.getByTestId('drawer-state')).toContainText('Fox on the fence');
    // B closes the drawer: open, it lies over the alarm stack the next alarm comes to.
    await b.keyboard.press('Escape');
    await expect(b.getByTestId('alert-drawer')).toBeHidden();

    pcs.c.app = await launch.app({ dataDir: pcs.c.dataDir, extraArgs: ['--config', pcs.c.config] });
    c = await open(browser, pcs.c);
    await expect(c.getByTestId('open-count'), 'C catches up when it reconnects').toHaveText('0 unacknowledged');
    await expect(c.getByTestId('alert').first()).toHaveAttribute('data-ack', 'true');
    await expect(c.locator('body')).not.toHaveAttribute('data-alarm-sounding', 'true');
    await c.getByTestId('tab-handover').click();
    const download = c.waitForEvent('download');
    await c.getByTestId('audit-export').click();
    const csv = await readFile(await (await download).path(), 'utf8');
    expect(csv, "C's audit export lists A's acknowledgement, made at desk-a").toMatch(/Asha,acknowledge,Fox on the fence,.*,desk-a/);

    // The broker goes down: every PC keeps alerting on its own.
    await broker.stop();
    await expect(page.getByTestId('site-broker')).toHaveAttribute('data-state', 'offline');
    await sim.emitEvent({ cameraId: 2, alertType: 201 });
    for (const window of [page, b, c]) await expect(window.getByTestId('open-count')).toHaveText('1 unacknowledged');
    await expect(page.locator('[data-testid="tile"][data-state="playing"]').first(), 'the wall keeps playing').toBeVisible();
    // B acknowledges during the outage: A and C learn it when the broker is back.
    await b.getByTestId('alarm-stack-open').click();
    await b.getByTestId('alert-drawer').getByTestId('drawer-ack').click();
    await b.getByTestId('ack-dialog').getByTestId('ack-comment').fill('Checked on camera');
    await b.getByTestId('ack-dialog').getByTestId('ack-confirm').click();
    await expect(b.getByTestId('open-count')).toHaveText('0 unacknowledged');
    await expect(page.getByTestId('open-count'), 'A still has it open: the broker is down').toHaveText('1 unacknowledged');
    await broker.start();
    await expect(page.getByTestId('site-broker')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
    for (const window of [page, c]) {
      await expect(window.getByTestId('open-count'), 'converged after the broker returned').toHaveText('0 unacknowledged', { timeout: 20_000 });
      await expect(window.locator('body')).not.toHaveAttribute('data-alarm-sounding', 'true');
    }
    await c.close();
    await b.close();
  });
});
