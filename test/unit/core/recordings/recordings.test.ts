import { describe, expect, it } from 'vitest';
import type { Camera } from '../../../../shared/model/camera';
import { IvmsServerConfig } from '../../../../electron/vms/ivms/ivms-vendor';
import { silentLogger } from '../../../../electron/common/logger';
import { OfflineHistory } from '../../../../electron/core/recordings/offline-history';
import { inferRecordings, RecordingsService } from '../../../../electron/core/recordings/recordings-service';
import { ServerDirectory } from '../../../../electron/core/servers';
import type { VmsRecordings } from '../../../../electron/vms/adapter';
import { FakeAdapter } from '../../support/fake-adapter';
import { ManualClock } from '../../support/manual-clock';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

/** A FakeAdapter (whose own `answer` must not be shadowed) whose VMS says where recordings start (IVMS), or lists them (another vendor). */
class RecordingAdapter extends FakeAdapter {
  reply: VmsRecordings = { kind: 'since', oldestMs: T0 - 60 * MIN };
  asked = 0;
  recordings(): Promise<VmsRecordings> {
    this.asked++;
    return Promise.resolve(this.reply);
  }
}

function setup<A extends FakeAdapter>(adapter: A) {
  const clock = new ManualClock(T0);
  const cameras: Camera[][] = [];
  const servers = new ServerDirectory({
    servers: [IvmsServerConfig.parse({ id: 'hq', type: 'ivms', url: 'http://vms.test' })],
    createAdapter: () => adapter,
    clock,
    log: silentLogger,
    refreshMs: () => 10_000,
    onServersChanged: () => undefined,
    onCamerasChanged: (_id, list) => cameras.push(list),
  });
  const service = new RecordingsService({
    clock,
    adapterFor: (serverId) => servers.adapter(serverId),
    checkCamera: (serverId, cameraId) => void servers.camera(serverId, cameraId),
    offlineSpans: (serverId, cameraId, from, to) => servers.offlineSpans(serverId, cameraId, from, to),
  });
  return { clock, servers, service, adapter };
}

describe('inferRecordings', () => {
  it('is the oldest clip to now, minus the offline periods, clipped to the span', () => {
    const offline = [
      { from: T0 - 50 * MIN, to: T0 - 40 * MIN },
      { from: T0 - 10 * MIN, to: T0 - 5 * MIN },
    ];
    expect(inferRecordings({ from: T0 - 120 * MIN, to: T0 + 60 * MIN, oldestMs: T0 - 60 * MIN, now: T0, offline })).toEqual([
      { from: T0 - 60 * MIN, to: T0 - 50 * MIN },
      { from: T0 - 40 * MIN, to: T0 - 10 * MIN },
      { from: T0 - 5 * MIN, to: T0 },
    ]);
    expect(inferRecordings({ from: T0 - 45 * MIN, to: T0 - 7 * MIN, oldestMs: T0 - 60 * MIN, now: T0, offline })).toEqual([{ from: T0 - 40 * MIN, to: T0 - 10 * MIN }]);
  });

  it('is empty for a span before the oldest clip, or in the future', () => {
    expect(inferRecordings({ from: T0 - 90 * MIN, to: T0 - 70 * MIN, oldestMs: T0 - 60 * MIN, now: T0, offline: [] })).toEqual([]);
    expect(inferRecordings({ from: T0 + MIN, to: T0 + 2 * MIN, oldestMs: T0 - 60 * MIN, now: T0, offline: [] })).toEqual([]);
  });
});

describe('OfflineHistory', () => {
  it('keeps offline periods from status changes, an open one running until now; unknown proves nothing', () => {
    const history = new OfflineHistory(2);
    history.observe('1', 'online', T0);
    history.observe('1', 'offline', T0 + MIN);
    history.observe('1', 'unknown', T0 + 2 * MIN);
    history.observe('1', 'offline', T0 + 3 * MIN);
    history.observe('1', 'online', T0 + 4 * MIN);
    expect(history.offline('1', T0, T0 + 10 * MIN, T0 + 10 * MIN)).toEqual([{ from: T0 + MIN, to: T0 + 4 * MIN }]);
    history.observe('1', 'offline', T0 + 5 * MIN);
    history.observe('1', 'online', T0 + 6 * MIN);
    history.observe('1', 'offline', T0 + 8 * MIN);
    expect(history.offline('1', T0, T0 + 20 * MIN, T0 + 9 * MIN)).toEqual([
      { from: T0 + MIN, to: T0 + 4 * MIN },
      { from: T0 + 5 * MIN, to: T0 + 6 * MIN },
      { from: T0 + 8 * MIN, to: T0 + 9 * MIN },
    ]);
    history.observe('1', 'online', T0 + 9 * MIN);
    // Bounded: at most two finished periods per camera, the oldest go first.
    expect(history.offline('1', T0, T0 + 20 * MIN, T0 + 20 * MIN)).toEqual([
      { from: T0 + 5 * MIN, to: T0 + 6 * MIN },
      { from: T0 + 8 * MIN, to: T0 + 9 * MIN },
    ]);
    expect(history.offline('2', T0, T0 + 20 * MIN, T0 + 20 * MIN)).toEqual([]);
  });
});

