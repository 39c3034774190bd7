import type { Markers, TimeRange } from '../../shared/model/timeline';

/**
 * A day of a busy site, the same on every run (seeded): 100,000 events of eight types
 * from four cameras, clustered as real events are (quiet nights, busy afternoons,
 * bursts), and four cameras' recordings with the gaps a VMS really has (restarts, a
 * network outage, motion-only recording at night on one camera).
 */
export interface SampleDay {
  readonly view: TimeRange;
  readonly now: number;
  readonly markers: Markers;
  readonly rows: ReadonlyArray<{ readonly key: string; readonly label: string; readonly recordings: readonly TimeRange[] | undefined }>;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

export const SAMPLE_TYPES = [
  { type: 'VMD', label: 'Motion' },
  { type: 'LineCrossing', label: 'Line crossing' },
  { type: 'FieldDetection', label: 'Intrusion' },
  { type: 'FaceDetection', label: 'Face' },
  { type: 'ANPR', label: 'Licence plate' },
  { type: 'IO', label: 'Alarm input' },
  { type: 'VideoLoss', label: 'Video loss' },
  { type: 'Tamper', label: 'Tampering' },
] as const;
/** How common each type is, in SAMPLE_TYPES order. */
const TYPE_WEIGHTS = [50, 18, 10, 8, 8, 3, 2, 1];
export const SAMPLE_CAMERAS = ['Gate North', 'Loading Bay 2', 'Lobby', 'Car Park East'];

export function sampleDay(count: number, end: number = Date.UTC(2025, 0, 15, 6)): SampleDay {
  const random = mulberry32(0x7e55e7a);
  const from = end - 24 * HOUR;
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = from + eventOffset(random) * 24 * HOUR;
  times.sort();
  const weightSum = TYPE_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
  const type: number[] = [];
  const camera: number[] = [];
  const id: string[] = [];
  for (let i = 0; i < count; i++) {
    let pick = random() * weightSum;
    let chosen = 0;
    while (pick >= (TYPE_WEIGHTS[chosen] ?? 0) && chosen < TYPE_WEIGHTS.length - 1) pick -= TYPE_WEIGHTS[chosen++] ?? 0;
    type.push(chosen);
    camera.push(Math.floor(random() * SAMPLE_CAMERAS.length));
    id.push(`evt-${i}`);
  }
  const markers: Markers = { from, to: end, truncated: false, types: SAMPLE_TYPES.map((entry) => ({ ...entry })), time: Array.from(times), type, camera, id };
  const rows = SAMPLE_CAMERAS.map((label, index) => ({ key: `cam-${index}`, label, recordings: recordings(random, from, end - 2 * MINUTE, index) }));
  return { view: { from, to: end }, now: end, markers, rows };
}

/** Where in the day (0..1) an event falls: mostly daytime, with a few sharp bursts. */
function eventOffset(random: () => number): number {
  const pick = random();
  if (pick < 0.15) return burst(random, [0.31, 0.55, 0.72][Math.floor(random() * 3)] ?? 0.5);
  // Rejection sampling against a day curve: low at night, high in the afternoon.
  for (;;) {
    const at = random();
    const hour = at * 24;
    const level = 0.15 + 0.85 * Math.max(0, Math.sin(((hour - 6) / 16) * Math.PI));
    if (random() < level) return at;
  }
}

function burst(random: () => number, centre: number): number {
  return Math.min(0.9999, Math.max(0, centre + (random() - 0.5) * 0.01));
}

/** Recorded spans of one camera: continuous with short restarts, one outage, and per-camera habits. */
function recordings(random: () => number, from: number, to: number, camera: number): TimeRange[] {
  const ranges: TimeRange[] = [];
  let at = from;
  while (at < to) {
    const length = (camera === 3 && at < from + 7 * HOUR ? 3 + random() * 12 : 40 + random() * 200) * MINUTE;
    const end = Math.min(to, at + length);
    ranges.push({ from: at, to: end });
    const gap = camera === 3 && at < from + 7 * HOUR ? (5 + random() * 30) * MINUTE : (0.5 + random() * 6) * MINUTE;
    at = end + gap;
  }
  // A network outage that took two cameras off for 40 minutes.
  const outage = { from: from + 14 * HOUR, to: from + 14 * HOUR + 40 * MINUTE };
  if (camera === 1 || camera === 2) return ranges.flatMap((range) => cut(range, outage));
  return ranges;
}

function cut(range: TimeRange, hole: TimeRange): TimeRange[] {
  if (hole.to <= range.from || hole.from >= range.to) return [range];
  return [
    ...(hole.from > range.from ? [{ from: range.from, to: hole.from }] : []),
    ...(hole.to < range.to ? [{ from: hole.to, to: range.to }] : []),
  ];
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
