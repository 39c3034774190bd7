import type { Display, Rectangle } from 'electron';
import type { Logger } from '../common/logger';
import type { WallPlacement } from './window';

/** The part of a BrowserWindow this module drives (a fake in unit tests). */
export interface MonitorWindow {
  loadURL(url: string): Promise<void>;
  setBounds(bounds: Partial<Rectangle>): void;
  setFullScreen(flag: boolean): void;
  show(): void;
  close(): void;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): void;
  on(event: 'closed', listener: () => void): void;
  readonly webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string; exitCode: number }) => void): void;
    reload(): void;
  };
}

/** The part of Electron's `screen` this module reads. */
export interface DisplaySource {
  getAllDisplays(): Display[];
  getPrimaryDisplay(): Display;
  on(event: 'display-added' | 'display-removed' | 'display-metrics-changed', listener: (event: unknown, display: Display) => void): void;
  removeAllListeners(event: 'display-added' | 'display-removed' | 'display-metrics-changed'): void;
}

export interface MonitorWindowsOptions {
  readonly screen: DisplaySource;
  /** Makes a hardened wall window placed as asked (its security settings are the factory's, not ours). */
  readonly createWindow: (placement: WallPlacement) => MonitorWindow;
  /** The app's URL for monitor N (`?monitor=N`). */
  readonly url: (monitor: number) => string;
  /** Unattended: kiosk windows (no menus, no way out but the OS). */
  readonly kiosk: boolean;
  /** One ordinary window (monitor 0) instead of one fullscreen window per display. */
  readonly windowed: boolean;
  readonly log: Logger;
  /** Waits before reloading a crashed renderer; grows while it keeps crashing. */
  readonly schedule?: (ms: number, action: () => void) => void;
}

/** Crashes closer together than this count as the same bout, and the reload waits longer. */
const CRASH_WINDOW_MS = 60_000;
const RELOAD_DELAYS_MS = [1000, 5000, 15_000, 60_000];

interface Placed {
  readonly monitor: number;
  readonly window: MonitorWindow;
  crashes: number;
  lastCrashAt: number;
}

/**
 * One wall window per display, each showing its own monitor's view (`?monitor=N`), placed
 * and made fullscreen there. Displays are numbered once, primary first, then left to right
 * and top to bottom; a display plugged in later gets the lowest free number; one unplugged
 * closes its window (its view stays saved in the walls store, and comes back with it). A
 * renderer that crashes is reloaded after a pause, so an unattended wall resumes by itself.
 */
export class MonitorWindows {
  private readonly placed = new Map<number, Placed>();
  private disposed = false;

  constructor(private readonly options: MonitorWindowsOptions) {}

  start(): void {
    const { screen } = this.options;
    if (this.options.windowed) {
      this.open(0, undefined);
      return;
    }
    for (const display of orderDisplays(screen.getAllDisplays(), screen.getPrimaryDisplay())) this.open(this.freeMonitor(), display);
    screen.on('display-added', (_event, display) => {
      this.options.log.info(`display ${display.id} added`);
      this.open(this.freeMonitor(), display);
    });
    screen.on('display-removed', (_event, display) => {
      this.options.log.info(`display ${display.id} removed`);
      this.placed.get(display.id)?.window.close();
      this.placed.delete(display.id);
    });
    screen.on('display-metrics-changed', (_event, display) => {
      this.placed.get(display.id)?.window.setBounds(display.bounds);
    });
  }

  /** The monitor numbers with a window, by display id (for logs and tests). */
  monitors(): ReadonlyMap<number, number> {
    return new Map([...this.placed].map(([displayId, placed]) => [displayId, placed.monitor]));
  }

  dispose(): void {
    this.disposed = true;
    if (this.options.windowed) return;
    for (const event of ['display-added', 'display-removed', 'display-metrics-changed'] as const) this.options.screen.removeAllListeners(event);
  }

  private freeMonitor(): number {
    const used = new Set([...this.placed.values()].map((placed) => placed.monitor));
    let monitor = 0;
    while (used.has(monitor)) monitor += 1;
    return monitor;
  }

  private open(monitor: number, display: Display | undefined): void {
    const { kiosk } = this.options;
    const window = this.options.createWindow({
      ...(display ? { x: display.bounds.x, y: display.bounds.y, width: display.bounds.width, height: display.bounds.height, fullscreen: true } : {}),
      kiosk,
      title: monitor === 0 ? 'Tessera' : `Tessera — monitor ${monitor + 1}`,
    });
    const placed: Placed = { monitor, window, crashes: 0, lastCrashAt: Number.NEGATIVE_INFINITY };
    // Windowed mode has no display; key it apart from real display ids.
    this.placed.set(display?.id ?? -1, placed);
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      for (const [key, candidate] of this.placed) if (candidate === placed) this.placed.delete(key);
    });
    window.webContents.on('render-process-gone', (_event, details) => this.crashed(placed, details.reason));
    void window.loadURL(this.options.url(monitor)).catch((error: unknown) => this.options.log.error(`monitor ${monitor} window failed to load`, { error }));
  }

  private crashed(placed: Placed, reason: string): void {
    if (this.disposed || placed.window.isDestroyed()) return;
    const now = Date.now();
    placed.crashes = now - placed.lastCrashAt < CRASH_WINDOW_MS ? placed.crashes + 1 : 0;
    placed.lastCrashAt = now;
    const delay = RELOAD_DELAYS_MS[Math.min(placed.crashes, RELOAD_DELAYS_MS.length - 1)] ?? 1000;
    this.options.log.warn(`monitor ${placed.monitor}'s renderer is gone (${reason}); reloading in ${delay / 1000} s`);
    const schedule = this.options.schedule ?? ((ms, action) => void setTimeout(action, ms));
    schedule(delay, () => {
      if (!this.disposed && !placed.window.isDestroyed()) placed.window.webContents.reload();
    });
  }
}

/** Primary first, then left to right, top to bottom: the numbering an operator expects. */
export function orderDisplays(displays: readonly Display[], primary: Display): Display[] {
  return [...displays].sort((a, b) => (a.id === primary.id ? -1 : b.id === primary.id ? 1 : a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y));
}
