/**
 * Acknowledgement propagation across the PCs of a site, on loopback with a real mosquitto:
 * one PC acknowledges an alert; the time until each other PC has it (its journal records
 * it there), with 3 PCs and with 20 lightweight PCs (SiteLinks: the real site protocol, no
 * wall behind them). Goal p95 <= 300 ms. Also a push's delivery from one PC to another.
 * Push to first frame on a real Tessera: bench/site-push-bench.ts.
 *
 *   npx tsx bench/site-ack-bench.ts     (BENCH_ROUNDS acknowledgements per size, default 100)
 */
import { systemClock } from '../electron/common/clock';
import { silentLogger } from '../electron/common/logger';
import { SiteConfig } from '../electron/site/site-config';
import { SiteLink } from '../electron/site/site-link';
import type { AckMessage } from '../electron/site/site-protocol';
import { gridLayout } from '../shared/model/layout';
import type { MonitorView } from '../shared/model/wall';
import { startBroker, type Broker } from '../test/fixtures/mosquitto';
import { summary } from './lib/stats';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 100);

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

async function ackPropagation(broker: Broker, size: number): Promise<void> {
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
    console.log(`  to the last PC         ${summary(all)}`);

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
      console.log(`  push delivered         ${summary(delivery)}`);
    }
  } finally {
    await Promise.all(pcs.map((pc) => pc.link.dispose()));
  }
}

async function main(): Promise<void> {
  console.log(`site acknowledgement benchmark, ${new Date().toISOString()}`);
  const broker = await startBroker();
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
