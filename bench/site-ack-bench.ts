/**
 * Acknowledgement propagation across the PCs of a site, on loopback with a real mosquitto:
 * one PC acknowledges an alert; the time until each other PC has it (its journal records
 * it there), with 3 PCs and with 20 lightweight PCs (SiteLinks: the real site protocol, no
 * wall behind them). Goal p95 <= 300 ms. Also a push's delivery from one PC to another.
 * Push to first frame on a real Tessera: bench/site-push-bench.ts.
 *
 * The baseline, same broker, same run: as many bare mqtt.js clients (MQTT 5, persistent
 * sessions), one publishing the same message (QoS 1, retained, with an expiry) and the
 * others subscribed to it: what the broker and the MQTT client cost by themselves. The
 * site's figure is a ratio to bare clients with TCP_NODELAY, as the site's link sets it;
 * bare clients with mqtt.js's defaults (Nagle on) are printed too.
 *
 *   BENCH_BROKER_CONF='set_tcp_nodelay true'   more mosquitto.conf lines, `;`-separated
 *
 *   npx tsx bench/site-ack-bench.ts     (BENCH_ROUNDS acknowledgements per size, default 100)
 */
import type { Socket } from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import { systemClock } from '../electron/common/clock';
import { silentLogger } from '../electron/common/logger';
import { SiteConfig } from '../electron/site/site-config';
import { SiteLink } from '../electron/site/site-link';
import type { AckMessage } from '../electron/site/site-protocol';
import { gridLayout } from '../shared/model/layout';
import type { MonitorView } from '../shared/model/wall';
import { startBroker, type Broker } from '../test/fixtures/mosquitto';
import { percentile, summary } from './lib/stats';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 100);

/**
 * Persistence saved as a site's mosquitto saves it (its default, every 30 min and at exit),
 * not after every change as the test fixture does so that a test's stop() keeps the last
 * publication: saving the whole database after each message stalled delivery up to ~1.2 s
 * with 20 PCs (p99), for the bare clients far less as they keep nothing retained.
 */
const SITE_BROKER = ['autosave_on_changes false', 'autosave_interval 1800'];

const sleep = (ms: number): Promise<void> => new Promise((wake) => setTimeout(wake, ms));

interface LightPc {
  readonly link: SiteLink;
  /** Called with the alert key when an acknowledgement reaches this PC. */
  onAck: (key: string) => void;
  onShow: () => void;
}

function lightPc(broker: Broker, name: string): LightPc {
  const pc: LightPc = {
    link: undefined as unknown as SiteLink,
    onAck: () => undefined,
    onShow: () => undefined,
  };
  const link = new SiteLink({
    config: SiteConfig.parse({ id: 'bench', broker: { url: broker.url }, pc: name }),
    password: undefined,
    clock: systemClock,
    log: silentLogger,
    monitors: () => [{ index: 0, layout: '1×1', cameras: [], mode: 'empty' }],
    show: () => pc.onShow(),
    acknowledge: (ack) => {
      pc.onAck(ack.alert.key);
      return true;
    },
    changed: () => undefined,
    pushed: () => undefined,
  });
  return Object.assign(pc, { link });
}

async function online(pcs: readonly LightPc[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!pcs.every((pc) => pc.link.state().pcs.filter((entry) => entry.online).length === pcs.length)) {
    if (Date.now() > deadline) throw new Error('the PCs did not all see each other online');
    await sleep(50);
  }
}

function view(cameraId: string): MonitorView {
  return { layout: gridLayout(1, 1), tiles: [{ serverId: 'sim', cameraId, source: { mode: 'live' } }], maximized: null, playback: null, carousels: {}, cycle: null };
}

interface Figures {
  readonly each: number[];
  readonly last: number[];
}

