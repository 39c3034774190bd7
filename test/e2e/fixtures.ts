import { test as base, type Download, expect, type Locator, type Page } from '@playwright/test';
import type { InvokeChannel } from '../../shared/ipc/channels';
import { launchApp, simServer, type AppOptions, type RunningApp } from '../fixtures/app';
import type { RunningEenSim } from '../fixtures/een-sim';
import type { Started } from '../fixtures/processes';
import { launchSim, type RunningSim, type SimOptions } from '../fixtures/sim';
export { watchNewPictures } from '../fixtures/timecode';

export interface Launcher {
  sim(options?: SimOptions): Promise<RunningSim>;
  app(options?: AppOptions): Promise<RunningApp>;
  /**
   * A process another fixture started, stopped with these after the test (once the page
   * has closed and its console was checked) and its log attached on failure.
   */
  adopt(name: string, proc: Started, stop: () => Promise<unknown>): void;
}

interface Fixtures {
  /** Set true in tests that break the VMS on purpose: the browser logs failed loads as errors. */
  allowNetworkErrors: boolean;
  /** Starts simulators and apps that are stopped after the test, their logs attached on failure. */
  launch: Launcher;
}

export const test = base.extend<Fixtures>({
  allowNetworkErrors: [false, { option: true }],

  // Any console error or uncaught exception in the page fails the test (Frigate's error
  // collector). Depending on `launch` makes the page close before the app and simulator
  // stop, so their shutdown is not mistaken for the page's errors.
  page: async ({ page, allowNetworkErrors, launch: _launch }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (allowNetworkErrors && /Failed to load resource|WebSocket connection/.test(message.text())) return;
      // A failed load's message does not say what failed; its location is the resource. The
      // path alone: it names the stream or route, and keeps query strings out of the report.
      const where = message.location().url;
      errors.push(URL.canParse(where) && /^Failed to load resource/.test(message.text()) ? `${message.text()}: ${new URL(where).pathname}` : message.text());
    });
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    await use(page);
    expect(errors, 'errors logged by the page').toEqual([]);
  },

  launch: async ({}, use, testInfo) => {
    const started: Array<{ name: string; proc: Started; stop(): Promise<unknown> }> = [];
    await use({
      async sim(options) {
        const sim = await launchSim(options);
        started.push({ name: 'simulator', proc: sim.proc, stop: () => sim.stop() });
        return sim;
      },
      async app(options) {
        const app = await launchApp(options);
        started.push({ name: 'tessera', proc: app.proc, stop: () => app.stop() });
        return app;
      },
      adopt(name, proc, stop) {
        started.push({ name, proc, stop });
      },
    });
    for (const entry of [...started].reverse()) await entry.stop();
    if (testInfo.status !== testInfo.expectedStatus) {
      for (const { name, proc } of started) await testInfo.attach(`${name}.log`, { body: proc.output(), contentType: 'text/plain' });
    }
  },
});

export { expect };

export const tiles = (page: Page) => page.getByTestId('tile');

/**
 * The file `action` (a click) makes the page download. Within `timeoutMs`, or the test
 * fails at once with what the operator was told instead (the notices on screen), not
 * at its own timeout minutes later with only "waiting for event download".
 */
export async function downloadBy(page: Page, action: () => Promise<void>, timeoutMs = 30_000): Promise<Download> {
  const download = page.waitForEvent('download', { timeout: timeoutMs });
  // Settled either way: if `action` throws, the wait still ends without an unhandled rejection.
  download.catch(() => undefined);
  await action();
  try {
    return await download;
  } catch {
    const notices = await page.getByTestId('notice').allTextContents();
    throw new Error(`No download within ${timeoutMs / 1000} s; notices on screen: ${notices.length ? notices.join(' | ') : 'none'}`);
  }
}

/** Calls the core from the page, as the wall itself does (the test reads what the UI would). */
export async function invoke<T>(page: Page, channel: InvokeChannel, payload: unknown): Promise<T> {
  const reply = (await page.evaluate(([c, p]) => {
    if (!window.tessera) throw new Error('window.tessera is missing');
    return window.tessera.invoke(c, p);
  }, [channel, payload] as const)) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value;
}

/**
 * Opens the Servers dialog and fills a new Eagle Eye API v3 server for the simulator's
 * front (name "Eagle Eye": its id is `eagle-eye`), as an operator would; returns the form,
 * not yet saved, for the fields a test adds.
 */
export async function fillEenV3Server(page: Page, een: RunningEenSim): Promise<Locator> {
  await page.getByTestId('servers-open').click();
  await page.getByTestId('server-add').click();
  const form = page.getByTestId('server-form');
  await form.getByTestId('server-field-type').selectOption('een');
  await form.getByTestId('server-field-name').fill('Eagle Eye');
  await form.getByTestId('server-field-api').selectOption('v3');
  await form.getByTestId('server-field-authUrl').fill(een.url);
  await form.getByTestId('server-field-clientId').fill(een.v3.clientId);
  await form.getByTestId('server-field-clientSecret').fill(een.v3.clientSecret);
  await form.getByTestId('server-field-apiUrl').fill(een.url);
  return form;
}

