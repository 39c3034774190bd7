import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Options of every wall window: context isolation, the sandbox and no Node in the
 * renderer; the preload is the only bridge.
 */
export function wallWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
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
    },
  };
}
