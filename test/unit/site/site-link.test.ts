import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import { SiteConfig } from '../../../electron/site/site-config';
import { SiteLink } from '../../../electron/site/site-link';
import type { AckMessage, SiteAck } from '../../../electron/site/site-protocol';
import type { SiteMonitor, SitePushed } from '../../../shared/model/site';
import { gridLayout } from '../../../shared/model/layout';
import type { MonitorView } from '../../../shared/model/wall';
import { startBroker, type Broker } from '../../fixtures/mosquitto';

/** The site link between PCs, against a real mosquitto: presence and last will, pushes, acknowledgements, an outage. */

const VIEW: MonitorView = { layout: gridLayout(1, 1), tiles: [{ serverId: 'sim', cameraId: '3', source: { mode: 'live' }, name: 'Gate' }], maximized: null, playback: null, carousels: {}, cycle: null };
const KEY = 'a'.repeat(32);
const ACK: AckMessage = { alert: { key: KEY, serverId: 'sim', cameraId: '3', type: 'ivms:209', time: 1_700_000_000_000 }, by: 'Asha', at: 1_700_000_001_000, comment: 'checked' };

interface Pc {
  readonly link: SiteLink;
  readonly client: () => MqttClient;
  readonly shown: Array<Record<string, MonitorView>>;
  readonly notices: SitePushed[];
  readonly acks: SiteAck[];
  /** Alert keys this PC's journal holds. */
  readonly known: Set<string>;
  monitors: SiteMonitor[];
}

