import type { Page } from '@playwright/test';
import { toLocalInputValue } from '../fixtures/time';
import { expect, expectPlayingAndAdvancing, sharedSite, test, tiles } from './fixtures';

/**
 * What the README promises about the operator's tools, checked where an operator would see
 * it: the servers dialog (add, edit, remove), the camera tree, alert filters and the
 * drawer's keys, alert rules, saved walls. One simulator and one app for the file; the
 * server is added through the UI first (a file's servers are managed and cannot be edited).
 * Fields are found by their visible labels, not by how the form is built.
 */
test.describe.configure({ mode: 'serial' });
const site = sharedSite({ sim: { cameras: 9 }, app: () => ({ extraArgs: ['--no-demo'] }) });

const cameraIds = (page: Page) => tiles(page).evaluateAll((all) => all.map((tile) => tile.getAttribute('data-camera-id') ?? ''));
const rows = (page: Page) => page.getByTestId('alert');

async function open(page: Page): Promise<void> {
  await page.goto(site().app.url);
  await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
}

async function pickLayout(page: Page, id: string): Promise<void> {
  await page.getByTestId('layout-button').click();
  await page.locator(`[data-testid="layout-option"][data-layout-id="${id}"]`).click();
  await expect(page.getByTestId('wall')).toHaveAttribute('data-layout', id);
}

test('Servers: Add by the form, the wall fills with its cameras', async ({ page }) => {
  await open(page);
  await page.getByTestId('servers-open').click();
  await page.getByTestId('server-add').click();
  const form = page.getByTestId('server-form');
  await form.getByRole('textbox', { name: /^Name/ }).fill('Yard VMS');
  await form.getByRole('textbox', { name: /^URL/ }).fill(site().sim.url);
  await form.getByRole('button', { name: /^Save/ }).click();
  await expect(page.getByTestId('server-row')).toHaveAttribute('data-server-id', 'yard-vms');
  await page.getByTestId('servers-close').click();
  await expect(page.getByTestId('camera')).toHaveCount(9);
  await expectPlayingAndAdvancing(page, 4);
});

test('dragging a group from the tree puts its cameras on the wall from that tile on', async ({ page }) => {
  await open(page);
  await pickLayout(page, '3x3');
  const group = page.getByTestId('camera-group').filter({ has: page.locator('[data-camera-id="5"]') });
  await group.locator('.group__header').dragTo(tiles(page).nth(3));
  await expect.poll(() => cameraIds(page)).toEqual(['1', '2', '3', '5', '6', '7', '8', '', '']);
  await expectPlayingAndAdvancing(page, 7);
  await pickLayout(page, '2x2');
});

test('alert filters narrow by server, camera, type and time; ↑ and ↓ step through the drawer', async ({ page }) => {
  const { sim } = site();
  await open(page);
  await expect(page.getByTestId('server-events')).toHaveAttribute('data-events-state', 'open');
  const before = Date.now() - 1000;
  await sim.emitEvent({ cameraId: 1, alertType: 209 });
  await sim.emitEvent({ cameraId: 2, alertType: 210 });
  await sim.emitEvent({ cameraId: 4, alertType: 209 });
  await expect(rows(page)).toHaveCount(3);

  const filters = page.getByTestId('alert-filters');
  await filters.getByRole('combobox', { name: 'Server' }).selectOption('yard-vms');
  await expect(rows(page), 'the one server keeps its alerts').toHaveCount(3);
  await page.getByTestId('filter-camera').selectOption('2');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Lobby');
  await page.getByTestId('filter-camera').selectOption('');
  await page.getByTestId('filter-type').selectOption('ivms:209');
  await expect(rows(page)).toHaveCount(2);
  await page.getByTestId('filter-type').selectOption('');
  await page.getByTestId('filter-from').fill(toLocalInputValue(Date.now() + 120_000));
  await expect(rows(page), 'nothing after two minutes from now').toHaveCount(0);
  await page.getByTestId('filter-from').fill(toLocalInputValue(before));
  await expect(rows(page)).toHaveCount(3);
  await page.getByTestId('filter-to').fill(toLocalInputValue(before));
  await expect(rows(page), 'nothing before the events').toHaveCount(0);
  await page.getByTestId('filter-to').fill('');
  await page.getByTestId('filter-from').fill('');
  await filters.getByRole('combobox', { name: 'Server' }).selectOption('');
  await expect(rows(page)).toHaveCount(3);

  // The drawer: ↑ to the newer alert, ↓ to the older.
  const raw = async (): Promise<string> => (await page.getByTestId('alert-drawer').getByTestId('drawer-raw').textContent()) ?? '';
  await rows(page).nth(1).click();
  const middle = await raw();
  await page.keyboard.press('ArrowUp');
  await expect.poll(raw).not.toBe(middle);
  await page.keyboard.press('ArrowDown');
  await expect.poll(raw).toBe(middle);
  await page.keyboard.press('ArrowDown');
  await expect.poll(raw).not.toBe(middle);
  await expect(page.getByTestId('alert-drawer')).toContainText('Main Entrance');
  // The type in the vendor's words, with the code an alert rule matches.
  await expect(page.getByTestId('drawer-type')).toHaveText('Activity detection ivms:209');
  await page.keyboard.press('Escape');
});

