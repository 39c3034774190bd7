import { describe, expect, it } from 'vitest';
import { auditCsv, localStamp } from '../../../../electron/core/events/audit-export';

describe('the audit CSV', () => {
  it('says times in local time with their offset (and UTC), the server by name, the severity, and silences', () => {
    const at = Date.UTC(2026, 10, 29, 21, 50, 3);
    const csv = auditCsv(
      [
        { at, operator: 'Asha', action: 'silence', eventId: 'e1', comment: undefined, serverId: 'hq', cameraName: 'Gate', label: 'Intrusion Detection', severity: 'critical', eventTime: at - 60_000 },
        { at: at + 1000, operator: 'Asha', action: 'acknowledge', eventId: 'e1', comment: 'Fox', serverId: 'hq', cameraName: 'Gate', label: 'Intrusion Detection', severity: 'critical', eventTime: at - 60_000 },
      ],
      (id) => (id === 'hq' ? 'Headquarters' : undefined),
      (epochMs) => localStamp(epochMs, () => 60),
    );
    // No cell here needs quoting: a plain split reads it.
    const [head = '', ...lines] = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const names = head.split(',');
    const rows = lines.map((line) => Object.fromEntries(line.split(',').map((cell, at) => [names[at] ?? '', cell])));
    expect(rows.map((row) => [row['time'], row['time_utc'], row['action'], row['severity'], row['server'], row['event_time']])).toEqual([
      ['2026-11-29 22:50:03 +01:00', '2026-11-29T21:50:03.000Z', 'silence', 'critical', 'Headquarters', '2026-11-29 22:49:03 +01:00'],
      ['2026-11-29 22:50:04 +01:00', '2026-11-29T21:50:04.000Z', 'acknowledge', 'critical', 'Headquarters', '2026-11-29 22:49:03 +01:00'],
    ]);
    expect(localStamp(at, () => -330)).toBe('2026-11-29 16:20:03 -05:30');
  });
});
