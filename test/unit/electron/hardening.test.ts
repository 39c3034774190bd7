import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../electron/main/app-protocol';
import { denyPermissions, hardenContents } from '../../../electron/main/hardening';
import { applyAppMenu, wallWindowOptions } from '../../../electron/main/window';

describe('window hardening', () => {
  it('creates wall windows with isolation, sandbox and no Node', () => {
    const prefs = wallWindowOptions('/app/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true, preload: '/app/preload.cjs' });
  });

  it('gives a kiosk wall no DevTools and no menu (so no reload or DevTools accelerators); a desk wall keeps them', () => {
    expect(wallWindowOptions('/app/preload.cjs', true).webPreferences?.devTools).toBe(false);
    expect(wallWindowOptions('/app/preload.cjs').webPreferences?.devTools).toBe(true);
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
