import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onTick } from '../../../renderer/ui/shared-ticker';

describe('onTick (one timer for every tile overlay of a period)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('window', globalThis);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('runs every listener of a period in the same task, on one timer', () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    const calls: string[] = [];
    const stops = ['a', 'b', 'c'].map((name) => onTick(1000, () => calls.push(name)));
    expect(setInterval).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['a', 'b', 'c']);
    for (const stop of stops) stop();
  });

  it('keeps ticking for the others when one leaves, and stops its timer when the last leaves', () => {
    const clearInterval = vi.spyOn(globalThis, 'clearInterval');
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = onTick(500, first);
    const stopSecond = onTick(500, second);
    stopFirst();
    vi.advanceTimersByTime(1000);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(2);
    expect(clearInterval).not.toHaveBeenCalled();
    stopSecond();
    expect(clearInterval).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(second).toHaveBeenCalledTimes(2);
    // A new listener after that gets a timer again.
    const third = vi.fn();
    const stopThird = onTick(500, third);
    vi.advanceTimersByTime(500);
    expect(third).toHaveBeenCalledTimes(1);
    stopThird();
  });

  it('gives each period a timer of its own', () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    const stops = [onTick(250, () => undefined), onTick(1000, () => undefined), onTick(250, () => undefined)];
    expect(setInterval).toHaveBeenCalledTimes(2);
    for (const stop of stops) stop();
  });
});