test('an alert rule edited in Settings decides the next event', async ({ page }) => {
  const { sim } = site();
  await open(page);
  await page.getByTestId('operator').click();
  await page.getByTestId('rule-add').click();
  const rule = page.getByTestId('rule').last();
  // Loitering: a type no default rule names, picked from the vendors' known types.
  await rule.getByTestId('rule-type').selectOption('ivms:202');
  await rule.getByTestId('rule-severity').selectOption('high');
  await page.getByTestId('settings-save').click();
  // The dialog closes once the core has the rules (emitted before that, the event met the
  // old ones: failed so under stress-ng --cpu 1).
  await expect(page.getByTestId('settings-dialog')).toHaveCount(0);
  await sim.emitEvent({ cameraId: 3, alertType: 202 });
  const row = rows(page).first();
  await expect(row).toContainText('Car Park North');
  await expect(row).toHaveAttribute('data-severity', 'high');

  // Edited again: critical now.
  await page.getByTestId('operator').click();
  await page.getByTestId('rule').last().getByTestId('rule-severity').selectOption('critical');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-dialog')).toHaveCount(0);
  await sim.emitEvent({ cameraId: 3, alertType: 202 });
  await expect(rows(page).first()).toHaveAttribute('data-severity', 'critical');
  await expect(rows(page).nth(1), 'an alert already raised keeps its severity').toHaveAttribute('data-severity', 'high');
});

test('saved walls: activate, cycle this monitor, delete', async ({ page }) => {
  await open(page);
  const saveAs = async (name: string): Promise<void> => {
    await page.getByTestId('walls-button').click();
    await page.getByTestId('wall-save-as').click();
    await page.getByTestId('wall-name').fill(name);
    await page.getByTestId('wall-save-confirm').click();
    await expect(page.getByTestId('walls-button')).toHaveText(`Walls: ${name}`);
  };
  await pickLayout(page, '1x1');
  await saveAs('Single');
  await pickLayout(page, '3x3');
  await saveAs('Nine');

  await page.getByTestId('walls-button').click();
  await page.locator('[data-testid="wall-row"]', { hasText: 'Single' }).getByTestId('wall-activate').click();
  await expect(page.getByTestId('wall')).toHaveAttribute('data-layout', '1x1');

  await page.getByTestId('walls-button').click();
  await page.getByTestId('wall-cycle').click();
  const dialog = page.getByTestId('cycle-dialog');
  for (const box of await dialog.getByTestId('cycle-wall').all()) await box.check();
  await dialog.getByTestId('cycle-dwell').fill('5');
  await dialog.getByTestId('cycle-start').click();
  await page.mouse.move(2, 2);
  // A cycle holds for 15 s after the operator's last touch (the click on Start), then shows each wall for its dwell.
  await expect(page.getByTestId('wall'), 'the cycle shows the other wall').toHaveAttribute('data-layout', '3x3', { timeout: 30_000 });
  await expect(page.getByTestId('wall'), 'and back').toHaveAttribute('data-layout', '1x1', { timeout: 15_000 });
  await page.getByTestId('walls-button').click();
  await page.getByTestId('wall-cycle').click();
  await page.getByTestId('cycle-dialog').getByTestId('cycle-stop').click();

  await page.getByTestId('walls-button').click();
  const nine = page.locator('[data-testid="wall-row"]', { hasText: 'Nine' });
  await nine.getByTestId('wall-delete').click();
  await nine.getByTestId('wall-delete').click();
  await expect(nine).toHaveCount(0);
  await expect(page.locator('[data-testid="wall-row"]', { hasText: 'Single' })).toHaveCount(1);
});

test.describe('removing the server', () => {
  // A tile still fetching its next segment when the server goes gets a 404, which the browser logs.
  test.use({ allowNetworkErrors: true });

  test('Servers: Edit renames it everywhere; Remove asks first, then its tiles and sessions go', async ({ page }) => {
    const { sim } = site();
    await open(page);
    await page.getByTestId('servers-open').click();
    await page.getByTestId('server-edit').click();
    const form = page.getByTestId('server-form');
    await form.getByRole('textbox', { name: /^Name/ }).fill('Yard North');
    await form.getByRole('button', { name: /^Save/ }).click();
    await expect(page.getByTestId('server-row')).toContainText('Yard North');
    await page.getByTestId('servers-close').click();
    await expect(page.getByTestId('server')).toContainText('Yard North');
    await expect.poll(async () => (await sim.state()).sessions.length).toBeGreaterThan(0);

    await page.getByTestId('servers-open').click();
    await page.getByTestId('server-remove').click();
    await expect(page.getByTestId('server-row'), 'still there until confirmed').toHaveCount(1);
    await page.getByTestId('server-remove-confirm').click();
    await expect(page.getByTestId('server-row')).toHaveCount(0);
    await page.getByTestId('servers-close').click();
    await expect(page.getByTestId('camera')).toHaveCount(0);
    await expect.poll(async () => (await sim.state()).sessions.length, { message: 'sessions left on the VMS' }).toBe(0);
  });
});
