import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopbackHost } from '../web/loopback';

export interface LaunchArgs {
  readonly configPath: string | undefined;
  /** Start the embedded demo VMS when no server is configured. */
  readonly demo: boolean;
  /** Open the wall in a browser (web mode only). */
  readonly open: boolean;
  /** Web transport port; 0 picks a free one. */
  readonly port: number;
  readonly host: string;
  /** Where the journal and settings live; undefined means the platform's default. */
  readonly dataDir: string | undefined;
  /** Serve to a browser even when the Electron binary is present. */
  readonly web: boolean;
  /** Electron: an unattended wall, fullscreen on every display, no menus, windows restarted if they crash. */
  readonly kiosk: boolean;
  /** Electron: one ordinary window instead of one fullscreen window per display (desks, development). */
  readonly windowed: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm start -- [options]
  --config <file.json>   servers to connect to (instead of the embedded demo VMS)
  --no-demo              do not start the demo VMS when no server is configured
  --web                  serve the wall to a browser even where Electron is installed
  --no-open              do not open a browser (web mode)
  --port <n>             port of the loopback web transport (default: a free one)
  --host <addr>          loopback address to bind: 127.0.0.1 (default), ::1 or localhost
  --data-dir <dir>       where the event journal and settings live (default: the platform's app data)
  --kiosk                Electron: unattended wall, fullscreen on every display, no menus
  --windowed             Electron: one ordinary window instead of one per display
  --help                 show this help`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the launcher's command line; throws UsageError with a message naming the bad option. */
export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowNegative: true,
      options: {
        config: { type: 'string' },
        demo: { type: 'boolean', default: true },
        open: { type: 'boolean', default: true },
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        'data-dir': { type: 'string' },
        web: { type: 'boolean', default: false },
        kiosk: { type: 'boolean', default: false },
        windowed: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.kiosk && values.windowed) throw new UsageError('--kiosk and --windowed cannot be used together');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0-65535), got "${values.port}"`);
  if (!isLoopbackHost(values.host)) {
    throw new UsageError(
      `--host must be a loopback address (127.0.0.1, ::1 or localhost), got "${values.host}": the browser mode speaks plain HTTP, so on a network its launch key would travel in clear, and browsers elsewhere are refused anyway. For a wall on another PC, run Tessera on that PC.`,
    );
  }
  return {
    configPath: values.config,
    demo: values.demo,
    open: values.open,
    port,
    host: values.host,
    dataDir: values['data-dir'],
    web: values.web,
    kiosk: values.kiosk,
    windowed: values.windowed,
    help: values.help,
  };
}

/**
 * Tessera's own arguments out of a host's argv: everything after the entry script.
 * Electron's argv may carry Chromium switches before it (`--inspect=0`,
 * `--remote-debugging-port=0` from automation); a packaged app has no script at all,
 * and then such switches are dropped.
 */
export function argsAfterScript(argv: readonly string[], script: string, packaged: boolean): string[] {
  const at = argv.findIndex((arg, index) => index > 0 && resolve(arg) === resolve(script));
  if (at >= 0) return argv.slice(at + 1);
  return argv.slice(packaged ? 1 : 2).filter((arg) => !/^--(inspect|remote-debugging)/.test(arg));
}
