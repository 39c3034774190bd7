import { simServer } from '../fixtures/app';
import { expect, expectPlayingAndAdvancing, test, tiles } from './fixtures';

test.describe('the 2x2 wall against the IVMS simulator', () => {
  test('fills itself with the first four cameras, all playing live', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 6 });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');
    await expect(tiles(page)).toHaveCount(4);
    await expectPlayingAndAdvancing(page, 4);
    await expect(tiles(page).evaluateAll((all) => all.map((tile) => tile.getAttribute('data-camera-id')))).resolves.toEqual(['1', '2', '3', '4']);
    await expect(tiles(page).first()).toHaveAttribute('data-mode', 'live');
    await expect(tiles(page).first()).toContainText('Main Entrance');
    expect((await sim.state()).sessions).toHaveLength(4);
  });

  test('closing a tile stops its VMS session', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    const stoppedBefore = (await sim.state()).counters.stopped;
    const second = tiles(page).nth(1);
    await second.hover();
    await second.getByRole('button', { name: 'Close Lobby' }).click();
    await expect(second).toHaveAttribute('data-state', 'empty');
    await expect.poll(async () => (await sim.state()).sessions.map((session) => session.cameraId).sort()).toEqual([1, 3, 4]);
    expect((await sim.state()).counters.stopped).toBe(stoppedBefore + 1);
  });

  test('picking a camera in the list puts it in the selected empty tile', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 6 });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    const third = tiles(page).nth(2);
    await third.click();
    await third.getByRole('button', { name: /Close/ }).click();
    await page.getByTestId('camera').filter({ hasText: 'Server Room' }).dblclick();
    await expect(third).toHaveAttribute('data-camera-id', '6');
    await expect(third).toHaveAttribute('data-state', 'playing', { timeout: 30_000 });
    await expect.poll(async () => (await sim.state()).sessions.map((session) => session.cameraId).sort()).toEqual([1, 2, 4, 6]);
  });

  test('keepalives keep sessions alive past the server\'s expiry', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4, sessionExpiryMs: 3000 });
    const app = await launch.app({ servers: [simServer(sim, { keepaliveIntervalMs: 1000 })] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    const first = (await sim.state()).sessions.map((session) => session.id).sort();
    expect(first).toHaveLength(4);
    // Until the youngest session has lived well past the 3 s expiry on its keepalives.
    await expect
      .poll(async () => Math.min(...(await sim.state()).sessions.map((session) => (session.ageMs >= 8000 ? session.keepalives : 0))), { message: 'keepalives of the youngest session 8 s old' })
      .toBeGreaterThanOrEqual(5);
    const state = await sim.state();
    expect(state.counters.expired).toBe(0);
    expect(state.sessions.map((session) => session.id).sort(), 'the same four sessions, none reopened').toEqual(first);
    await expectPlayingAndAdvancing(page, 4);
  });

  test('closing the window stops all of its sessions', async ({ page, launch }) => {
    const sim = await launch.sim({ cameras: 4 });
    const app = await launch.app({ servers: [simServer(sim)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 4);
    await page.close();
    await expect.poll(async () => (await sim.state()).sessions.length).toBe(0);
  });

  test.describe('when the VMS goes away', () => {
    test.use({ allowNetworkErrors: true });

    test('tiles say why in words instead of freezing', async ({ page, launch }) => {
      const sim = await launch.sim({ cameras: 4 });
      const app = await launch.app({ servers: [simServer(sim)] });
      await page.goto(app.url);
      await expectPlayingAndAdvancing(page, 4);
      await sim.stop();
      const first = tiles(page).first();
      await expect(first).toHaveAttribute('data-state', /stalled|reconnecting/, { timeout: 15_000 });
      await expect(first.getByTestId('tile-reason')).toHaveText(/\w{4,}/);
      await expect(page.getByTestId('server')).toHaveAttribute('data-server-state', 'offline', { timeout: 30_000 });
      // In words on the row; the technical cause in its tooltip.
      await expect(page.getByTestId('server-reason')).toHaveText('Not answering — retrying');
      await expect(page.getByTestId('server-reason')).toHaveAttribute('title', /Connection refused/);
    });
  });
});
