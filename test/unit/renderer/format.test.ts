import { describe, expect, it } from 'vitest';
import { formatDateTime, formatTime } from '../../../renderer/format';

describe('formatTime: local 24-hour time, the date only when not today', () => {
  const at = (hours: number, minutes: number, seconds: number, day = 15): number => new Date(2026, 10, day, hours, minutes, seconds).getTime();

  it('reads hours, minutes and seconds with two digits, midnight as 00', () => {
    expect(formatTime(at(0, 0, 5), at(12, 0, 0))).toBe('00:00:05');
    expect(formatTime(at(23, 59, 59), at(23, 59, 59))).toBe('23:59:59');
    expect(formatTime(at(9, 7, 3), at(12, 0, 0))).toBe('09:07:03');
  });

  it('adds the date for another day, and formatDateTime always does', () => {
    expect(formatTime(at(9, 7, 3, 14), at(12, 0, 0))).toBe('2026-11-14 09:07:03');
    expect(formatDateTime(at(9, 7, 3))).toBe('2026-11-15 09:07:03');
  });
});
