import { describe, expect, it } from 'vitest';
import { popsHere } from '../../../renderer/features/alerts/monitor-presence';

describe('popsHere: which window puts an alarm on its wall', () => {
  it('the window of the monitor the rule names, and no other while that one is open', () => {
    expect(popsHere(1, 1, [0, 1, 2])).toBe(true);
    expect(popsHere(0, 1, [0, 1, 2])).toBe(false);
    expect(popsHere(2, 1, [0, 1, 2])).toBe(false);
  });

  it('the lowest open monitor when the named one has no window, so an alarm never pops nowhere', () => {
    expect(popsHere(0, 3, [0, 1])).toBe(true);
    expect(popsHere(1, 3, [0, 1])).toBe(false);
    expect(popsHere(1, 0, [1, 2]), 'the first monitor closed: the second takes its alarms').toBe(true);
  });

  it('only the named window when presence cannot be known', () => {
    expect(popsHere(0, 0, undefined)).toBe(true);
    expect(popsHere(0, 1, undefined)).toBe(false);
  });
});
