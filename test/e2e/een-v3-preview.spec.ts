import type { Page } from '@playwright/test';
import { eenV3RefreshToken } from '../fixtures/een-sim';
import { expect, fillEenV3Server, test, tiles } from './fixtures';

async function pickLayout(page: Page, id: string): Promise<void> {
  await page.getByTestId('layout-button').click();
  await page.locator(`[data-testid="layout-option"][data-layout-id="${id}"]`).click();
  await expect(page.getByTestId('wall')).toHaveAttribute('data-layout', id);
}

/** The moment (epoch ms) each Eagle Eye tile's picture shows, from its freshness watermark; 0 where none. */
function positions(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid="tile"][data-server-id="eagle-eye"]', (found) =>
    found.map((tile) => Number(tile.querySelector('[data-testid="tile-watermark"]')?.getAttribute('data-position') ?? 0)),
  );
}

test.describe('Eagle Eye API v3 preview tiles against the simulator', () => {
  test('a v3 server set to preview images in the Servers dialog fills its tiles with the multipart preview, updating about once a second, one stream per camera for all its tiles', async ({ page, launch }) => {
    test.setTimeout(180_000);
    const sim = await launch.sim({ cameras: 2, eventsPerMinute: 0, een: { cameras: [1, 2] } });
    const een = sim.een;
    if (!een) throw new Error('the simulator runs no Eagle Eye front');
    const app = await launch.app({ extraArgs: ['--no-demo'] });
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');

    // The operator picks "preview images" for live tiles; the sign-in is given as a refresh token (the dialog's browserless way).
    const form = await fillEenV3Server(page, een);
    await form.getByTestId('server-field-refreshToken').fill(await eenV3RefreshToken(een));
    await expect(form.getByTestId('server-field-liveTiles')).toHaveValue('main');
    await form.getByTestId('server-field-liveTiles').selectOption('preview');
    await form.getByTestId('server-save').click();
    await expect(page.getByTestId('server-form')).toHaveCount(0);
    const row = page.locator('[data-testid="server-row"][data-server-id="eagle-eye"]');
    await expect(row.getByTestId('server-state')).toContainText('Online · 2 camera', { timeout: 30_000 });
    await page.getByTestId('servers-close').click();

    // Each camera twice on a 2×2 wall.
    await pickLayout(page, '2x2');
    await page.locator('[data-testid="server"][data-server-id="eagle-eye"] header').dragTo(tiles(page).nth(0));
    await page.locator('[data-testid="server"][data-server-id="eagle-eye"] header').dragTo(tiles(page).nth(2));
    const eenTiles = page.locator('[data-testid="tile"][data-server-id="eagle-eye"]');
    await expect(eenTiles).toHaveCount(4);
    await expect(page.locator('[data-testid="tile"][data-server-id="eagle-eye"][data-state="playing"]')).toHaveCount(4, { timeout: 30_000 });

    // The images are drawn where the operator looks: every Eagle Eye tile shows its image canvas (video tiles keep it hidden).
    for (let index = 0; index < 4; index++) await expect(eenTiles.nth(index).locator('canvas.tile__frames')).toBeVisible();

    // Every tile's picture moves on: each one's watermark passes the moment it first showed, twice over.
    const first = await positions(page);
    expect(first.every((position) => Math.abs(position - Date.now()) < 10_000), `fresh pictures: ${first.join(', ')}`).toBe(true);
    const seen = first.map(() => new Set<number>());
    await expect
      .poll(
        async () => {
          (await positions(page)).forEach((position, index) => {
            if (position > (first[index] ?? 0)) seen[index]?.add(position);
          });
          return seen.map((later) => Math.min(later.size, 2));
        },
        { timeout: 20_000, message: 'every preview tile shows newer images' },
      )
      .toEqual([2, 2, 2, 2]);

    // One multipart stream per camera serves both of its tiles; nothing went the way of HLS or the legacy API.
    await expect.poll(async () => (await een.state()).v3['previewStreamsOpen'], { timeout: 10_000 }).toBe(2);
    const state = await een.state();
    expect(state.v3['previewStreams'], 'streams opened for two cameras on four tiles').toBeLessThanOrEqual(3);
    expect(state.counters['previewRequests'], 'legacy preview requests').toBe(0);
  });
});
