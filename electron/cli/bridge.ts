import { parseArgs } from 'node:util';
import { bootCore } from '../core/bootstrap';
import { ConfigError } from '../core/config';
import { defaultDataDir } from '../core/data-dir';
import { createLogger } from '../common/logger';
import { APP_VERSION } from '../core/version';

const USAGE = `Usage: npm run bridge -- --config <site.json> [--data-dir <dir>]
  Runs the sensor bridge alone (no wall, no browser): the servers and sensors of the
  deployment file, the durable outbox in <dir>/events.db. Several bridges with the same
  sensors.shareGroup on one broker split the messages (MQTT shared subscriptions).`;

/**
 * `npm run bridge`: the same core as the wall (servers, sensors, journal, outbox) with no
 * transport. Prints one line `Tessera bridge: <n> sensors` when it listens.
 */
async function main(argv: readonly string[]): Promise<number> {
  const log = createLogger('bridge');
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: { config: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', default: false } } }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.config) {
    process.stderr.write(`--config is required\n${USAGE}\n`);
    return 2;
  }
  let booted;
  try {
    booted = await bootCore({ configPath: values.config, dataDir: values['data-dir'] ?? defaultDataDir(), demo: undefined, transport: 'web', version: APP_VERSION, log });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const sensors = booted.core.sensors.admin.all().length;
  const hooks = booted.core.sensors.webhookUrl();
  process.stdout.write(`Tessera bridge: ${String(sensors)} sensors${hooks ? `, webhooks on ${hooks}` : ''}\n`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      void booted.dispose().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Tessera bridge failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
