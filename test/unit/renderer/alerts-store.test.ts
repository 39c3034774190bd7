import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../shared/model/event';
import { mergeRecords } from '../../../renderer/stores/alerts';

const record = (n: number): EventRecord => ({
  id: `e${String(n).padStart(6, '0')}`,
  serverId: 'hq',
  cameraId: '1',
  cameraName: 'Gate',
  time: n * 1000,
  sourceTime: '',
  timeUncertain: false,
  receivedAt: n * 1000,
  type: '209',
  label: 'Activity Detection',
  severity: 'normal',
  raw: {},
  state: 'open',
});
const ids = (records: readonly EventRecord[]): number[] => records.map((item) => Number(item.id.slice(1)));

describe('mergeRecords', () => {
  it('puts a batch of newer events on top, newest first', () => {
    expect(ids(mergeRecords([record(3), record(2)], [record(4), record(5)]))).toEqual([5, 4, 3, 2]);
  });

  it('places older and overlapping events in order, once each', () => {
    expect(ids(mergeRecords([record(9), record(5), record(2)], [record(7), record(5), record(1), record(10)]))).toEqual([10, 9, 7, 5, 2, 1]);
  });

  it('keeps at most the newest 5000', () => {
    const current = Array.from({ length: 5000 }, (_, n) => record(5000 - n));
    const merged = mergeRecords(current, [record(5001)]);
    expect(merged).toHaveLength(5000);
    expect(ids(merged.slice(0, 2))).toEqual([5001, 5000]);
    expect(ids(merged.slice(-1))).toEqual([2]);
  });
});
