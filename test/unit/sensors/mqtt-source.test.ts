import { once } from 'node:events';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/common/logger';
import { MqttSource } from '../../../electron/core/sensors/mqtt-source';

/**
 * A real broker (aedes, in process) that takes its time to accept a subscription, as a busy
 * or distant broker does: the window in which a first session has no subscription yet.
 */
let broker: Aedes;
let server: Server;
let url: string;
let publisher: MqttClient;

beforeAll(async () => {
  broker = await Aedes.createBroker({
    authorizeSubscribe: (_client, subscription, callback) => {
      setTimeout(() => callback(null, subscription), 300);
    },
  });
  server = createServer(broker.handle);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `mqtt://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  publisher = await mqtt.connectAsync(url, { clientId: 'mqtt-source-test-publisher' });
});
afterAll(async () => {
  await publisher.endAsync();
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  server.close();
});

describe('a sensor broker connection', () => {
  it('says it is listening only once the broker holds its subscription: a message published at that moment arrives', async () => {
    const received: string[] = [];
    let published = false;
    const source = new MqttSource({
      url,
      verifyTls: true,
      clientId: 'tsr-first-session',
      topics: ['site/doors/#'],
      log: silentLogger,
      onMessage: (_topic, payload) => {
        received.push(Buffer.from(payload).toString());
      },
      onState: (connected) => {
        // A sensor publishing the instant the Sensors panel says "connected". On a first
        // session the broker drops it unless the subscription is already in place.
        if (connected && !published) {
          published = true;
          void publisher.publishAsync('site/doors/north', 'at-once', { qos: 1 });
        }
      },
    });
    try {
      await expect.poll(() => received, { timeout: 5_000 }).toEqual(['at-once']);
    } finally {
      await source.dispose();
    }
  });
});
