import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import { KeyFileVault } from '../../../electron/core/credentials/key-file-vault';
import { EventService } from '../../../electron/core/events/event-service';
import { EventJournal } from '../../../electron/core/events/journal';
import { SiteService } from '../../../electron/core/site-service';
import { ProblemLog } from '../../../electron/core/stores/problem-log';
import { confFile } from '../../../electron/core/stores/store-file';
import { WallsStore } from '../../../electron/core/walls/walls-store';
import { SiteConfig } from '../../../electron/site/site-config';
import { gridLayout } from '../../../shared/model/layout';
import type { SitePushed, SiteState } from '../../../shared/model/site';
import { Settings } from '../../../shared/model/settings';
import type { MonitorView } from '../../../shared/model/wall';
import { FakeAdapter } from '../support/fake-adapter';
import { settle } from '../support/manual-clock';
import { startBroker, type Broker } from '../../fixtures/mosquitto';
import { QUIET_EVENT_SINKS } from '../support/quiet-event-sinks';

/** The core's side of the site: two PCs, each with its walls store and journal, on a real mosquitto. */

const GATE: MonitorView = { layout: gridLayout(1, 1), tiles: [{ serverId: 'sim', cameraId: '3', source: { mode: 'live' }, name: 'Gate' }], maximized: null, playback: null, carousels: {}, cycle: null };