/** The baseline: `size` bare mqtt.js clients; one publishes each round, the others receive. */
async function bareFanOut(broker: Broker, size: number, noDelay: boolean): Promise<Figures> {
  const clients: MqttClient[] = [];
  try {
    for (let index = 0; index < size; index++) {
      const client = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: `bench-bare-${size}-${index}-${String(noDelay)}`, clean: false, properties: { sessionExpiryInterval: 60 } });
      if (noDelay) (client.stream as Partial<Pick<Socket, 'setNoDelay'>>).setNoDelay?.(true);
      await client.subscribeAsync('bench-bare/+/ack/+', { qos: 1 });
      clients.push(client);
    }
    const each: number[] = [];
    const last: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const from = clients[round % size];
      if (!from) continue;
      const key = `${size}-${String(noDelay)}-${round.toString(16).padStart(32, '0')}`;
      const topic = `bench-bare/pc-${round % size}/ack/${key}`;
      const started = performance.now();
      const arrived = Promise.all(
        clients
          .filter((client) => client !== from)
          .map(
            (client) =>
              new Promise<void>((resolve) => {
                const onMessage = (got: string): void => {
                  if (got !== topic) return;
                  each.push(performance.now() - started);
                  client.off('message', onMessage);
                  resolve();
                };
                client.on('message', onMessage);
              }),
          ),
      );
      const ack: AckMessage = { alert: { key: key.slice(-32), serverId: 'sim', cameraId: '1', type: 'ivms:201', time: Date.now() }, by: 'Bench', at: Date.now() };
      from.publish(topic, JSON.stringify(ack), { qos: 1, retain: true, properties: { messageExpiryInterval: 3600 } });
      await arrived;
      last.push(performance.now() - started);
    }
    // The retained messages go, so a later run starts from an empty broker.
    const [first] = clients;
    for (let round = 0; round < ROUNDS && first; round++) first.publish(`bench-bare/pc-${round % size}/ack/${size}-${String(noDelay)}-${round.toString(16).padStart(32, '0')}`, '', { qos: 1, retain: true });
    return { each, last };
  } finally {
    await Promise.all(clients.map((client) => client.endAsync()));
  }
}

const ratio = (site: readonly number[], bare: readonly number[], p: number): string => (percentile(site, p) / percentile(bare, p)).toFixed(2);

async function ackPropagation(broker: Broker, size: number): Promise<void> {
  const plain = await bareFanOut(broker, size, false);
  const bare = await bareFanOut(broker, size, true);
  const pcs = Array.from({ length: size }, (_, index) => lightPc(broker, `pc-${index}`));
  try {
    await online(pcs);
    const each: number[] = [];
    const all: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const from = pcs[round % size];
      if (!from) continue;
      const key = round.toString(16).padStart(32, '0');
      const others = pcs.filter((pc) => pc !== from);
      const started = performance.now();
      const arrived = Promise.all(
        others.map(
          (pc) =>
            new Promise<void>((resolve) => {
              pc.onAck = (got) => {
                if (got !== key) return;
                // The first arrival counts; a QoS 1 copy sent again after a reconnect does not.
                pc.onAck = () => undefined;
                each.push(performance.now() - started);
                resolve();
              };
            }),
        ),
      );
      const ack: AckMessage = { alert: { key, serverId: 'sim', cameraId: '1', type: 'ivms:201', time: Date.now() }, by: 'Bench', at: Date.now() };
      from.link.acknowledged([ack]);
      await arrived;
      all.push(performance.now() - started);
    }
    console.log(`\nacknowledgement propagation, ${size} PCs, ${ROUNDS} acknowledgements (goal p95 <= 300 ms)`);
    console.log(`  to each other PC       ${summary(each)}`);
    console.log(`    bare, nodelay        ${summary(bare.each)}`);
    console.log(`    site / bare          p50 x${ratio(each, bare.each, 50)}  p95 x${ratio(each, bare.each, 95)}`);
    console.log(`    bare, defaults       ${summary(plain.each)}`);
    console.log(`  to the last PC         ${summary(all)}`);
    console.log(`    bare, nodelay        ${summary(bare.last)}`);
    console.log(`    site / bare          p50 x${ratio(all, bare.last, 50)}  p95 x${ratio(all, bare.last, 95)}`);
    console.log(`    bare, defaults       ${summary(plain.last)}`);

    const delivery: number[] = [];
    const [sender, target] = pcs;
    if (sender && target) {
      for (let round = 0; round < ROUNDS; round++) {
        const started = performance.now();
        const shown = new Promise<void>((resolve) => (target.onShow = resolve));
        await sender.link.push('pc-1', { '0': view('1') }, 'bench');
        await shown;
        delivery.push(performance.now() - started);
      }
      console.log(`  push delivered         ${summary(delivery)}   (bare publish -> receive above: p50 x${ratio(delivery, bare.each, 50)})`);
    }
  } finally {
    await Promise.all(pcs.map((pc) => pc.link.dispose()));
  }
}

async function main(): Promise<void> {
  console.log(`site acknowledgement benchmark, ${new Date().toISOString()}`);
  const broker = await startBroker({ extraConfig: [...SITE_BROKER, ...(process.env['BENCH_BROKER_CONF'] ?? '').split(';').filter(Boolean)] });
  try {
    await ackPropagation(broker, 3);
    await ackPropagation(broker, 20);
  } finally {
    await broker.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
