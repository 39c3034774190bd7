import { describe, expect, it } from 'vitest';
import { drawBase, type BaseScene } from '../../../renderer/features/timeline/draw-base';
import type { MarkerRaster } from '../../../renderer/features/timeline/marker-raster';
import { FALLBACK_THEME } from '../../../renderer/features/timeline/theme';
import { ticksFor } from '../../../renderer/features/timeline/ticks';
import { timelineLayout } from '../../../renderer/features/timeline/timeline-layout';
import type { TimelineRow } from '../../../renderer/features/timeline/timeline-props';

/** A 2D context that takes every call and keeps the text written. */
function recordingContext(): { ctx: CanvasRenderingContext2D; texts: string[] } {
  const texts: string[] = [];
  const target: Record<string | symbol, unknown> = {
    fillText: (text: string) => texts.push(text),
    measureText: (text: string) => ({ width: text.length * 5 }),
  };
  const ctx = new Proxy(target, { get: (object, key) => (key in object ? object[key] : () => undefined), set: () => true }) as unknown as CanvasRenderingContext2D;
  return { ctx, texts };
}

function draw(rows: TimelineRow[]): string[] {
  const { ctx, texts } = recordingContext();
  const view = { from: 0, to: 3_600_000 };
  const scene: BaseScene = {
    view,
    width: 1000,
    layout: timelineLayout(rows.length),
    now: 3_000_000,
    rows,
    coverage: undefined,
    bins: undefined,
    markerRaster: { paint: () => undefined } as unknown as MarkerRaster,
    dpr: 1,
    ticks: ticksFor(view, 1000),
    gapPattern: null,
  };
  drawBase(ctx, scene, FALLBACK_THEME);
  return texts;
}

describe('timeline lanes without recordings drawn', () => {
  it('say so in words, where a lane still loading or with recordings says nothing of the kind', () => {
    const texts = draw([
      { key: 'a', label: 'Staff Entrance', recordings: undefined, unlisted: true },
      { key: 'b', label: 'Main Entrance', recordings: undefined },
      { key: 'c', label: 'Lobby', recordings: [{ from: 0, to: 1000 }] },
    ]);
    expect(texts.filter((text) => text === 'recordings not listed by this VMS')).toHaveLength(1);
    expect(texts).toEqual(expect.arrayContaining(['Staff Entrance', 'Main Entrance', 'Lobby']));
  });

  it('say why the list could not be read, cut to fit before now', () => {
    const reason = 'No answer within 10 s (POST http://recorder-1.site-north.example.com:7563/RecorderCommandService/RecorderCommandService.asmx, the recording server of this camera)';
    const texts = draw([
      { key: 'a', label: 'Staff Entrance', recordings: undefined, unreadable: reason },
      { key: 'b', label: 'Lobby', recordings: [{ from: 0, to: 1000 }] },
    ]);
    const note = texts.find((text) => text.startsWith('recordings could not be read: No answer within 10 s'));
    expect(note).toBeDefined();
    // The past is 833 px wide here (now at 3 000 000 of 3 600 000 in 1000 px), at 5 px a character.
    expect(note?.endsWith('…')).toBe(true);
    expect((note?.length ?? 0) * 5).toBeLessThanOrEqual(833 - 24);
  });
});
