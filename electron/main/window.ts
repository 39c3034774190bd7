import { BrowserWindow, type BrowserWindowConstructorOptions, type Menu } from 'electron';

/** Where and how a wall window is placed: everything but its security settings, which are fixed. */
export type WallPlacement = Pick<BrowserWindowConstructorOptions, 'x' | 'y' | 'width' | 'height' | 'fullscreen' | 'kiosk' | 'title'>;

/**
 * Makes a wall window: context isolation, the sandbox and no Node in the renderer; the
 * preload is the only bridge. The hardened webPreferences are written out here, in the
 * literal handed to `new BrowserWindow`, and nowhere else: a reviewer (and Electronegativity,
 * which reads the constructor's own argument) sees them where the window is made, and no
 * caller can loosen them, since a placement carries no webPreferences. An unattended (kiosk)
 * wall has no DevTools at all: whoever stands at it must not get a console into the app.
 */
export function createWallWindow(placement: WallPlacement, preloadPath: string, kiosk = false): BrowserWindow {
  return new BrowserWindow({
    width: 1600,
    height: 900,
    ...placement,
    backgroundColor: '#0b0e12',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A middle click would open a link in a new window; windows are denied anyway, this stops it earlier.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      // A wall runs for hours in the background of other windows: keep its video going.
      backgroundThrottling: false,
      devTools: !kiosk,
    },
  });
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
