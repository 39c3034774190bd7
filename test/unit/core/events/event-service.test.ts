import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlarmEvent, AlertChange, AlertCounts } from '../../../../shared/ipc/schemas';
import type { EventRecord } from '../../../../shared/model/event';
import { Settings } from '../../../../shared/model/settings';
import { EventService } from '../../../../electron/core/events/event-service';
import { EventJournal } from '../../../../electron/core/events/journal';
import { silentLogger } from '../../../../electron/common/logger';
import type { VmsBinary, VmsEvent } from '../../../../electron/vms/adapter';
import { FakeAdapter } from '../../support/fake-adapter';
import { ManualClock, settle } from '../../support/manual-clock';

async function setup(settings = Settings.parse({ operatorName: 'Asha' }), pictureOf?: (serverId: string, cameraId: string) => Promise<VmsBinary | undefined>) {
  const clock = new ManualClock();
  const journal = new EventJournal({ path: join(await mkdtemp(join(tmpdir(), 'tessera-events-')), 'events.db'), retentionDays: 30, maxBytes: 1 << 30 });
  const published: EventRecord[][] = [];
  const alarms: AlarmEvent[] = [];
  const counts: AlertCounts[] = [];
  const silenced: string[][] = [];
  const changes: AlertChange[][] = [];
  const sensorEvents = new Set<string>();
  const journaledWhenPublished: number[] = [];
  let current = settings;
  const service = new EventService({
    journal,
    settings: () => current,
    clock,
    log: silentLogger,
    publish: (batch) => {
      journaledWhenPublished.push(journal.count());
      published.push(batch);
    },
    publishChanges: (batch) => changes.push(batch),
    sensorEventKnown: (sensorId, eventId) => sensorEvents.has(`${sensorId}/${eventId}`),
    publishCounts: (value) => counts.push(value),
    alarm: (alarm) => alarms.push(alarm),
    silenced: (ids) => silenced.push(ids),
    onStreamState: () => undefined,
    onCameraStatus: () => undefined,
    ...(pictureOf ? { pictureOf } : {}),
  });
  const adapter = new FakeAdapter();
  service.attach('hq', adapter);
  const sink = adapter.sinks[0];
  if (!sink) throw new Error('no subscription');
  const send = (type: string, label: string, cameraId = '1'): void =>
    sink.onEvent({ cameraId, cameraName: 'Gate', time: clock.now(), sourceTime: '', timeUncertain: false, type, label, raw: { type } } satisfies VmsEvent);
  return { service, journal, clock, published, alarms, silenced, changes, sensorEvents, counts, sink, journaledWhenPublished, send, setSettings: (next: Settings) => (current = next) };
}

