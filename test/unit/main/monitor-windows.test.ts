import type { BrowserWindowConstructorOptions, Display } from 'electron';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/common/logger';
import { type DisplaySource, type MonitorWindow, MonitorWindows } from '../../../electron/main/monitor-windows';

const display = (id: number, x: number, y = 0): Display => ({ id, bounds: { x, y, width: 1920, height: 1080 } }) as Display;

class FakeWindow implements MonitorWindow {
  readonly loaded: string[] = [];
  reloads = 0;
  closed = false;
  bounds: unknown;
  private readonly listeners = new Map<string, (...args: unknown[]) => void>();
  readonly webContents: MonitorWindow['webContents'] = {
    on: (event, listener) => void this.listeners.set(`contents:${event}`, listener as (...args: unknown[]) => void),
    reload: () => void (this.reloads += 1),
  };
  constructor(readonly options: BrowserWindowConstructorOptions) {}
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  setBounds(bounds: unknown): void {
    this.bounds = bounds;
  }
  setFullScreen(): void {}
  show(): void {}
  close(): void {
    this.closed = true;
    this.listeners.get('closed')?.();
  }
  isDestroyed(): boolean {
    return this.closed;
  }
  once(event: string, listener: () => void): void {
    this.listeners.set(event, listener);
  }
  on(event: string, listener: () => void): void {
    this.listeners.set(event, listener);
  }
  crash(): void {
    this.listeners.get('contents:render-process-gone')?.({}, { reason: 'crashed', exitCode: 139 });
  }
}

function setup(displays: Display[], primary: Display, flags: { kiosk?: boolean; windowed?: boolean } = {}) {
  const screenListeners = new Map<string, (event: unknown, display: Display) => void>();
  const screen: DisplaySource = {
    getAllDisplays: () => displays,
    getPrimaryDisplay: () => primary,
    on: (event, listener) => void screenListeners.set(event, listener),
    removeAllListeners: (event) => void screenListeners.delete(event),
  };
  const windows: FakeWindow[] = [];
  const scheduled: Array<{ ms: number; action: () => void }> = [];
  const monitors = new MonitorWindows({
    screen,
    createWindow: (options) => {
      const window = new FakeWindow(options);
      windows.push(window);
      return window;
    },
    url: (monitor) => `tessera://app/?monitor=${monitor}`,
    kiosk: flags.kiosk ?? false,
    windowed: flags.windowed ?? false,
    log: silentLogger,
    schedule: (ms, action) => scheduled.push({ ms, action }),
  });
  return { monitors, windows, scheduled, emit: (event: string, changed: Display) => screenListeners.get(event)?.({}, changed), screenListeners };
}

describe('MonitorWindows', () => {
  it('opens one fullscreen window per display, primary first then left to right, each on its own monitor view', () => {
    const left = display(11, -1920);
    const primary = display(22, 0);
    const right = display(33, 1920);
    const { monitors, windows } = setup([right, left, primary], primary);
    monitors.start();
    expect(windows.map((window) => window.loaded[0])).toEqual(['tessera://app/?monitor=0', 'tessera://app/?monitor=1', 'tessera://app/?monitor=2']);
    expect(windows.map((window) => [window.options.x, window.options.fullscreen])).toEqual([
      [0, true],
      [-1920, true],
      [1920, true],
    ]);
    expect(windows[0]?.options, 'a placement carries no security settings: the factory owns them').not.toHaveProperty('webPreferences');
  });

  it('follows displays plugged in and out: a new one gets the lowest free monitor number, a removed one closes its window', () => {
    const primary = display(1, 0);
    const second = display(2, 1920);
    const { monitors, windows, emit } = setup([primary, second], primary);
    monitors.start();
    emit('display-removed', second);
    expect(windows[1]?.closed).toBe(true);
    emit('display-added', display(3, 3840));
    expect(windows[2]?.loaded).toEqual(['tessera://app/?monitor=1']);
    emit('display-metrics-changed', { ...display(3, 0, 1080) });
    expect(windows[2]?.bounds).toEqual({ x: 0, y: 1080, width: 1920, height: 1080 });
    expect([...monitors.monitors().values()].sort()).toEqual([0, 1]);
  });

  it('reloads a crashed renderer after a pause that grows while it keeps crashing', () => {
    const primary = display(1, 0);
    const { monitors, windows, scheduled } = setup([primary], primary, { kiosk: true });
    monitors.start();
    const window = windows[0];
    expect(window?.options.kiosk).toBe(true);
    window?.crash();
    window?.crash();
    expect(scheduled.map((entry) => entry.ms)).toEqual([1000, 5000]);
    scheduled[0]?.action();
    expect(window?.reloads).toBe(1);
    window?.close();
    scheduled[1]?.action();
    expect(window?.reloads, 'a closed window is not reloaded').toBe(1);
  });

  it('windowed: one ordinary window, no display listeners', () => {
    const primary = display(1, 0);
    const { monitors, windows, screenListeners } = setup([primary, display(2, 1920)], primary, { windowed: true });
    monitors.start();
    expect(windows).toHaveLength(1);
    expect(windows[0]?.options.fullscreen).toBeUndefined();
    expect(screenListeners.size).toBe(0);
  });
});
