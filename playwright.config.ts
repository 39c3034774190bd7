import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/fixtures/chromium';

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the
 * real launcher and the real simulator. They need `npm run build` first (npm test does it).
 */

const workers = Number(process.env['TESSERA_E2E_WORKERS'] ?? 2);

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // Each test runs its own simulator (ffmpeg) and browser. Most of a test's time is waiting
  // for video to play on, so two at a time fit two cores (the simulator's main stream is
  // 640x360 in tests for that reason); TESSERA_E2E_WORKERS=1 runs them one by one.
  workers,
  // Tests, not files, are shared out between the workers: with whole files, the last long
  // files (a 2-3 minute file each) ran on one worker while the other sat idle. Every test
  // starts its own simulator and app; files whose tests share them (`sharedSite`) or must
  // not overlap (several PCs at once) say so with `test.describe.configure`.
  fullyParallel: true,
  forbidOnly: !!process.env['CI'],
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    },
    // A failed test keeps its trace (actions, console, network, sources), its screenshot and
    // its page snapshot (error-context.md). The trace's film strip and its DOM snapshots only
    // with one worker (as CI runs): with video tiles on screen the browser encodes a
    // screenshot for nearly every frame (about a third more CPU per test, measured on
    // wall.spec), and a DOM snapshot is taken before and after every action, which the
    // suite's polls make several times a second (two live-wall tests: 30 against 39 CPU-s,
    // two runs each). Two workers on two cores pay both in time. `--trace on` gives it all.
    trace: { mode: 'retain-on-failure', screenshots: workers === 1, snapshots: workers === 1, sources: true },
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'web', metadata: { transport: 'web' } },
    // Runs only where the Electron binary could be installed; skipped (with the reason) elsewhere.
    { name: 'electron', metadata: { transport: 'electron' }, testMatch: /contract\.spec\.ts/ },
  ],
});