describe('RecordingsService', () => {
  it('infers from the oldest clip and the offline periods seen by polls and status events', async () => {
    const { clock, servers, service, adapter } = setup(new RecordingAdapter());
    servers.start();
    await clock.advance(10 * MIN);
    adapter.statuses.set('1', 'offline');
    await clock.advance(10_000); // the poll sees camera 1 offline at T0 + 10 min 10 s
    await clock.advance(5 * MIN - 10_000);
    // A status event says it is back at T0 + 15 min, before the next poll does.
    adapter.statuses.set('1', 'online');
    servers.applyCameraStatus('hq', '1', 'online');
    await clock.advance(5 * MIN);
    const now = T0 + 20 * MIN;
    expect(await service.recordings('hq', '1', T0 - 2 * 60 * MIN, now + MIN)).toEqual({
      source: 'inferred',
      ranges: [
        { from: T0 - 60 * MIN, to: T0 + 10 * MIN + 10_000 },
        { from: T0 + 15 * MIN, to: now },
      ],
    });
    // Camera 2 has been offline since the core first saw it.
    expect((await service.recordings('hq', '2', T0 - 2 * 60 * MIN, now)).ranges).toEqual([{ from: T0 - 60 * MIN, to: T0 }]);
    await servers.dispose();
  });

  it('asks the VMS at most every 30 s per camera for where recording starts', async () => {
    const { clock, servers, service, adapter } = setup(new RecordingAdapter());
    servers.start();
    await clock.advance(0);
    await service.recordings('hq', '1', T0 - MIN, T0);
    await service.recordings('hq', '1', T0 - 2 * MIN, T0);
    expect(adapter.asked).toBe(1);
    await clock.advance(30_000);
    await service.recordings('hq', '1', T0 - MIN, T0);
    expect(adapter.asked).toBe(2);
    await servers.dispose();
  });

  it('passes a VMS list through, clipped (source vms); no hint at all is unknown with no ranges', async () => {
    const { clock, servers, service, adapter } = setup(new RecordingAdapter());
    servers.start();
    await clock.advance(0);
    adapter.reply = {
      kind: 'ranges',
      ranges: [
        { from: T0 - 30 * MIN, to: T0 - 20 * MIN },
        { from: T0 - 10 * MIN, to: T0 - 5 * MIN },
      ],
    };
    expect(await service.recordings('hq', '1', T0 - 25 * MIN, T0)).toEqual({
      source: 'vms',
      ranges: [
        { from: T0 - 25 * MIN, to: T0 - 20 * MIN },
        { from: T0 - 10 * MIN, to: T0 - 5 * MIN },
      ],
    });
    adapter.reply = { kind: 'since', oldestMs: undefined };
    expect(await service.recordings('hq', '2', T0 - 25 * MIN, T0)).toEqual({ source: 'unknown', ranges: [] });
    await servers.dispose();

    const plain = setup(new FakeAdapter());
    plain.servers.start();
    await plain.clock.advance(0);
    expect(await plain.service.recordings('hq', '1', T0 - MIN, T0)).toEqual({ source: 'unknown', ranges: [] });
    await plain.servers.dispose();
  });

  it('refuses unknown cameras and spans that are empty or longer than the timeline shows', async () => {
    const { clock, servers, service } = setup(new RecordingAdapter());
    servers.start();
    await clock.advance(0);
    await expect(service.recordings('hq', '9', T0 - MIN, T0)).rejects.toThrow(/No camera "9"/);
    await expect(service.recordings('hq', '1', T0, T0)).rejects.toThrow(/must end after it starts/);
    await expect(service.recordings('hq', '1', T0 - 9 * 24 * 60 * MIN, T0)).rejects.toThrow(/more than 8 days/);
    await servers.dispose();
  });
});