describe('site link', () => {
  let broker: Broker | undefined;
  const links: SiteLink[] = [];
  afterEach(async () => {
    for (const link of links.splice(0)) await link.dispose();
    await broker?.dispose();
    broker = undefined;
  });

  function join(pc: string, extra: Record<string, unknown> = {}, instance?: string): Pc {
    if (!broker) throw new Error('no broker');
    let client: MqttClient | undefined;
    const state: Pc = {
      shown: [],
      notices: [],
      acks: [],
      known: new Set(),
      monitors: [{ index: 0, layout: '2×2', cameras: [{ serverId: 'sim', cameraId: '1', name: 'Lobby' }], mode: 'live' }],
      client: () => {
        if (!client) throw new Error('not connected');
        return client;
      },
      link: undefined as unknown as SiteLink,
    };
    const link = new SiteLink({
      config: SiteConfig.parse({ id: 'hq', broker: { url: broker.url }, pc, ...extra }),
      ...(instance === undefined ? {} : { instance }),
      password: undefined,
      clock: systemClock,
      log: silentLogger,
      monitors: () => state.monitors,
      show: (views) => state.shown.push(views),
      acknowledge: (ack) => {
        state.acks.push(ack);
        return state.known.has(ack.alert.key);
      },
      changed: () => undefined,
      pushed: (notice) => state.notices.push(notice),
      connect: (url: string, options: IClientOptions) => (client = mqtt.connect(url, options)),
    });
    links.push(link);
    return Object.assign(state, { link });
  }

  const peer = (pc: Pc, id: string) => pc.link.state().pcs.find((entry) => entry.id === id);

  it('shows every PC online with what its monitors show, and offline by its last will when it drops', async () => {
    broker = await startBroker();
    const wall = join('wall-1', { monitors: 2 });
    const desk = join('desk-a');
    await vi.waitFor(() => expect(peer(desk, 'wall-1')).toMatchObject({ online: true, monitors: [{ index: 0, cameras: [{ name: 'Lobby' }], mode: 'live' }] }), { timeout: 5000 });
    expect(peer(wall, 'desk-a')?.online).toBe(true);

    wall.monitors = [{ index: 0, layout: '1×1', cameras: [{ serverId: 'sim', cameraId: '3', name: 'Gate' }], mode: 'recorded' }];
    wall.link.monitorsChanged();
    await vi.waitFor(() => expect(peer(desk, 'wall-1')?.monitors[0]).toMatchObject({ layout: '1×1', mode: 'recorded' }), { timeout: 5000 });

    // The wall PC's network goes: no DISCONNECT reaches the broker, which publishes its will.
    wall.client().stream.destroy();
    wall.client().end(true);
    await vi.waitFor(() => expect(peer(desk, 'wall-1')?.online).toBe(false), { timeout: 10_000 });
  });

  it('pushes views to a monitor of another PC, which learns who sent them; a PC that accepts only named PCs refuses others', async () => {
    broker = await startBroker();
    const wall = join('wall-1');
    const desk = join('desk-a');
    const picky = join('wall-2', { acceptPushFrom: ['supervisor'] });
    await vi.waitFor(() => expect(peer(desk, 'wall-2')?.online && peer(desk, 'wall-1')?.online).toBe(true), { timeout: 5000 });

    await desk.link.push('wall-1', { '1': VIEW }, 'Camera Gate');
    await vi.waitFor(() => expect(wall.shown).toEqual([{ '1': VIEW }]), { timeout: 5000 });
    expect(wall.notices).toEqual([expect.objectContaining({ from: 'desk-a', label: 'Camera Gate', monitors: [1] })]);

    await expect(desk.link.push('wall-2', { '0': VIEW }, 'Camera Gate')).rejects.toThrow(/wall-2 takes pushes only from supervisor/);
    await expect(desk.link.push('nobody', { '0': VIEW }, 'Camera Gate')).rejects.toThrow(/No PC "nobody"/);
    // Published anyway (a stale presence, a hostile client): the target refuses it itself.
    const stranger = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    await stranger.publishAsync('tessera/hq/pc/wall-2/cmd/desk-a', JSON.stringify({ id: 'x', at: 0, label: 'sneaky', monitors: { '0': VIEW } }), { qos: 1 });
    // A push with a field that is not part of a view (a media address) is dropped.
    await stranger.publishAsync('tessera/hq/pc/wall-1/cmd/desk-a', JSON.stringify({ id: 'y', at: 0, label: 'url', monitors: { '0': { ...VIEW, url: 'http://x/?token=1' } } }), { qos: 1 });
    await desk.link.push('wall-1', { '0': VIEW }, 'Camera Gate again');
    await vi.waitFor(() => expect(wall.notices.map((notice) => notice.label)).toEqual(['Camera Gate', 'Camera Gate again']), { timeout: 5000 });
    await stranger.endAsync();
    expect(picky.shown).toEqual([]);
  });

  it('two PCs given the same name both say so plainly and stay connected; when one goes, the other is alone again and online for the site', async () => {
    broker = await startBroker();
    const desk = join('desk-a');
    const first = join('wall-1', {}, 'install-a');
    await vi.waitFor(() => expect(peer(desk, 'wall-1')?.online).toBe(true), { timeout: 5000 });
    expect(first.link.state().conflict).toBeUndefined();

    const second = join('wall-1', {}, 'install-b');
    for (const twin of [first, second]) await vi.waitFor(() => expect(twin.link.state().conflict).toMatch(/^Another PC also calls itself "wall-1" in site hq .*Give each PC its own "pc" name/), { timeout: 5000 });
    // Each keeps its own session (its own client id): neither throws the other off the broker.
    expect([first.client().connected, second.client().connected]).toEqual([true, true]);
    expect(desk.link.state().conflict).toBeUndefined();

    // The second one's network goes: its last will says "offline" over the first's presence.
    second.client().stream.destroy();
    second.client().end(true);
    await vi.waitFor(() => expect(first.link.state().conflict).toBeUndefined(), { timeout: 10_000 });
    // ...and the first says again that it is online, so the site does not take it for gone.
    await vi.waitFor(() => expect(peer(desk, 'wall-1')?.online).toBe(true), { timeout: 5000 });
    const late = join('desk-b');
    await vi.waitFor(() => expect(peer(late, 'wall-1')?.online, 'the retained presence is the first PC\'s again').toBe(true), { timeout: 5000 });
  });

  it('carries an acknowledgement to every PC, to a PC that was away when it returns, and to an alert that arrives after it', async () => {
    broker = await startBroker();
    const desk = join('desk-a');
    const wall = join('wall-1');
    wall.known.add(KEY);
    await vi.waitFor(() => expect(peer(desk, 'wall-1')?.online).toBe(true), { timeout: 5000 });
    desk.link.acknowledged([ACK]);
    await vi.waitFor(() => expect(wall.acks).toEqual([{ ...ACK, pc: 'desk-a' }]), { timeout: 5000 });
    expect(desk.acks).toEqual([]);

    // A PC that was not running: the retained acknowledgement reaches it when it joins, before the alert does.
    const late = join('wall-3');
    await vi.waitFor(() => expect(late.acks).toHaveLength(1), { timeout: 5000 });
    late.known.add(KEY);
    late.link.recorded([ACK.alert]);
    expect(late.acks).toHaveLength(2);
  });

  it('keeps working with the broker down, says so, and re-syncs when it is back', async () => {
    broker = await startBroker();
    const desk = join('desk-a');
    const wall = join('wall-1');
    wall.known.add(KEY);
    await vi.waitFor(() => expect(peer(desk, 'wall-1')?.online).toBe(true), { timeout: 5000 });
    await broker.stop();
    await vi.waitFor(() => expect(desk.link.state().broker).toBe('offline'), { timeout: 5000 });
    await expect(desk.link.push('wall-1', { '0': VIEW }, 'Camera Gate')).rejects.toThrow(/broker is not reachable/);
    // Acknowledged during the outage: sent when the broker is back.
    desk.link.acknowledged([ACK]);
    await broker.start();
    await vi.waitFor(() => expect(desk.link.state().broker).toBe('online'), { timeout: 10_000 });
    await vi.waitFor(() => expect(wall.acks.map((ack) => ack.pc)).toContain('desk-a'), { timeout: 10_000 });
    await vi.waitFor(() => expect(peer(desk, 'wall-1')?.online).toBe(true), { timeout: 10_000 });
  });
});
