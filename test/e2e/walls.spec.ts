import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { simServer } from '../fixtures/app';
import { expect, test, tiles } from './fixtures';

const cameraIds = (page: Page) => tiles(page).evaluateAll((all) => all.map((tile) => tile.getAttribute('data-camera-id') ?? ''));
const wallLayout = (page: Page) => page.getByTestId('wall');

async function pickLayout(page: Page, id: string): Promise<void> {
  await page.getByTestId('layout-button').click();
  await page.locator(`[data-testid="layout-option"][data-layout-id="${id}"]`).click();
  await expect(wallLayout(page)).toHaveAttribute('data-layout', id);
}

/** Selects an empty tile and puts a camera from the list on it. */
async function putCamera(page: Page, index: number, cameraId: string): Promise<void> {
  await tiles(page).nth(index).click();
  await page.locator(`[data-testid="camera"][data-camera-id="${cameraId}"]`).dblclick();
  await expect(tiles(page).nth(index)).toHaveAttribute('data-camera-id', cameraId);
}

interface SavedView {
  readonly layout: { readonly id: string };
  readonly tiles: ReadonlyArray<{ readonly cameraId: string } | null>;
}

/** What the core holds for a monitor, straight from walls.json (saving is debounced and coalesced). */
async function savedView(dataDir: string, monitor: number): Promise<SavedView | undefined> {
  try {
    const state = JSON.parse(await readFile(join(dataDir, 'walls.json'), 'utf8')) as { current: Record<string, SavedView> };
    return state.current[String(monitor)];
  } catch {
    return undefined;
  }
}

const savedLayout = async (dataDir: string, monitor: number): Promise<string | undefined> => (await savedView(dataDir, monitor))?.layout.id;

const dataDirectory = (): Promise<string> => mkdtemp(join(tmpdir(), 'tessera-data-'));