/** The moment (epoch ms) each tile's picture shows, from its freshness watermark, whatever the delivery (HLS, JPEG, WebRTC); 0 where none. */
function watermarkPositions(page: Page, tileSelector: string): Promise<number[]> {
  return page.$$eval(tileSelector, (found) => found.map((tile) => Number(tile.querySelector('[data-testid="tile-watermark"]')?.getAttribute('data-position') ?? 0)));
}

/**
 * Waits until every one of `count` tiles shows a newer picture than `windowMs` before,
 * judged by the watermarks: works for one-a-second preview tiles too, which a one-second
 * window of video positions would not see move.
 */
export async function expectPicturesMovingOn(page: Page, count: number, options: { readonly tiles?: string; readonly windowMs?: number } = {}): Promise<void> {
  const selector = options.tiles ?? '[data-testid="tile"]';
  await expect
    .poll(
      async () => {
        const before = await watermarkPositions(page, selector);
        await page.waitForTimeout(options.windowMs ?? 3000);
        const after = await watermarkPositions(page, selector);
        return after.filter((position, index) => position > 0 && position > (before[index] ?? 0)).length;
      },
      { timeout: 30_000, intervals: [0] },
    )
    .toBe(count);
}

/** The playback position of every tile's video, in tile order. */
export function tileTimes(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid="tile"] video', (videos) => videos.map((video) => (video as HTMLVideoElement).currentTime));
}

/**
 * Waits until `count` tiles play and every one of their pictures advances over one second,
 * both at once: a tile still showing its last prefetched segments counts as playing for a
 * moment before it notices the VMS is gone, so the two are checked together, within a
 * bound that covers a reconnect's longest backoff (15 s).
 *
 * The positions are sampled every 250 ms and each sample is compared with the latest one
 * at least a second older (a sliding one-second window): the check passes as soon as a
 * whole second of advancing has been seen, not at the next whole-second step of a fixed
 * window (which cost up to a second per call, some 75 calls in the suite).
 */
export async function expectPlayingAndAdvancing(page: Page, count: number): Promise<void> {
  const samples: Array<{ at: number; times: number[] }> = [];
  await expect
    .poll(
      async () => {
        const at = Date.now();
        const now = await tileTimes(page);
        const playing = await page.locator('[data-testid="tile"][data-state="playing"]').count();
        const before = samples.filter((sample) => at - sample.at >= 1000).at(-1);
        samples.push({ at, times: now });
        if (playing !== count) return `${playing} playing`;
        if (!before) return 'less than a second sampled';
        return now.filter((time, index) => time > (before.times[index] ?? 0) + 0.5).length;
      },
      { timeout: 30_000, intervals: [250] },
    )
    .toBe(count);
}

/**
 * Waits until every camera of the simulator has `seconds` of unbroken recording, and
 * returns the end (epoch ms) of what all of them hold: asking for a moment a few seconds
 * before it plays recorded video, however slowly the machine encodes (a fixed sleep did
 * not, on a loaded machine).
 */
export async function untilRecorded(sim: RunningSim, seconds: number): Promise<number> {
  let end = 0;
  await expect
    .poll(
      async () => {
        const { recordings } = await sim.state();
        const last = recordings.map((recording) => recording.ranges.at(-1));
        const from = Math.max(...last.map((range) => range?.fromMs ?? Infinity));
        end = Math.min(...last.map((range) => range?.toMs ?? 0));
        return recordings.length > 0 ? (end - from) / 1000 : 0;
      },
      { message: `every camera has ${seconds} s of recording`, timeout: 60_000 },
    )
    .toBeGreaterThanOrEqual(seconds);
  return end;
}

export interface SharedSite {
  readonly sim: RunningSim;
  readonly app: RunningApp;
  readonly dataDir: string | undefined;
}

/**
 * One simulator and one app for every test of a file (run in order, `describe.serial`):
 * starting them is most of a short test's time. Faults a test injects are cleared after
 * it, passed or failed, and every camera is put back online, so the next test starts on
 * a healthy site; the logs are attached to a test that fails.
 */
export function sharedSite(options: { sim?: SimOptions; app?: (sim: RunningSim) => AppOptions } = {}): () => SharedSite {
  let site: SharedSite | undefined;
  test.beforeAll(async () => {
    test.setTimeout(60_000);
    const sim = await launchSim(options.sim);
    const appOptions = options.app?.(sim) ?? { servers: [simServer(sim)] };
    const app = await launchApp(appOptions);
    site = { sim, app, dataDir: appOptions.dataDir };
  });
  test.afterEach(async ({}, testInfo) => {
    if (!site) return;
    await site.sim.resetFaults().catch(() => undefined);
    const { cameras } = await site.sim.state().catch(() => ({ cameras: [] as Array<{ id: number; online: boolean; frozen: boolean }> }));
    for (const camera of cameras.filter((candidate) => !candidate.online)) await site.sim.setCamera(camera.id, true);
    for (const camera of cameras.filter((candidate) => candidate.frozen)) await site.sim.freezeCamera(camera.id, false);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('simulator.log', { body: site.sim.proc.output(), contentType: 'text/plain' });
      await testInfo.attach('tessera.log', { body: site.app.proc.output(), contentType: 'text/plain' });
    }
  });
  test.afterAll(async () => {
    await site?.app.stop();
    await site?.sim.stop();
  });
  return () => {
    if (!site) throw new Error('the shared site is not running');
    return site;
  };
}
