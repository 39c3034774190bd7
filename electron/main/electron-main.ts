import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session, shell } from 'electron';
import ElectronStore from 'electron-store';
import { fileURLToPath } from 'node:url';
import { argsAfterScript, type LaunchArgs, parseLaunchArgs, UsageError } from '../cli/args';
import { AppAssets, contentSecurityPolicy } from '../core/app-assets';
import { AppRoutes } from '../common/http-answer';
import { bootCore, type BootedCore } from '../core/bootstrap';
import { ConfigError } from '../core/config';
import type { CredentialVault } from '../core/credentials/credential-vault';
import { createLogger } from '../common/logger';
import type { OpenStore } from '../core/stores/store-file';
import { APP_VERSION } from '../core/version';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol';
import { startDemoVmsLazily } from '../demo/lazy-demo';
import { DialogSaver } from './dialog-saver';
import { denyPermissions, hardenContents } from './hardening';
import { ElectronIpcTransport } from './ipc-transport';
import { SafeStorageVault } from './safe-storage-vault';
import { MonitorWindows } from './monitor-windows';
import { openInSystemBrowser } from './system-browser';
import { applyAppMenu, createWallWindow } from './window';

/**
 * The Electron main process: thin on purpose. It boots the same core the web launcher
 * boots, serves the renderer and media on the `tessera://app` scheme, wires IPC, and
 * opens a wall window on every display (see MonitorWindows). Everything else lives in the
 * host-agnostic core.
 */
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
const log = createLogger('tessera');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

async function main(): Promise<void> {
  const argv = argsAfterScript(process.argv, fileURLToPath(import.meta.url), app.isPackaged);
  let booted: BootedCore;
  let launch: LaunchArgs;
  try {
    const args = parseLaunchArgs(argv);
    launch = args;
    const fileSaver = new DialogSaver({ dialog, focusedWindow: () => BrowserWindow.getFocusedWindow(), picturesDir: () => app.getPath('pictures') });
    // safeStorage reaches the OS keychain only once the app is ready, and the core opens
    // the stored passwords as it starts.
    await app.whenReady();
    const vault = (keyFileVault: CredentialVault): CredentialVault => new SafeStorageVault(safeStorage, keyFileVault, log.child('vault'));
    // Settings, walls and servers through electron-store (same files as the browser host's conf).
    const openStore: OpenStore = (cwd, name, options) => new ElectronStore({ cwd, name, ...options });
    booted = await bootCore({ configPath: args.configPath, dataDir: args.dataDir ?? app.getPath('userData'), demo: args.demo ? () => startDemoVmsLazily(log) : undefined, transport: 'electron', version: APP_VERSION, log, fileSaver, vault, openStore });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      app.exit(2);
      return;
    }
    throw error;
  }
  await app.whenReady();

  applyAppMenu(Menu, launch.kiosk);
  denyPermissions(session.defaultSession);
  const assets = new AppAssets(RENDERER_DIR, contentSecurityPolicy());
  registerAppProtocol(protocol, new AppRoutes(booted.core.routes, (pathname) => assets.get(pathname)));
  // OAuth sign-in (Eagle Eye v3): the system browser, back to a loopback listener of the core.
  booted.core.signIn.useRedirect({ kind: 'loopback', open: (url) => openInSystemBrowser(shell, url) });
  const transport = new ElectronIpcTransport(ipcMain, booted.core.registry);
  transport.install();
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents);
    transport.watch(contents);
  });

  const windows = new MonitorWindows({
    screen,
    createWindow: (placement) => createWallWindow(placement, PRELOAD, launch.kiosk),
    url: (monitor) => `${APP_ORIGIN}/?monitor=${monitor}`,
    kiosk: launch.kiosk,
    windowed: launch.windowed,
    log: log.child('windows'),
  });
  windows.start();

  let quitting = false;
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    windows.dispose();
    transport.dispose();
    void booted.dispose().finally(() => app.quit());
  });
}

main().catch((error: unknown) => {
  log.error('Tessera failed to start', { error });
  app.exit(1);
});
