import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import { SiteConfig } from '../../../electron/site/site-config';
import { SiteLink } from '../../../electron/site/site-link';
import type { AckMessage, SiteAck } from '../../../electron/site/site-protocol';
import type { SitePushed } from '../../../shared/model/site';
import { gridLayout } from '../../../shared/model/layout';
import type { MonitorView } from '../../../shared/model/wall';
import { startBroker, type Broker } from '../../fixtures/mosquitto';

/**
 * The broker ACL the README gives (read from the README itself, so the two cannot drift),
 * on a real mosquitto with a user per PC: the site works under it, and a PC cannot push or
 * acknowledge in another PC's name nor write its state.
 */

const VIEW: MonitorView = { layout: gridLayout(1, 1), tiles: [{ serverId: 'sim', cameraId: '3', source: { mode: 'live' }, name: 'Gate' }], maximized: null, playback: null, carousels: {}, cycle: null };
const ACK: AckMessage = { alert: { key: 'b'.repeat(32), serverId: 'sim', cameraId: '3', type: 'ivms:209', time: 1_700_000_000_000 }, by: 'Asha', at: 1_700_000_001_000 };
const USERS = { 'desk-a': 'desk-secret', 'wall-1': 'wall-secret' } as const;

async function readmeAcl(): Promise<string> {
  const readme = await readFile(join(__dirname, '../../../README.md'), 'utf8');
  const block = /```\n(# every PC of site hq[^`]*)```/.exec(readme)?.[1];
  if (!block) throw new Error('the README has no ACL block for site hq');
  return block;
}

describe('site broker ACL (README)', () => {
  let broker: Broker | undefined;
  const links: SiteLink[] = [];
  afterEach(async () => {
    for (const link of links.splice(0)) await link.dispose();
    await broker?.dispose();
    broker = undefined;
  });

  function joinAs(pc: keyof typeof USERS) {
    if (!broker) throw new Error('no broker');
    const got = { shown: [] as Array<Record<string, MonitorView>>, notices: [] as SitePushed[], acks: [] as SiteAck[] };
    const link = new SiteLink({
      config: SiteConfig.parse({ id: 'hq', broker: { url: broker.url, username: pc }, pc }),
      password: USERS[pc],
      clock: systemClock,
      log: silentLogger,
      monitors: () => [{ index: 0, layout: '1×1', cameras: [], mode: 'empty', window: true }],
      show: (views) => got.shown.push(views),
      acknowledge: (ack) => {
        got.acks.push(ack);
        return true;
      },
      changed: () => undefined,
      pushed: (notice) => got.notices.push(notice),
    });
    links.push(link);
    return { link, ...got };
  }

  it('lets each PC say its state, push and acknowledge in its own name, and nothing in another PC’s name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-acl-'));
    const aclFile = join(dir, 'acl');
    await writeFile(aclFile, await readmeAcl());
    broker = await startBroker({ users: USERS, extraConfig: [`acl_file ${aclFile}`] });
    const desk = joinAs('desk-a');
    const wall = joinAs('wall-1');
    await vi.waitFor(() => expect(desk.link.state().pcs.find((pc) => pc.id === 'wall-1')?.online).toBe(true), { timeout: 5000 });
    await vi.waitFor(() => expect(wall.link.state().pcs.find((pc) => pc.id === 'desk-a')?.monitors).toHaveLength(1), { timeout: 5000 });

    await desk.link.push('wall-1', { '0': VIEW }, 'camera Gate');
    await vi.waitFor(() => expect(wall.notices.map((notice) => notice.from)).toEqual(['desk-a']), { timeout: 5000 });
    desk.link.acknowledged([ACK]);
    await vi.waitFor(() => expect(wall.acks.map((ack) => ack.pc)).toEqual(['desk-a']), { timeout: 5000 });

    // desk-a's own user, writing in wall-1's name: a push "from wall-1" to itself, an
    // acknowledgement as wall-1, wall-1 going "offline". The broker drops each (MQTT 5: PUBACK 0x87).
    const rogue = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'rogue', username: 'desk-a', password: USERS['desk-a'] });
    const outcome = (sent: Promise<unknown>): Promise<unknown> => sent.then(
      () => 'accepted',
      (error: unknown) => (error as { code?: unknown }).code,
    );
    const refused = [
      await outcome(rogue.publishAsync('tessera/hq/pc/wall-1/cmd/wall-1', JSON.stringify({ id: 'x', at: 0, label: 'forged', monitors: { '0': VIEW } }), { qos: 1 })),
      await outcome(rogue.publishAsync(`tessera/hq/pc/wall-1/ack/${'c'.repeat(32)}`, JSON.stringify({ ...ACK, alert: { ...ACK.alert, key: 'c'.repeat(32) } }), { qos: 1 })),
      await outcome(rogue.publishAsync('tessera/hq/pc/wall-1/presence', JSON.stringify({ online: false, at: 0, acceptPushFrom: null }), { qos: 1, retain: true })),
    ];
    expect(refused, 'not authorised (0x87)').toEqual([0x87, 0x87, 0x87]);
    // After them, in order on the same connection, one it may send: when that has arrived, the refused ones would have too.
    await rogue.publishAsync('tessera/hq/pc/wall-1/cmd/desk-a', JSON.stringify({ id: 'y', at: 0, label: 'allowed', monitors: { '0': VIEW } }), { qos: 1 });
    await vi.waitFor(() => expect(wall.notices.map((notice) => notice.label)).toEqual(['camera Gate', 'allowed']), { timeout: 5000 });
    expect(wall.acks).toHaveLength(1);
    expect(desk.link.state().pcs.find((pc) => pc.id === 'wall-1')?.online).toBe(true);
    await rogue.endAsync();

    // Without a password the broker refuses the PC, and it says so.
    const stranger = new SiteLink({ config: SiteConfig.parse({ id: 'hq', broker: { url: broker.url, username: 'wall-1' }, pc: 'wall-1' }), password: 'wrong', clock: systemClock, log: silentLogger, monitors: () => [], show: () => undefined, acknowledge: () => true, changed: () => undefined, pushed: () => undefined });
    links.push(stranger);
    await vi.waitFor(() => expect(stranger.state().reason).toMatch(/refused this PC's sign-in/), { timeout: 5000 });
  });
});
