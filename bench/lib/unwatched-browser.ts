import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/fixtures/chromium';
import { descendants, treeCores } from './proc-cpu';
import { rssMiB, sumOver } from './process-memory';

/**
 * A Chromium that runs a page with no automation attached, for memory measured over
 * minutes. Playwright (like any DevTools client) enables the Network domain on every page
 * it drives, and the renderer then keeps the body of every response for it, up to its
 * buffer's cap: a wall fetching segments all the time grows by its whole bitrate (measured:
 * 60 MiB/min for 16 tiles attached, flat with nothing attached). Nobody attaches DevTools to
 * a control-room wall, so growth is read with the client detached: it attaches to set the
 * page up and to read it at the end, and detaches in between.
 */
export interface UnwatchedBrowser {
  /** Attaches and returns the page Chromium opened; `detach()` before measuring. */
  attach(): Promise<{ page: Page; detach: () => Promise<void> }>;
  /** MiB of RSS of the browser and every process under it. */
  rss(): Promise<number>;
  /** The browser's process and every process under it. */
  pids(): number[];
  /** CPU of the browser and every process under it over `seconds`, in cores. */
  cores(seconds: number): Promise<number>;
  /** Ends the browser and removes its profile. */
  stop(): Promise<void>;
}

export async function launchUnwatched(url: string, options: { args?: readonly string[]; width: number; height: number }): Promise<UnwatchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'tessera-unwatched-'));
  const args = [...(options.args ?? CHROMIUM_ARGS), '--headless=new', '--remote-debugging-port=0', `--user-data-dir=${profile}`, `--window-size=${options.width},${options.height}`, url];
  // Its own process group, so that stopping it ends its renderers and utilities too.
  const proc = spawn(CHROMIUM_PATH, args, { stdio: 'ignore', detached: true });
  const pid = proc.pid ?? -1;
  // A benchmark that dies must not leave a wall playing in the background.
  const killGroup = (): void => {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', killGroup);
  const portFile = join(profile, 'DevToolsActivePort');
  const deadline = Date.now() + 30_000;
  // Chromium writes the port it chose once its DevTools server listens.
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').trim() === '') {
    if (proc.exitCode !== null || Date.now() > deadline) {
      killGroup();
      throw new Error(`Chromium did not start (${CHROMIUM_PATH})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  /** The browser's process and every process under it. */
  const pids = (): number[] => [pid, ...descendants(pid).map((child) => child.pid)];
  const endpoint = `http://127.0.0.1:${readFileSync(portFile, 'utf8').split('\n')[0]}`;

  return {
    async attach() {
      const browser = await connectWithRetries(endpoint);
      const page = browser.contexts()[0]?.pages()[0];
      if (!page) throw new Error('the unwatched browser has no page');
      // Closing a browser connected over CDP disconnects; the browser and its page go on.
      return { page, detach: () => browser.close() };
    },
    rss: () => Promise.resolve(sumOver(pids(), rssMiB)),
    pids,
    cores: (seconds) => treeCores(pid, seconds),
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        killGroup();
        await exited;
      }
      process.removeListener('exit', killGroup);
      // Child processes may still be writing into the profile for a moment.
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

/** Attempts at attaching before a benchmark gives up, each bounded by ATTACH_TIMEOUT_MS. */
const ATTACH_ATTEMPTS = 3;
const ATTACH_TIMEOUT_MS = 40_000;

/**
 * Connects over CDP, trying again when a connection hangs. Seen here now and then on a
 * freshly loaded wall: the WebSocket connects and Playwright's set-up of the targets does
 * not finish, once for the whole 120 s it was given, and the run was lost.
 */
async function connectWithRetries(endpoint: string): Promise<Browser> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.connectOverCDP(endpoint, { timeout: ATTACH_TIMEOUT_MS });
    } catch (error) {
      if (attempt >= ATTACH_ATTEMPTS) throw error;
      console.warn(`attaching to the unwatched browser hung (attempt ${attempt}); trying again`);
    }
  }
}

/**
 * Sends the page's Chromium the critical memory-pressure notification it gets when the system
 * runs short: it then gives back the caches and freed pages it keeps for reuse, so what it
 * holds afterwards is what it cannot give back.
 */
export async function signalMemoryPressure(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Memory.simulatePressureNotification', { level: 'critical' });
  } finally {
    await cdp.detach();
  }
}
