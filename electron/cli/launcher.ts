import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppAssets, contentSecurityPolicy } from '../core/app-assets';
import { AppRoutes } from '../common/http-answer';
import { bootCore } from '../core/bootstrap';
import { ConfigError } from '../core/config';
import { defaultDataDir } from '../core/data-dir';
import { createLogger } from '../common/logger';
import { APP_VERSION } from '../core/version';
import { startWebTransport } from '../web/web-transport';
import { SIGN_IN_CALLBACK_PATH } from '../core/servers/browser-sign-in';
import { startDemoVmsLazily } from '../demo/lazy-demo';
import { parseLaunchArgs, USAGE, UsageError } from './args';
import { findElectronBinary } from './electron-binary';
import { openBrowser } from './open-browser';

/**
 * `npm start`. Runs the Electron app when its binary is installed; otherwise starts the
 * same core behind the loopback web transport, prints exactly one line
 * `Tessera wall: <url>` on stdout when ready, and opens it in a browser if there is one.
 */
const RENDERER_DIR = fileURLToPath(new URL('../renderer/', import.meta.url));
const ELECTRON_MAIN = fileURLToPath(new URL('../main/electron.js', import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  const log = createLogger('tessera');
  let args;
  try {
    args = parseLaunchArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }

  const electron = args.web ? undefined : findElectronBinary();
  if (electron) return runElectron(electron, argv);
  if (!args.web) log.info('Electron is not installed on this machine: serving the wall to a browser instead.');

  if (!existsSync(`${RENDERER_DIR}index.html`)) {
    process.stderr.write(`The renderer is not built (${RENDERER_DIR}index.html is missing): run "npm run build".\n`);
    return 1;
  }

  let booted;
  try {
    booted = await bootCore({ configPath: args.configPath, dataDir: args.dataDir ?? defaultDataDir(), demo: args.demo ? () => startDemoVmsLazily(log) : undefined, transport: 'web', version: APP_VERSION, log });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const web = await startWebTransport({
    registry: booted.core.registry,
    routes: (origin) => {
      const assets = new AppAssets(RENDERER_DIR, contentSecurityPolicy([origin.replace(/^http/, 'ws')]));
      return new AppRoutes(booted.core.routes, (pathname) => assets.get(pathname), [[SIGN_IN_CALLBACK_PATH, (url) => booted.core.signIn.callback(url)]]);
    },
    log: log.child('web'),
    host: args.host,
    port: args.port,
  });
  // The VMS's sign-in page sends the browser back to this origin (the page opens the sign-in itself).
  booted.core.signIn.useRedirect({ kind: 'route', uri: `${web.origin}${SIGN_IN_CALLBACK_PATH}` });
  process.stdout.write(`Tessera wall: ${web.url}\n`);
  if (args.open) openBrowser(web.url);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      void Promise.allSettled([web.close(), booted.dispose()]).then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function runElectron(binary: string, argv: readonly string[]): Promise<number> {
  const env = { ...process.env };
  delete env['ELECTRON_RUN_AS_NODE'];
  const child = spawn(binary, [ELECTRON_MAIN, ...argv], { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Tessera failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
