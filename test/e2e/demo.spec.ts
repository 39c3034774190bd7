import { expect, expectPlayingAndAdvancing, test, tiles } from './fixtures';

test('with no server configured, the embedded demo VMS fills the wall with live video', async ({ page, launch }, testInfo) => {
  const app = await launch.app();
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(app.url);
  await expectPlayingAndAdvancing(page, 4);
  await expect(page.getByTestId('server')).toContainText('Demo VMS');
  await expect(page.getByTestId('camera')).toHaveCount(9);
  await testInfo.attach('demo-wall.png', { body: await page.screenshot(), contentType: 'image/png' });
  await expect(tiles(page).first()).toContainText('Main Entrance');
});