test.describe('walls', () => {
  test('a default wall comes back exactly after a restart; a reload resumes the wall; the hotkey switches to it', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 6 });
    const servers = [simServer(sim)];
    const dataDir = await dataDirectory();
    const app = await launch.app({ servers, dataDir });
    await page.goto(app.url);
    await expect(tiles(page).first()).toHaveAttribute('data-camera-id', '1');

    await pickLayout(page, '3x3');
    await putCamera(page, 4, '6');
    await putCamera(page, 5, '5');
    const archiveTile = tiles(page).nth(1);
    await archiveTile.hover();
    await archiveTile.getByTestId('tile-archive').click();
    await archiveTile.getByTestId('archive-picker').getByRole('button', { name: '−10 s' }).click();
    await expect(archiveTile).toHaveAttribute('data-mode', 'archive');
    await tiles(page).nth(4).hover();
    await tiles(page).nth(4).getByTestId('tile-maximize').click();
    await expect(tiles(page).nth(4)).toHaveClass(/tile--maximized/);
    const night = ['1', '2', '3', '4', '6', '5', '', '', ''];
    expect(await cameraIds(page)).toEqual(night);

    await page.getByTestId('walls-button').click();
    await page.getByTestId('wall-save-as').click();
    await page.getByTestId('wall-name').fill('Night');
    await page.getByTestId('wall-hotkey').selectOption('1');
    await page.getByTestId('wall-save-confirm').click();
    await expect(page.getByTestId('walls-button')).toHaveText('Walls: Night');
    await page.getByTestId('walls-button').click();
    const row = page.locator('[data-testid="wall-row"]', { hasText: 'Night' });
    await row.getByTestId('wall-default').click();
    await expect(row).toHaveAttribute('data-default', 'true');
    await page.keyboard.press('Escape');

    // Changed after saving: the default wall, not this, is what the next start shows.
    await tiles(page).nth(4).dblclick();
    await pickLayout(page, '2x2');
    await expect.poll(() => savedLayout(dataDir, 0)).toBe('2x2');

    // The window closes with the app, as it does in Electron; then the same data dir starts again.
    await page.goto('about:blank');
    await app.stop();
    const again = await launch.app({ servers, dataDir });
    await page.goto(again.url);
    await expect(wallLayout(page)).toHaveAttribute('data-layout', '3x3');
    // The tiles name their cameras once the server has listed them again.
    await expect.poll(() => cameraIds(page)).toEqual(night);
    await expect(tiles(page).nth(4)).toHaveClass(/tile--maximized/);
    await expect(tiles(page).nth(1)).toHaveAttribute('data-mode', 'archive');
    await expect(tiles(page).nth(0)).toHaveAttribute('data-mode', 'live');
    await expect(page.getByTestId('walls-button')).toHaveText('Walls: Night');

    // A reload (or a crashed renderer) resumes what the monitor showed, changes included.
    await tiles(page).nth(4).dblclick();
    await expect(tiles(page).nth(4)).not.toHaveClass(/tile--maximized/);
    await putCamera(page, 6, '1');
    await expect.poll(async () => (await savedView(dataDir, 0))?.tiles[6]?.cameraId).toBe('1');
    await page.reload();
    await expect(wallLayout(page)).toHaveAttribute('data-layout', '3x3');
    expect(await cameraIds(page)).toEqual(['1', '2', '3', '4', '6', '5', '1', '', '']);
    await expect(page.locator('.tile--maximized')).toHaveCount(0);
    await expect(tiles(page).nth(1)).toHaveAttribute('data-mode', 'archive');

    // Ctrl+Alt+1 switches back to the wall as saved.
    await pickLayout(page, '1x1');
    await tiles(page).first().click();
    await page.keyboard.press('Control+Alt+Digit1');
    await expect(wallLayout(page)).toHaveAttribute('data-layout', '3x3');
    expect(await cameraIds(page)).toEqual(night);
    await expect(tiles(page).nth(4)).toHaveClass(/tile--maximized/);
  });

  test('two monitor views served at once keep separate layouts across reloads', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const dataDir = await dataDirectory();
    const app = await launch.app({ servers: [simServer(sim)], dataDir });
    await page.goto(app.url);
    await expect(tiles(page).first()).toHaveAttribute('data-camera-id', '1');
    const second = await page.context().newPage();
    await second.goto(`${app.url}&monitor=1`);
    await expect(second.getByTestId('monitor-number')).toHaveText('Monitor 2');
    await expect(second.locator('body')).toHaveAttribute('data-app-state', 'ready');
    await expect(wallLayout(second)).toHaveAttribute('data-layout', '2x2');
    expect(await cameraIds(second), 'a second monitor starts empty').toEqual(['', '', '', '']);
    await expect(page.getByTestId('monitor-number')).toHaveCount(0);

    await pickLayout(page, '1+5');
    await pickLayout(second, '3x3');
    await putCamera(second, 0, '4');
    await expect.poll(() => savedLayout(dataDir, 0)).toBe('1+5');
    await expect.poll(() => savedLayout(dataDir, 1)).toBe('3x3');
    await expect(wallLayout(page), 'one monitor does not follow the other').toHaveAttribute('data-layout', '1+5');

    // Where the browser does not let the page place windows, the links are there to open by hand.
    await page.getByTestId('monitors-button').click();
    const monitors = page.getByTestId('monitors-dialog');
    await expect(monitors.getByTestId('monitor-link')).toHaveCount(2);
    await expect(monitors.getByTestId('monitor-link').nth(1)).toHaveValue(`${app.url}&monitor=1`);
    await monitors.getByTestId('monitors-place').click();
    await expect(monitors.getByTestId('monitors-outcome')).toHaveText(/\w/);
    await page.keyboard.press('Escape');

    await Promise.all([page.reload(), second.reload()]);
    await expect(wallLayout(page)).toHaveAttribute('data-layout', '1+5');
    await expect(wallLayout(second)).toHaveAttribute('data-layout', '3x3');
    expect((await cameraIds(page)).slice(0, 4)).toEqual(['1', '2', '3', '4']);
    expect(await cameraIds(second)).toEqual(['4', '', '', '', '', '', '', '', '']);
    await second.close();
  });

  test('a tile carousel cycles its cameras, holds while the pointer moves over it, and comes back after a reload', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    const tile = tiles(page).first();
    await expect(tile).toHaveAttribute('data-camera-id', '1');

    await tile.hover();
    await tile.getByTestId('tile-carousel').click();
    const dialog = page.getByTestId('carousel-dialog');
    await dialog.locator('[data-testid="carousel-camera"][data-camera-id="1"]').uncheck();
    await dialog.locator('[data-testid="carousel-camera"][data-camera-id="2"]').check();
    await dialog.locator('[data-testid="carousel-camera"][data-camera-id="3"]').check();
    await dialog.getByTestId('carousel-dwell').fill('2');
    await dialog.getByTestId('carousel-save').click();
    await page.mouse.move(5, 5);

    const indicator = tile.getByTestId('carousel-indicator');
    await expect(tile).toHaveAttribute('data-camera-id', '2');
    await expect(indicator).toHaveText('⟳ 1/2');
    await expect(tile).toHaveAttribute('data-camera-id', '3', { timeout: 4000 });
    await expect(indicator).toHaveText('⟳ 2/2');
    await expect(tile).toHaveAttribute('data-camera-id', '2', { timeout: 4000 });

    // The operator works on the tile: it holds for three dwells and more.
    // The tile is rendered anew as its camera changes: wait for the one on screen now.
    const boxes: Array<{ x: number; y: number; width: number; height: number }> = [];
    await expect
      .poll(
        async () => {
          const found = await tile.boundingBox();
          if (found) boxes.push(found);
          return boxes.length;
        },
        { message: 'the tile is on screen' },
      )
      .toBeGreaterThan(0);
    const box = boxes[0] ?? { x: 0, y: 0, width: 0, height: 0 };
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(indicator).toHaveAttribute('data-paused', 'true');
    const held = await tile.getAttribute('data-camera-id');
    const seen = new Set<string | null>();
    const workingSince = Date.now();
    for (let step = 0; Date.now() - workingSince < 6500; step++) {
      await page.mouse.move(box.x + box.width / 2 + (step % 2) * 20, box.y + box.height / 2 + 10);
      await page.waitForTimeout(400);
      seen.add(await tile.getAttribute('data-camera-id'));
    }
    expect([...seen], 'the camera held while the pointer moved over the tile').toEqual([held]);
    await expect(indicator).toHaveText(/^❚❚ \d\/2$/);

    await page.mouse.move(5, 5);
    await page.reload();
    await expect(tiles(page).first().getByTestId('carousel-indicator')).toHaveText(/^⟳ \d\/2$/);
    await expect(tiles(page).first()).toHaveAttribute('data-camera-id', /^[23]$/);
  });

  test('a corrupted walls file: the app starts, says so, keeps the file, and loses no settings', async ({ page, launch }) => {
    const dataDir = await dataDirectory();
    const options = { dataDir, extraArgs: ['--no-demo'] };
    const app = await launch.app(options);
    await page.goto(app.url);
    await page.getByTestId('operator').click();
    await page.getByTestId('operator-name').fill('Asha');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('operator')).toHaveText('Operator: Asha');
    await expect(page.getByTestId('app-problem')).toHaveCount(0);
    await page.goto('about:blank');
    await app.stop();

    const garbage = '{"walls":[{"id":"night","name":"Night","monitors":[{"layout":{"id":"3x';
    await writeFile(join(dataDir, 'walls.json'), garbage);
    const again = await launch.app(options);
    await page.goto(again.url);
    const problem = page.getByTestId('app-problem');
    await expect(problem).toContainText('The walls file was unreadable');
    await expect(problem).toContainText('the wall starts empty');
    const backup = await problem.getAttribute('data-backup');
    expect(backup).toMatch(/walls\.json\.corrupt-/);
    expect(existsSync(backup ?? ''), 'the damaged file is kept').toBe(true);
    expect(await readFile(backup ?? '', 'utf8')).toBe(garbage);
    expect((await readdir(dataDir)).filter((name) => name.startsWith('settings.json.'))).toEqual([]);
    await expect(page.getByTestId('operator')).toHaveText('Operator: Asha');
    await expect(wallLayout(page)).toHaveAttribute('data-layout', '2x2');
  });
});
