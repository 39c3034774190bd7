import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import type { Page } from '@playwright/test';
import { simServer, type RunningApp } from '../fixtures/app';
import { expect, test, tiles } from './fixtures';

const openCount = (page: Page) => page.getByTestId('open-count');

async function setOperator(page: Page, name: string): Promise<void> {
  await page.getByTestId('operator').click();
  await page.getByTestId('operator-name').fill(name);
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('operator')).toHaveText(`Operator: ${name}`);
}

/** The VMS event ids (IVMS EventId) in the journal of a data directory, oldest first. */
function journalVendorIds(dataDir: string): number[] {
  const db = new Database(join(dataDir, 'events.db'));
  try {
    return (db.prepare('SELECT vendor_event_id AS id FROM events ORDER BY seq').all() as Array<{ id: string }>).map((row) => Number(row.id));
  } finally {
    db.close();
  }
}

test.describe('alerts', () => {
  test('a critical alarm pops onto the wall and sounds until acknowledged with a comment; it survives restarts and is in the audit export', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const dataDir = await mkdtemp(join(tmpdir(), 'tessera-data-'));
    const servers = [simServer(sim)];
    let app = await launch.app({ servers, dataDir });
    // The window closes with the app, as it does in Electron; then the same data dir starts again.
    const restart = async (running: RunningApp): Promise<RunningApp> => {
      await page.goto('about:blank');
      await running.stop();
      const next = await launch.app({ servers, dataDir });
      await page.goto(next.url);
      return next;
    };
    await page.goto(app.url);
    await expect(page.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');
    await setOperator(page, 'Asha');
    await expect(tiles(page).first()).toHaveAttribute('data-camera-id', '1');

    await sim.emitEvent({ cameraId: 3, alertType: 201 });
    // The default intrusion rule puts the alarm in the stack beside the wall; the wall stays as arranged.
    await expect(page.getByTestId('alarm-stack')).toHaveAttribute('data-count', '1');
    await expect(page.getByTestId('alarm-stack-label')).toContainText('Intrusion Detection');
    await expect(tiles(page).first(), 'no tile is taken').toHaveAttribute('data-camera-id', '1');
    const shown = page.locator('[data-testid="tile"][data-camera-id="3"]');
    await expect(shown, 'the tile showing the alarm camera flashes').toHaveAttribute('data-alarm', 'true');
    await expect(shown.getByTestId('tile-alarm')).toHaveText('ALARM · Intrusion Detection');
    await expect(page.locator('body')).toHaveAttribute('data-alarm-sounding', 'true');
    await expect(openCount(page)).toHaveText('1 unacknowledged');

    // Nobody acknowledged it: a restart of the app brings the alarm back, sounding.
    app = await restart(app);
    await expect(openCount(page)).toHaveText('1 unacknowledged');
    await expect(page.locator('body')).toHaveAttribute('data-alarm-sounding', 'true');
    await expect(page.getByTestId('operator')).toHaveText('Operator: Asha');

    const row = page.getByTestId('alert').first();
    await expect(row).toHaveAttribute('data-severity', 'critical');
    await page.getByTestId('alarm-stack-open').click();
    const drawer = page.getByTestId('alert-drawer');
    await drawer.getByTestId('drawer-ack').click();
    const dialog = page.getByTestId('ack-dialog');
    await expect(dialog.getByTestId('ack-confirm'), 'a critical alert needs a comment').toBeDisabled();
    await dialog.getByTestId('ack-comment').fill('Fox on the fence, guard checked');
    await dialog.getByTestId('ack-confirm').click();
    await expect(row).toHaveAttribute('data-ack', 'true');
    await expect(openCount(page)).toHaveText('0 unacknowledged');
    await expect(page.locator('body')).not.toHaveAttribute('data-alarm-sounding', 'true');
    await expect(page.locator('[data-testid="tile"][data-alarm]')).toHaveCount(0);
    await expect(page.getByTestId('tile-alarm')).toHaveCount(0);
    await expect(page.getByTestId('alarm-stack'), 'acknowledged: off the stack').toHaveCount(0);
    await expect(drawer.getByTestId('drawer-state')).toContainText('Acknowledged by Asha');

    await restart(app);
    await expect(page.getByTestId('alert').first()).toHaveAttribute('data-ack', 'true');
    await page.getByTestId('alert').first().click();
    await expect(page.getByTestId('drawer-state')).toContainText('“Fox on the fence, guard checked”');
    await expect(page.locator('body')).not.toHaveAttribute('data-alarm-sounding', 'true');

    await page.getByTestId('tab-handover').click();
    await expect(page.getByTestId('handover')).toContainText('Nothing open');
    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export').click();
    const csv = await readFile(await (await download).path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Asha');
    expect(lines[1]).toContain('Fox on the fence, guard checked');
    expect(lines[1]).toContain('Intrusion Detection');
  });

  test('an alarm pops on the monitor its rule names, or the first open one; one window rings and another takes over; silencing quiets every window and leaves the alarm open', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim)] });
    const ringing = async (): Promise<number> => {
      const open = [page, second].filter((window) => !window.isClosed() && window.url().startsWith(app.origin));
      const states = await Promise.all(open.map((window) => window.locator('body').getAttribute('data-alarm-sounding')));
      return states.filter((state) => state === 'true').length;
    };
    // Only the second monitor is open: the alarm's own monitor (the first) has no window.
    const second = await page.context().newPage();
    await second.goto(`${app.url}&monitor=1`);
    await expect(second.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');
    await sim.emitEvent({ cameraId: 3, alertType: 201 });
    await expect(second.getByTestId('alarm-stack'), 'no window for the alarm screen: the first open monitor stacks it').toHaveAttribute('data-count', '1');
    // The stack holds it: no tile of that monitor is taken (its wall does not show camera 3).
    await expect(second.locator('[data-testid="tile"][data-camera-id="3"]')).toHaveCount(0);
    await expect(second.locator('body')).toHaveAttribute('data-alarm-sounding', 'true');

    await page.goto(app.url);
    await expect(openCount(page)).toHaveText('1 unacknowledged');
    await expect(page.locator('[data-testid="tile"][data-camera-id="3"]'), 'the alarm flashes wherever its camera is shown').toHaveAttribute('data-alarm', 'true');
    await expect(page.locator('[data-testid="tile"][data-camera-id="1"]')).not.toHaveAttribute('data-alarm', 'true');
    await expect(page.getByTestId('alarm-silence')).toBeVisible();
    await expect.poll(ringing, { message: 'windows ringing' }).toBe(1);
    // And it stays one: sampled over a second and a half.
    for (let sample = 0; sample < 6; sample++) {
      expect(await ringing(), 'two monitors, one chime').toBe(1);
      await page.waitForTimeout(250);
    }
    await expect(page.locator('body')).not.toHaveAttribute('data-alarm-sounding', 'true');

    // The alarm screen is the second monitor now: its window pops the camera, the first does not.
    await expect(tiles(page).first()).toHaveAttribute('data-camera-id', '1');
    await page.getByTestId('operator').click();
    await page.getByTestId('rule').first().getByTestId('rule-place').selectOption('tile');
    await page.getByTestId('rule').first().getByTestId('rule-tile').fill('1');
    await page.getByTestId('rule').first().getByTestId('rule-monitor').fill('2');
    await page.getByTestId('settings-save').click();
    // The dialog closes once the core has the rule: an event before that meets the old one.
    await expect(page.getByTestId('settings-dialog')).toHaveCount(0);
    await sim.emitEvent({ cameraId: 4, alertType: 201 });
    await expect(tiles(second).first()).toHaveAttribute('data-camera-id', '4');
    await expect(openCount(page)).toHaveText('2 unacknowledged');
    await expect(tiles(page).first(), 'the first monitor keeps its wall').toHaveAttribute('data-camera-id', '1');

    await second.close();
    await expect(page.locator('body'), 'the window that rang closed: another takes the chime over').toHaveAttribute('data-alarm-sounding', 'true');

    await page.getByTestId('alarm-silence').click();
    await expect(page.getByTestId('alarm-silence')).toHaveCount(0);
    await expect(page.locator('body')).not.toHaveAttribute('data-alarm-sounding', 'true');
    await expect(openCount(page), 'silenced is not acknowledged').toHaveText('2 unacknowledged');

    await sim.emitEvent({ cameraId: 2, alertType: 201 });
    await expect(tiles(page).first(), 'the alarm screen closed: the first monitor pops it').toHaveAttribute('data-camera-id', '2');
    await expect(tiles(page).first()).toHaveAttribute('data-alarm', 'true');
    await expect(page.locator('body'), 'a new alarm sounds again').toHaveAttribute('data-alarm-sounding', 'true');
    await expect(page.getByTestId('alarm-silence')).toHaveText('Silence alarm');
  });

  test('search and severity filters narrow the list; handover lists what is open; several alerts acknowledge at once', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expect(page.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');
    await setOperator(page, 'Ben');
    // The pointer away from the alert list: over it, the list holds new alerts back ("N new").
    await page.mouse.move(5, 5);
    await sim.emitEvent({ cameraId: 1, alertType: 209 });
    await sim.emitEvent({ cameraId: 2, alertType: 210 });
    await sim.emitEvent({ cameraId: 4, alertType: 209 });
    await sim.emitEvent({ cameraId: 2, alertType: 602 });
    const rows = page.getByTestId('alert');
    await expect(rows, 'the plain event (camera online) is not an alert').toHaveCount(3);
    await expect(openCount(page)).toHaveText('3 unacknowledged');

    await page.getByTestId('filter-text').fill('tamper');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-severity', 'high');
    await page.getByTestId('filter-text').fill('');
    await expect(rows).toHaveCount(3);
    await page.getByTestId('filter-state').selectOption('all');
    await expect(rows).toHaveCount(4);
    await page.getByTestId('filter-state').selectOption('alerts');
    await page.getByTestId('filter-severity-high').click();
    await expect(rows).toHaveCount(1);
    await page.getByTestId('filter-severity-high').click();
    await expect(rows).toHaveCount(3);

    await page.getByTestId('tab-handover').click();
    await expect(page.getByTestId('handover-item')).toHaveCount(3);
    await expect(page.getByTestId('handover-item').first(), 'the worst open alert leads the handover').toContainText('Camera Tampering');
    await page.getByRole('tab', { name: 'Alerts' }).click();

    await page.getByTestId('select-all').check();
    await page.getByTestId('ack-selected').click();
    await page.getByTestId('ack-confirm').click();
    await expect(openCount(page)).toHaveText('0 unacknowledged');
    await expect(page.locator('[data-testid="alert"][data-ack="true"]')).toHaveCount(3);
  });

  test.describe('a crash in the middle of a burst', () => {
    // The page keeps calling the core it lost until it is back; the browser logs those tries.
    test.use({ allowNetworkErrors: true });

    test('loses no alert that was on screen, and the journal has no holes', async ({ page, launch }) => {
      const sim = await launch.sim({ cameras: 4 });
      const dataDir = await mkdtemp(join(tmpdir(), 'tessera-data-'));
      const servers = [simServer(sim)];
      const app = await launch.app({ servers, dataDir });
      await page.goto(app.url);
      await expect(page.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');

      const total = 1500;
      await sim.burst(total, 300, { alertType: 209 });
      await expect.poll(async () => Number((await openCount(page).textContent())?.split(' ')[0]), { timeout: 20_000 }).toBeGreaterThan(300);
      const shown = Number((await openCount(page).textContent())?.split(' ')[0]);
      app.proc.process.kill('SIGKILL');
      await new Promise((resolve) => app.proc.process.once('exit', resolve));

      await expect.poll(async () => (await sim.state()).events.emitted, { timeout: 20_000 }).toBe(total);
      const kept = journalVendorIds(dataDir);
      const delivered = (await sim.sentEvents()).filter((event) => event.delivered > 0).map((event) => event.id);
      expect(kept.length, 'every alert counted on screen was in the journal').toBeGreaterThanOrEqual(shown);
      expect(kept, 'the journal holds the delivered events in order, without holes').toEqual(delivered.slice(0, kept.length));
      test.info().annotations.push({ type: 'crash', description: `delivered ${delivered.length}, journal ${kept.length}, shown ${shown}, in flight ${delivered.length - kept.length}` });

      const again = await launch.app({ servers, dataDir });
      await page.goto(again.url);
      await expect(openCount(page)).toHaveText(`${kept.length} unacknowledged`);
    });
  });
});
