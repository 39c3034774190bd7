import { describe, expect, it } from 'vitest';
import { FUTURE_ROOM, limitView, MAX_SPAN_MS, MIN_SPAN_MS, panBy, timeToX, xToTime, zoomAround } from '../../../renderer/features/timeline/time-scale';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 14, 12);
const view = { from: T0, to: T0 + HOUR };
const WIDTH = 1200;

describe('timeline scale', () => {
  it('puts the view edges at the timeline edges and maps back', () => {
    expect(timeToX(view, WIDTH, view.from)).toBe(0);
    expect(timeToX(view, WIDTH, view.to)).toBe(WIDTH);
    expect(timeToX(view, WIDTH, T0 + HOUR / 4)).toBe(300);
    expect(xToTime(view, WIDTH, timeToX(view, WIDTH, T0 + 1234))).toBeCloseTo(T0 + 1234, 3);
  });

  it('zooming in around the pointer keeps the time under the pointer fixed', () => {
    const pointerX = 900;
    const under = xToTime(view, WIDTH, pointerX);
    const zoomed = zoomAround(view, under, 0.5);
    expect(zoomed.to - zoomed.from).toBe(HOUR / 2);
    expect(timeToX(zoomed, WIDTH, under)).toBeCloseTo(pointerX, 6);
  });

  it('zooming out around the pointer keeps it fixed too', () => {
    const under = xToTime(view, WIDTH, 100);
    const zoomed = zoomAround(view, under, 3);
    expect(zoomed.to - zoomed.from).toBe(3 * HOUR);
    expect(timeToX(zoomed, WIDTH, under)).toBeCloseTo(100, 6);
  });

  it('stops at one minute and at one week, still holding the anchor', () => {
    const anchor = T0 + HOUR / 2;
    const tight = zoomAround(view, anchor, 1e-6);
    expect(tight.to - tight.from).toBe(MIN_SPAN_MS);
    expect(timeToX(tight, WIDTH, anchor)).toBeCloseTo(WIDTH / 2, 6);
    const wide = zoomAround(view, anchor, 1e6);
    expect(wide.to - wide.from).toBe(MAX_SPAN_MS);
    expect(timeToX(wide, WIDTH, anchor)).toBeCloseTo(WIDTH / 2, 6);
  });

  it('pans by whole time, keeping the span', () => {
    expect(panBy(view, -HOUR)).toEqual({ from: T0 - HOUR, to: T0 });
  });

  it('lets the user pan into the past freely but only a little past now', () => {
    const now = T0 + HOUR;
    const past = panBy(view, -1000 * HOUR);
    expect(limitView(past, now)).toEqual(past);
    const future = limitView(panBy(view, 10 * HOUR), now);
    expect(future.to - future.from).toBe(HOUR);
    expect(future.to).toBe(now + HOUR * FUTURE_ROOM);
  });
});