describe('site service', () => {
  let broker: Broker | undefined;
  const disposers: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const dispose of disposers.splice(0).reverse()) await dispose();
    await broker?.dispose();
    broker = undefined;
  });

  async function pc(name: string, extra: Record<string, unknown> = {}, keyFrom?: KeyFileVault) {
    if (!broker) throw new Error('no broker');
    const dir = await mkdtemp(join(tmpdir(), `tessera-site-${name}-`));
    const problems = new ProblemLog(silentLogger);
    const walls = new WallsStore({ file: confFile(dir, 'walls'), problems, log: silentLogger, clock: systemClock, changed: () => undefined });
    const journal = new EventJournal({ path: join(dir, 'events.db'), retentionDays: 30, maxBytes: 1 << 30 });
    const vault = keyFrom ?? new KeyFileVault(join(dir, 'key'));
    const states: SiteState[] = [];
    const notices: SitePushed[] = [];
    const made: { events?: EventService } = {};
    const startSite = (): SiteService =>
      new SiteService({
        config: SiteConfig.parse({ id: 'hq', broker: { url: broker?.url }, pc: name, ...extra }),
        vault,
        problems,
        clock: systemClock,
        log: silentLogger,
        walls,
        events: () => made.events as EventService,
        cameraName: (_serverId, cameraId) => `Camera ${cameraId}`,
        changed: (state) => states.push(state),
        pushed: (notice) => notices.push(notice),
      });
    const running = { site: startSite() };
    const events = new EventService({
      journal,
      settings: () => Settings.parse({ operatorName: `Operator ${name}` }),
      clock: systemClock,
      ...QUIET_EVENT_SINKS,
      pc: name,
      acknowledgedHere: (records) => running.site.acknowledgedHere(records),
      recorded: (records) => running.site.recorded(records),
    });
    made.events = events;
    const adapter = new FakeAdapter();
    events.attach('sim', adapter);
    disposers.push(
      () => journal.close(),
      () => events.dispose(),
      () => walls.dispose(),
      () => running.site.dispose(),
    );
    const intrusion = (time: number): void => adapter.sinks[0]?.onEvent({ cameraId: '3', cameraName: 'Gate', time, sourceTime: '', timeUncertain: false, type: '201', label: 'Intrusion', raw: {} });
    /** The app restarts (its journal and walls stay): a new link, nothing of the old one's memory. */
    const restart = async (): Promise<void> => {
      await running.site.dispose();
      running.site = startSite();
    };
    return {
      get site() {
        return running.site;
      },
      restart,
      walls,
      journal,
      events,
      vault,
      problems,
      states,
      notices,
      intrusion,
    };
  }

  it('puts a pushed view on the named monitor of the target PC, and every PC sees what that monitor shows now', async () => {
    broker = await startBroker();
    const desk = await pc('desk-a');
    const wall = await pc('wall-b', { monitors: 2 });
    wall.site.windowOpened('window-0', 0);
    wall.site.windowOpened('window-1', 1);
    const seen = () => desk.site.state().pcs.find((entry) => entry.id === 'wall-b');
    await vi.waitFor(() => expect(seen()?.monitors.map((monitor) => [monitor.mode, monitor.window])).toEqual([['empty', true], ['empty', true]]), { timeout: 5000 });

    await expect(desk.site.push('wall-b', { '1': GATE }, 'camera Gate')).resolves.toEqual({ withoutWindow: [] });
    await vi.waitFor(() => expect(wall.walls.get().current['1']?.tiles[0]?.cameraId).toBe('3'), { timeout: 5000 });
    expect(wall.notices).toEqual([expect.objectContaining({ from: 'desk-a', label: 'camera Gate', monitors: [1] })]);
    await vi.waitFor(() => expect(seen()?.monitors[1]).toEqual({ index: 1, layout: '1×1', cameras: [{ serverId: 'sim', cameraId: '3', name: 'Gate' }], mode: 'live', window: true }), { timeout: 5000 });
    await expect(desk.site.push('wall-x', { '0': GATE }, 'camera Gate')).rejects.toMatchObject({ code: 'not-found' });
  });

  it("says which monitors have a window; a push only to monitors whose window was closed is refused in words, a wall's push skips them and says so", async () => {
    broker = await startBroker();
    const desk = await pc('desk-a');
    const wall = await pc('wall-b', { monitors: 2 });
    wall.site.windowOpened('window-0', 0);
    wall.site.windowOpened('window-1', 1);
    const seen = () => desk.site.state().pcs.find((entry) => entry.id === 'wall-b');
    await vi.waitFor(() => expect(seen()?.monitors.map((monitor) => monitor.window)).toEqual([true, true]), { timeout: 5000 });

    // Monitor 2's window closes (its connection to the core ends): the desk sees it at once.
    wall.site.clientGone('window-1');
    await vi.waitFor(() => expect(seen()?.monitors.map((monitor) => monitor.window)).toEqual([true, false]), { timeout: 5000 });
    await expect(desk.site.push('wall-b', { '1': GATE }, 'camera Gate')).rejects.toThrow(/^wall-b has no window open on monitor 2: nothing was sent/);
    const other: MonitorView = { ...GATE, tiles: [{ serverId: 'sim', cameraId: '4', source: { mode: 'live' }, name: 'Yard' }] };
    await expect(desk.site.push('wall-b', { '0': other, '1': GATE }, 'wall Night')).resolves.toEqual({ withoutWindow: [1] });
    await vi.waitFor(() => expect(wall.walls.get().current['0']?.tiles[0]?.cameraId).toBe('4'), { timeout: 5000 });
    expect(wall.walls.get().current['1'], 'nothing was put on the monitor without a window').toBeUndefined();
    expect(wall.notices).toEqual([expect.objectContaining({ from: 'desk-a', label: 'wall Night', monitors: [0] })]);

    // The window comes back (a reload: a new connection); a push to it goes through again.
    wall.site.windowOpened('window-1b', 1);
    await vi.waitFor(() => expect(seen()?.monitors[1]?.window).toBe(true), { timeout: 5000 });
    await expect(desk.site.push('wall-b', { '1': GATE }, 'camera Gate')).resolves.toEqual({ withoutWindow: [] });
    await vi.waitFor(() => expect(wall.walls.get().current['1']?.tiles[0]?.cameraId).toBe('3'), { timeout: 5000 });
    // The same check for this PC's own monitors.
    desk.site.windowOpened('desk-window', 0);
    await expect(desk.site.push('desk-a', { '1': GATE }, 'camera Gate')).rejects.toThrow(/^This PC has no window open on monitor 2/);
  });

  it('records an acknowledgement made at one PC on the other, and on a PC that joins later once its alert arrives', async () => {
    broker = await startBroker();
    const desk = await pc('desk-a');
    const wall = await pc('wall-b');
    await vi.waitFor(() => expect(desk.site.state().pcs.find((entry) => entry.id === 'wall-b')?.online).toBe(true), { timeout: 5000 });
    desk.intrusion(1_000);
    wall.intrusion(1_000);
    await settle();
    const [alert] = desk.events.query({ state: 'open' }, 10);
    desk.events.acknowledge([alert?.id ?? ''], 'Guard sent');
    await vi.waitFor(() => expect(wall.events.query({ state: 'alerts' }, 10)[0]).toMatchObject({ state: 'acknowledged', ack: { by: 'Operator desk-a', comment: 'Guard sent' } }), { timeout: 5000 });
    expect(wall.journal.audit()).toEqual([expect.objectContaining({ operator: 'Operator desk-a', action: 'acknowledge', pc: 'desk-a' })]);

    // A PC that starts later: the acknowledgement waits for the alert.
    const late = await pc('wall-c');
    await vi.waitFor(() => expect(late.site.state().broker).toBe('online'), { timeout: 5000 });
    await new Promise((wake) => setTimeout(wake, 300));
    late.intrusion(1_000);
    await vi.waitFor(() => expect(late.events.openCounts().open).toBe(0), { timeout: 5000 });
    expect(late.events.query({ state: 'alerts' }, 10)[0]?.ack?.by).toBe('Operator desk-a');
  });

  it('sends an acknowledgement made while the broker was down even when the app restarted before it came back', async () => {
    broker = await startBroker();
    const desk = await pc('desk-a');
    const wall = await pc('wall-b');
    await vi.waitFor(() => expect(desk.site.state().pcs.find((entry) => entry.id === 'wall-b')?.online).toBe(true), { timeout: 5000 });
    desk.intrusion(2_000);
    wall.intrusion(2_000);
    await settle();
    await broker.stop();
    await vi.waitFor(() => expect(desk.site.state().broker).toBe('offline'), { timeout: 5000 });
    const [alert] = desk.events.query({ state: 'open' }, 10);
    desk.events.acknowledge([alert?.id ?? ''], 'During the outage');
    await desk.restart();
    await broker.start();
    await vi.waitFor(() => expect(wall.events.openCounts().open).toBe(0), { timeout: 15_000 });
    expect(wall.events.query({ state: 'alerts' }, 10)[0]?.ack).toMatchObject({ by: 'Operator desk-a', comment: 'During the outage' });
  });

  it('opens a broker password given sealed, and says so in words when it cannot', async () => {
    broker = await startBroker({ users: { 'wall-b': 'secret' } });
    const probe = await pc('probe-a', { broker: { url: broker.url, username: 'wall-b', password: 'wrong' } });
    await vi.waitFor(() => expect(probe.site.state().reason).toMatch(/refused this PC's sign-in/), { timeout: 10_000 });
    const sealed = probe.vault.seal('secret');
    await probe.site.dispose();
    // The same key opens the value the deployment file carries.
    const sealedPc = await pc('probe-b', { broker: { url: broker.url, username: 'wall-b', password: sealed } }, probe.vault);
    await vi.waitFor(() => expect(sealedPc.site.state().broker).toBe('online'), { timeout: 10_000 });
    expect(sealedPc.problems.list()).toEqual([]);
    const unopenable = await pc('probe-c', { broker: { url: broker.url, username: 'wall-b', password: 'aes256gcm.v1:bm90IGEgc2VhbGVkIHZhbHVl' } });
    expect(unopenable.problems.list().map((problem) => problem.message).join(' ')).toMatch(/password cannot be opened/);
  });
});