describe('EventService', () => {
  it('writes events to the journal before any window sees them; the first go out at once, a burst in batches', async () => {
    const { clock, published, journaledWhenPublished, journal, send, counts } = await setup();
    for (let i = 0; i < 25; i++) send('209', 'Activity Detection');
    await settle();
    expect(journal.count()).toBe(25);
    expect(published.map((batch) => batch.length), 'after a quiet spell, no waiting').toEqual([25]);
    expect(counts.at(-1)?.open, 'the count moves with its rows').toBe(25);
    for (let i = 0; i < 10; i++) send('209', 'Activity Detection');
    await settle();
    await clock.advance(20);
    for (let i = 0; i < 10; i++) send('209', 'Activity Detection');
    await settle();
    expect(journal.count()).toBe(45);
    expect(published, 'within 50 ms of the last batch, events wait').toHaveLength(1);
    await clock.advance(30);
    expect(published.map((batch) => batch.length)).toEqual([25, 20]);
    expect(journaledWhenPublished).toEqual([25, 45]);
    expect(counts.at(-1)?.open).toBe(45);
  });

  it("gives an alert whose VMS event came without a picture its camera's picture; not an event that brought one, nor a sensor's alert", async () => {
    const asked: string[] = [];
    const picture = { contentType: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 7]) };
    const { send, sink, service, journal, clock, published, changes } = await setup(Settings.parse({ operatorName: 'Asha' }), (serverId, cameraId) => {
      asked.push(`${serverId}/${cameraId}`);
      return Promise.resolve(picture);
    });
    send('209', 'Activity Detection', '4');
    sink.onEvent({ cameraId: '5', cameraName: 'Dock', time: clock.now(), sourceTime: '', timeUncertain: false, type: '209', label: 'Activity Detection', raw: {}, image: { contentType: 'image/jpeg', bytes: new Uint8Array([1]) } });
    service.receiveSensorEvent('hq', { cameraId: '6', cameraName: 'Door', time: clock.now(), sourceTime: '', timeUncertain: false, type: 'door.forced', label: 'Door forced', raw: {}, dedupeKey: 'sensor/door/x/6' });
    await settle();
    expect(asked).toEqual(['hq/4']);
    const alert = published.flat().find((record) => record.cameraId === '4');
    expect(changes.flat()).toEqual([{ id: alert?.id, state: 'open', image: expect.stringContaining(encodeURIComponent(alert?.id ?? '?')) as string }]);
    expect(journal.image(alert?.id ?? '')?.bytes).toEqual(picture.bytes);
  });

  it("adds a sensor alert's late picture: to the row still waiting to go out, else as a change of the row shown", async () => {
    const { service, journal, clock, published, changes } = await setup();
    const picture = { contentType: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 1, 2]) };
    const door = (id: string): VmsEvent => ({ cameraId: '1', cameraName: 'Gate', time: clock.now(), sourceTime: '', timeUncertain: false, type: 'door.forced', label: 'Door forced', raw: {}, dedupeKey: `sensor/door/${id}/1` });
    // Shown at once, without a picture; the picture comes later as a change of that row.
    const shown = service.receiveSensorEvent('hq', door('a'));
    await settle();
    expect(published.flat().find((record) => record.id === shown)?.image).toBeUndefined();
    service.attachImage(shown, picture);
    expect(changes.flat()).toEqual([{ id: shown, state: 'open', image: expect.stringContaining(encodeURIComponent(shown)) as string }]);
    expect(journal.image(shown)?.bytes).toEqual(picture.bytes);
    // A second alert within the batch window waits to go out: its row leaves with the picture.
    const waiting = service.receiveSensorEvent('hq', door('b'));
    service.attachImage(waiting, picture);
    await clock.advance(60);
    expect(published.flat().find((record) => record.id === waiting)?.image).toEqual(expect.stringContaining(encodeURIComponent(waiting)));
    expect(changes).toHaveLength(1);
    // A picture is never replaced, and a duplicate that was never written gets none.
    service.attachImage(shown, { contentType: 'image/jpeg', bytes: new Uint8Array([9]) });
    expect(journal.image(shown)?.bytes).toEqual(picture.bytes);
    const duplicate = service.receiveSensorEvent('hq', door('a'));
    service.attachImage(duplicate, picture);
    expect(journal.get(duplicate)).toBeUndefined();
    expect(changes).toHaveLength(1);
  });

  it("journals a VMS's copy of a sensor event this bridge raised as an event, not a second alert; a copy it never raised stays an alert", async () => {
    const { sink, sensorEvents, journal, alarms, clock } = await setup(Settings.parse({ operatorName: 'Asha', alertRules: [{ id: 'r', match: {}, severity: 'high', alert: true, alarmTile: null, alarmMonitor: 0, alarmStack: true, takeTileInUse: false, sound: true, flash: true }] }));
    sensorEvents.add('north-door/door-1');
    const copy = (eventId: string, dedupeKey: string): VmsEvent => ({ cameraId: '1', cameraName: 'Gate', time: clock.now(), sourceTime: '', timeUncertain: false, type: 'door_forced', label: 'Door forced', dedupeKey, echoOf: { sensorId: 'north-door', eventId }, raw: {} });
    sink.onEvent(copy('door-1', 'v-1'));
    sink.onEvent(copy('door-2', 'v-2'));
    await settle();
    const [other, echo] = journal.query({ state: 'all' }, 10);
    expect(echo).toMatchObject({ label: 'Door forced', state: 'none' });
    expect(other).toMatchObject({ state: 'open' });
    expect(alarms.map((alarm) => alarm.eventId)).toEqual([other?.id]);
  });

  it('applies the rules: severity, alarms, and events that are not alerts', async () => {
    const { clock, published, alarms, counts, send } = await setup();
    send('201', 'Intrusion Detection');
    send('602', 'Camera Online');
    send('209', 'Activity Detection');
    await settle();
    await clock.advance(50);
    expect(published[0]?.map((record) => [record.type, record.severity, record.state])).toEqual([
      ['ivms:201', 'critical', 'open'],
      ['ivms:602', 'info', 'none'],
      ['ivms:209', 'normal', 'open'],
    ]);
    expect(alarms).toEqual([expect.objectContaining({ serverId: 'hq', cameraId: '1', severity: 'critical', tile: null, stack: true, takeTileInUse: false, monitor: 0, sound: true, flash: true, label: 'Intrusion Detection' })]);
    expect(counts.at(-1)).toMatchObject({ open: 2, bySeverity: { critical: 1, normal: 1 } });
  });

  it('names the monitor whose tile an alarm pops onto, as its rule says (old rules without one: the first)', async () => {
    const rules = Settings.parse({ operatorName: 'Asha' }).alertRules.map((rule) => (rule.id === 'intrusion' ? { ...rule, alarmMonitor: 2, alarmTile: 5 } : rule));
    const { alarms, send } = await setup(Settings.parse({ operatorName: 'Asha', alertRules: rules }));
    send('201', 'Intrusion Detection');
    await settle();
    expect(alarms.map((alarm) => [alarm.monitor, alarm.tile])).toEqual([[2, 5]]);
    const saved = Settings.parse({ alertRules: [{ id: 'old', match: { type: '201' }, alarmTile: 0 }] });
    expect(saved.alertRules[0]?.alarmMonitor, 'a settings file from before monitors').toBe(0);
  });

  it('acknowledges only for a named operator, with a comment where the severity needs one, durably and idempotently', async () => {
    const { service, journal, send, setSettings } = await setup(Settings.parse({}));
    send('201', 'Intrusion Detection');
    send('209', 'Activity Detection');
    await settle();
    const [activity, intrusion] = journal.query({ state: 'open' }, 10);
    expect(() => service.acknowledge([activity?.id ?? ''], undefined)).toThrow(/Set the operator name/);
    setSettings(Settings.parse({ operatorName: 'Asha' }));
    expect(() => service.acknowledge([intrusion?.id ?? ''], undefined)).toThrow(/A comment is required to acknowledge critical alerts/);
    expect(service.acknowledge([activity?.id ?? '', intrusion?.id ?? ''], 'Checked on camera')).toEqual({ acknowledged: [activity?.id, intrusion?.id], unchanged: [] });
    expect(service.acknowledge([activity?.id ?? ''], undefined)).toEqual({ acknowledged: [], unchanged: [activity?.id] });
    expect(service.openCounts().open).toBe(0);
    expect(journal.audit().map((entry) => entry.operator)).toEqual(['Asha', 'Asha']);
  });

  it('keeps open alarms for windows that start later, until they are acknowledged', async () => {
    const { service, send } = await setup();
    send('201', 'Intrusion Detection', '3');
    send('209', 'Activity Detection');
    send('210', 'Tampering');
    await settle();
    const alarms = service.openAlarms();
    expect(alarms.map((alarm) => [alarm.label, alarm.cameraId, alarm.tile, alarm.stack, alarm.sound, alarm.flash])).toEqual([
      ['Tampering', '1', null, false, false, true],
      ['Intrusion Detection', '3', null, true, true, true],
    ]);
    service.acknowledge([alarms[1]?.eventId ?? ''], 'Guard sent');
    expect(service.openAlarms().map((alarm) => alarm.label)).toEqual(['Tampering']);
  });

  it('silences the open alarms in every window without acknowledging them; a new alarm sounds again', async () => {
    const { service, send, silenced } = await setup();
    send('201', 'Intrusion Detection', '3');
    send('201', 'Intrusion Detection', '4');
    await settle();
    const first = service.openAlarms().map((alarm) => alarm.eventId);
    expect(service.silence().sort()).toEqual([...first].sort());
    expect(silenced).toEqual([expect.arrayContaining(first)]);
    expect(service.openAlarms().map((alarm) => [alarm.sound, alarm.flash, alarm.stack]), 'still open, still flashing, still in the stack').toEqual([
      [false, true, true],
      [false, true, true],
    ]);
    expect(service.openCounts().open).toBe(2);
    expect(service.silence(), 'nothing left to silence').toEqual([]);
    expect(silenced).toHaveLength(1);

    send('201', 'Intrusion Detection', '5');
    await settle();
    expect(service.openAlarms().map((alarm) => alarm.sound)).toEqual([true, false, false]);
  });

  it("keeps a window's frame of the camera as the picture of an alert that came without one, the first window's only, and only within a minute", async () => {
    const { send, sink, service, journal, clock, published, changes } = await setup();
    const jpeg = (tag: number): Uint8Array => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, tag]);
    send('209', 'Activity Detection');
    sink.onEvent({ cameraId: '5', cameraName: 'Dock', time: clock.now(), sourceTime: '', timeUncertain: false, type: '209', label: 'Activity Detection', raw: {}, image: { contentType: 'image/png', bytes: new Uint8Array([9]) } });
    sink.onEvent({ cameraId: undefined, cameraName: undefined, time: clock.now(), sourceTime: '', timeUncertain: false, type: '300', label: 'Server event', raw: {} });
    await settle();
    const [bare, pictured, cameraless] = published.flat().map((record) => record.id);
    if (!bare || !pictured || !cameraless) throw new Error('three events expected');
    service.attachWindowPicture(bare, jpeg(1));
    service.attachWindowPicture(bare, jpeg(2));
    service.attachWindowPicture(pictured, jpeg(3));
    service.attachWindowPicture(cameraless, jpeg(4));
    expect(changes.flat().map((change) => change.id)).toEqual([bare]);
    expect([...(journal.image(bare)?.bytes ?? [])]).toEqual([...jpeg(1)]);
    expect(journal.image(pictured)?.contentType, "the VMS's own picture stays").toBe('image/png');
    expect(journal.image(cameraless)).toBeUndefined();
    send('209', 'Activity Detection');
    await settle();
    const late = published.flat().at(-1)?.id ?? '?';
    await clock.advance(61_000);
    service.attachWindowPicture(late, jpeg(5));
    expect(journal.image(late), 'a frame taken a minute after the event does not show it').toBeUndefined();
  });

  it('grants an alert without a picture to one window to picture with a stream of its own, within the minute', async () => {
    const { send, sink, service, published, clock } = await setup();
    send('209', 'Activity Detection');
    send('209', 'Activity Detection');
    sink.onEvent({ cameraId: '5', cameraName: 'Dock', time: clock.now(), sourceTime: '', timeUncertain: false, type: '209', label: 'Activity Detection', raw: {}, image: { contentType: 'image/png', bytes: new Uint8Array([9]) } });
    sink.onEvent({ cameraId: undefined, cameraName: undefined, time: clock.now(), sourceTime: '', timeUncertain: false, type: '300', label: 'Server event', raw: {} });
    await settle();
    const [first, second, pictured, cameraless] = published.flat().map((record) => record.id);
    if (!first || !second || !pictured || !cameraless) throw new Error('four events expected');
    expect(service.claimWindowPicture([first, pictured, cameraless, 'no-such-event']), 'only an alert of a camera without a picture').toEqual([first]);
    expect(service.claimWindowPicture([first, second]), 'another window asking: what is left').toEqual([second]);
    expect(service.claimWindowPicture([first, second])).toEqual([]);
    send('209', 'Activity Detection');
    await settle();
    const late = published.flat().at(-1)?.id ?? '?';
    await clock.advance(61_000);
    expect(service.claimWindowPicture([late]), 'a frame a minute after the event would not show it').toEqual([]);
  });
});
