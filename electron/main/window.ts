import type { BrowserWindowConstructorOptions, Menu } from 'electron';

/**
 * Options of every wall window: context isolation, the sandbox and no Node in the
 * renderer; the preload is the only bridge. An unattended (kiosk) wall has no DevTools at
 * all: whoever stands at it must not get a console into the app.
 */
export function wallWindowOptions(preloadPath: string, kiosk = false): BrowserWindowConstructorOptions {
  return {
    width: 1600,
    height: 900,
    backgroundColor: '#0b0e12',
    title: 'Tessera',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // A wall runs for hours in the background of other windows: keep its video going.
      backgroundThrottling: false,
      devTools: !kiosk,
    },
  };
}

/**
 * The application menu. Electron's default one carries the reload (Ctrl+R), force-reload
 * and DevTools (Ctrl+Shift+I) accelerators even where no menu bar shows; a kiosk wall has
 * no menu at all, so none of them work there. Elsewhere the default stays (a desk wall's
 * operator may use them).
 */
export function applyAppMenu(menu: { setApplicationMenu(menu: Menu | null): void }, kiosk: boolean): void {
  if (kiosk) menu.setApplicationMenu(null);
}
