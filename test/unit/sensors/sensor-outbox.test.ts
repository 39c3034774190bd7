import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventJournal } from '../../../electron/core/events/journal';
import { SensorOutbox } from '../../../electron/core/events/sensor-outbox';

async function journalPath(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'tessera-outbox-')), 'events.db');
  // The journal makes the database; the outbox adds its tables to it.
  new EventJournal({ path, retentionDays: 30, maxBytes: 64 * 1024 * 1024 }).close();
  return path;
}

const delivery = (serverId: string, cameraId: string, local = false) => ({ serverId, cameraId, local, request: { cameraId, type: 'door', time: 1, metadata: {} } });

describe('the sensor outbox', () => {
  it('takes each (sensor, event id) once, and keeps each target\'s queue in order across a reopen', async () => {
    const path = await journalPath();
    let outbox = new SensorOutbox(path);
    expect(outbox.accept('door', 'e1', 1, [delivery('cloud', '7'), delivery('site', '3', true)])).toBe(true);
    expect(outbox.accept('door', 'e1', 2, [delivery('cloud', '7')])).toBe(false);
    expect(outbox.accept('smoke', 'e1', 3, [delivery('cloud', '8')])).toBe(true);
    outbox.close();

    outbox = new SensorOutbox(path);
    expect(outbox.seen('door', 'e1')).toBe(true);
    expect(outbox.accept('door', 'e1', 4, [delivery('cloud', '7')])).toBe(false);
    expect(outbox.head('cloud', 5).map((item) => [item.sensorId, item.cameraId])).toEqual([
      ['door', '7'],
      ['smoke', '8'],
    ]);
    expect(outbox.head('site')).toEqual([]);
    const [first] = outbox.head('cloud');
    if (!first) throw new Error('no head');
    outbox.attempted(first.seq, 'HTTP 503', 5);
    expect(outbox.counts().find((row) => row.serverId === 'cloud')).toMatchObject({ pending: 2, delivered: 0, lastError: 'HTTP 503' });
    outbox.delivered(first.seq, '42', 6);
    const [second] = outbox.head('cloud');
    if (!second) throw new Error('no second');
    outbox.failed(second.seq, 'unknown type', 7);
    expect(outbox.counts()).toEqual([
      { serverId: 'cloud', pending: 0, failed: 1, delivered: 1, local: 0, lastError: 'unknown type', lastDeliveredAt: 6 },
      { serverId: 'site', pending: 0, failed: 0, delivered: 0, local: 1, lastError: undefined, lastDeliveredAt: undefined },
    ]);
    expect(outbox.retryFailed('cloud', 8)).toBe(1);
    expect(outbox.pendingTargets()).toEqual(['cloud']);
    // Pruning forgets what was delivered long ago, never what waits.
    expect(outbox.prune(100)).toBe(2);
    expect(outbox.head('cloud')).toHaveLength(1);
    outbox.close();
  });
});
