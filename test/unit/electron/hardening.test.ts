import { describe, expect, it, vi } from 'vitest';
import { isAppUrl } from '../../../electron/main/app-protocol';
import { denyPermissions, hardenContents } from '../../../electron/main/hardening';
import { applyAppMenu, createWallWindow } from '../../../electron/main/window';

/** Electron's BrowserWindow, replaced by one that records what it was made with. */
const made = vi.hoisted(() => [] as unknown[]);
vi.mock('electron', () => ({
  BrowserWindow: vi.fn(function (options: unknown) {
    made.push(options);
  }),
}));

describe('window hardening', () => {
  it('creates wall windows with isolation, sandbox and no Node, wherever they are placed', () => {
    createWallWindow({ x: 1920, y: 0, width: 1280, height: 1024, fullscreen: true, kiosk: true, title: 'Tessera — monitor 2' }, '/app/preload.cjs');
    expect(made.at(-1)).toMatchObject({
      x: 1920,
      fullscreen: true,
      kiosk: true,
      show: false,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webviewTag: false, webSecurity: true, allowRunningInsecureContent: false, preload: '/app/preload.cjs' },
    });
  });

  it('gives a kiosk wall no DevTools and no menu (so no reload or DevTools accelerators); a desk wall keeps them', () => {
    createWallWindow({ kiosk: true }, '/app/preload.cjs', true);
    expect(made.at(-1)).toMatchObject({ webPreferences: { devTools: false } });
    createWallWindow({}, '/app/preload.cjs');
    expect(made.at(-1)).toMatchObject({ webPreferences: { devTools: true } });
    const menus: unknown[] = [];
    const menu = { setApplicationMenu: (set: unknown) => void menus.push(set) };
    applyAppMenu(menu, false);
    expect(menus).toEqual([]);
    applyAppMenu(menu, true);
    expect(menus).toEqual([null]);
  });

  it('denies new windows, navigation away from the app, and webviews', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    hardenContents({
      on: ((name: string, listener: (event: { preventDefault(): void }, url?: string) => void) => listeners.set(name, listener)) as never,
      setWindowOpenHandler: ((handler: () => { action: string }) => (openHandler = handler)) as never,
    });
    expect(openHandler?.()).toEqual({ action: 'deny' });
    const prevented = (name: string, url?: string): boolean => {
      let blocked = false;
      listeners.get(name)?.({ preventDefault: () => (blocked = true) }, url);
      return blocked;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', 'tessera://app/?monitor=2')).toBe(false);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
  });

  it('denies every permission but fullscreen', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: ((contents: unknown, permission: string) => boolean) | undefined;
    denyPermissions({ setPermissionRequestHandler: ((handler: typeof request) => (request = handler)) as never, setPermissionCheckHandler: ((handler: typeof check) => (check = handler)) as never });
    const answers: boolean[] = [];
    request?.(null, 'media', (granted) => answers.push(granted));
    request?.(null, 'fullscreen', (granted) => answers.push(granted));
    expect(answers).toEqual([false, true]);
    expect(check?.(null, 'geolocation')).toBe(false);
  });

  it('recognises only the app origin', () => {
    expect(isAppUrl('tessera://app/x')).toBe(true);
    expect(isAppUrl('tessera://app.evil/x')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});
