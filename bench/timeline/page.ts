/**
 * The benchmark page: the real Timeline component (React, production build) and the DOM
 * baseline, fed the same sample day, behind `window.timelineBench` for the driver in
 * bench/timeline-bench.ts. Also the sample the visual check screenshots.
 */
import { createElement, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { TimeRange } from '../../shared/model/timeline';
import { formatDateTime } from '../../renderer/format';
import { type GesturePhase, type MarkerSet, Timeline, type TimelineRow, toMarkerSet } from '../../renderer/features/timeline';
import { mountDomTimeline } from './dom-timeline';
import { SAMPLE_CAMERAS, sampleDay } from './sample-data';
import '../../renderer/styles.css';
import './page.css';

export interface FirstDraw {
  /** Synchronous work until the timeline is drawn and laid out (conversion, mount, draw, forced layout). */
  readonly script: number;
  /** Until the frame showing it has been painted. */
  readonly painted: number;
}

export interface PanFrames {
  /** Script per frame: the drawing of the previous move plus the handler of this one. */
  readonly script: number[];
  /** Frame to frame: a long one is a dropped frame. */
  readonly interval: number[];
  readonly longFrames: number;
  readonly longestFrame: number;
}

export interface VisualOptions {
  readonly view?: TimeRange;
  readonly rows?: number;
  readonly playhead?: number;
  readonly unknownRow?: boolean;
}

const params = new URLSearchParams(location.search);
const day = sampleDay(Number(params.get('events') ?? 100_000));
const host = (): HTMLElement => {
  const element = document.getElementById('timeline-host');
  if (!element) throw new Error('#timeline-host missing');
  return element;
};

const afterPaint = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

interface HarnessProps {
  readonly set: MarkerSet;
  readonly rows: readonly TimelineRow[];
  readonly initialView: TimeRange;
  readonly initialPlayhead: number | undefined;
  readonly now: number;
}

/**
 * A parent as demanding as it gets: it stores every move, so React re-renders on each
 * (`?parent=ends`: only the end of each gesture, as a parent that fetches per view would).
 */
function Harness({ set, rows, initialView, initialPlayhead, now }: HarnessProps): React.JSX.Element {
  const [view, setView] = useState(initialView);
  const [playhead, setPlayhead] = useState(initialPlayhead);
  return createElement(Timeline, {
    view,
    onViewChange: (next: TimeRange, phase: GesturePhase) => {
      if (phase === 'end' || params.get('parent') !== 'ends') setView(next);
    },
    playhead,
    onScrub: (time: number) => setPlayhead(time),
    rows,
    markers: set,
    describeMarker: (index: number) => ({
      title: set.typeLabels[set.types[index] ?? 0] ?? 'Event',
      detail: `${SAMPLE_CAMERAS[set.cameras[index] ?? 0] ?? 'Camera'} · ${formatDateTime(set.times[index] ?? 0)}`,
    }),
    onMarkerClick: (index: number) => setPlayhead((set.times[index] ?? now) - 5000),
    now,
  });
}

function mountCanvas(options: VisualOptions = {}): FirstDraw {
  const started = performance.now();
  const set = toMarkerSet(day.markers);
  const rows = rowsFor(options);
  flushSync(() => createRoot(host()).render(createElement(Harness, { set, rows, initialView: options.view ?? day.view, initialPlayhead: options.playhead, now: day.now })));
  return { script: performance.now() - started, painted: NaN };
}

function rowsFor(options: VisualOptions): TimelineRow[] {
  const count = options.rows ?? day.rows.length;
  const rows = Array.from({ length: count }, (_, index) => {
    const source = day.rows[index % day.rows.length];
    return { key: `row-${index}`, label: index < day.rows.length ? (source?.label ?? '') : `Camera ${index + 1}`, recordings: source?.recordings };
  });
  if (options.unknownRow && rows.length > 0) rows[rows.length - 1] = { ...(rows[rows.length - 1] as TimelineRow), label: 'Roof PTZ (loading)', recordings: undefined };
  return rows;
}

function mountDom(): FirstDraw {
  const started = performance.now();
  const timeline = mountDomTimeline(host(), day, day.markers);
  // Style and layout of every element, as the first paint will need them.
  timeline.element.lastElementChild?.getBoundingClientRect();
  return { script: performance.now() - started, painted: NaN };
}

async function firstDraw(kind: 'canvas' | 'dom'): Promise<FirstDraw> {
  const started = performance.now();
  const { script } = kind === 'canvas' ? mountCanvas() : mountDom();
  await afterPaint();
  return { script, painted: performance.now() - started };
}

/**
 * Drags the timeline by `step` pixels a frame for `frames` frames with pointer events,
 * timing each frame's script between a mark made by the first animation-frame callback
 * and the end of the last (which sends the next move).
 */
function pan(frames: number, step: number): Promise<PanFrames> {
  const target = host().querySelector<HTMLElement>('[data-testid="timeline"]');
  if (!target) throw new Error('no timeline mounted');
  const box = target.getBoundingClientRect();
  const y = box.top + box.height - 12;
  let x = box.left + box.width * 0.75;
  const send = (type: string): void => {
    target.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, pointerId: 1, pointerType: 'mouse', isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1, bubbles: true, cancelable: true }));
  };
  const long: number[] = [];
  const observer = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame') ? new PerformanceObserver((list) => long.push(...list.getEntries().map((entry) => entry.duration))) : undefined;
  observer?.observe({ type: 'long-animation-frame' });
  const script: number[] = [];
  const interval: number[] = [];
  let frameStart = 0;
  let frame = 0;
  const mark = (): void => {
    const now = performance.now();
    if (frameStart > 0) interval.push(now - frameStart);
    frameStart = now;
  };
  return new Promise((resolve) => {
    const next = (): void => {
      if (frame < frames) {
        x -= step;
        requestAnimationFrame(mark);
        send('pointermove');
      }
      script.push(performance.now() - frameStart);
      if (frame++ < frames) {
        requestAnimationFrame(next);
        return;
      }
      send('pointerup');
      void afterPaint().then(() => {
        observer?.disconnect();
        // The first frame holds the pointerdown, not a pan frame.
        resolve({ script: script.slice(1), interval, longFrames: long.length, longestFrame: Math.max(0, ...long) });
      });
    };
    requestAnimationFrame(mark);
    send('pointerdown');
    requestAnimationFrame(next);
  });
}

async function visual(options: VisualOptions): Promise<void> {
  mountCanvas(options);
  await afterPaint();
}

declare global {
  interface Window {
    timelineBench: { firstDraw: typeof firstDraw; pan: typeof pan; visual: typeof visual; day: typeof day };
  }
}

window.timelineBench = { firstDraw, pan, visual, day };
