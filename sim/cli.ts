import { parseArgs } from 'node:util';
import { startIvmsSim } from './ivms-sim';

/**
 * `npm run sim`: the IVMS Pro simulator on its own, for any client to use.
 * Prints one line `IVMS simulator: <url>` on stdout when ready.
 */
const USAGE = `Usage: npm run sim -- [options]
  --port <n>                 port to listen on (default 9000; 0 picks a free one)
  --host <addr>              address to bind (default 127.0.0.1)
  --cameras <n>              number of cameras (default 9)
  --path-prefix <p>          context prefix before /REST/local, e.g. /V-Pro-IVMS-APIServer
  --session-expiry-ms <n>    drop a session that gets no keepalive for this long (default 60000)
  --linger-ms <n>            keep an unused encoder running this long (default 10000)
  --verbose                  log sessions to stderr`;

function intOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    process.stderr.write(`--${name} must be a non-negative integer, got "${value}"\n${USAGE}\n`);
    process.exit(2);
  }
  return parsed;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        cameras: { type: 'string' },
        'path-prefix': { type: 'string' },
        'session-expiry-ms': { type: 'string' },
        'linger-ms': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const sim = await startIvmsSim({
    host: values.host,
    port: intOption(values.port, 'port', 9000),
    cameraCount: intOption(values.cameras, 'cameras', 9),
    pathPrefix: values['path-prefix'],
    sessionExpiryMs: intOption(values['session-expiry-ms'], 'session-expiry-ms', 60_000),
    encoderLingerMs: intOption(values['linger-ms'], 'linger-ms', 10_000),
    log: values.verbose ? (line) => process.stderr.write(`[sim] ${line}\n`) : undefined,
  });
  process.stdout.write(`IVMS simulator: ${sim.url}${sim.pathPrefix}\n`);
  const shutdown = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main().catch((error: unknown) => {
  process.stderr.write(`IVMS simulator failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
