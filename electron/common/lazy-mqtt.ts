import { createRequire } from 'node:module';
import type * as Mqtt from 'mqtt';

let loaded: typeof Mqtt | undefined;

/**
 * mqtt.js, loaded on first use. Only a Tessera with sensors or a site talks MQTT, and
 * loading mqtt.js with the core took about a third of its start. mqtt.js ships a CommonJS
 * build, so it loads synchronously here and its clients stay plain constructor calls.
 */
export function mqttJs(): typeof Mqtt {
  loaded ??= createRequire(import.meta.url)('mqtt') as typeof Mqtt;
  return loaded;
}
