import type { TimeRange } from '../../../shared/model/timeline';

/**
 * The ruler's ticks for a view: labelled majors on local wall-clock boundaries (24-hour,
 * as control-room software reads), unlabelled minors between them, and "context" labels
 * naming the day (or month) the majors belong to, as Nx Witness and Milestone show them.
 */
export interface Tick {
  readonly time: number;
  readonly label: string;
}

export interface TickSet {
  readonly majors: readonly Tick[];
  readonly minors: readonly number[];
  /** Starts of the days (or months, for steps of days) the view crosses; the first may begin before it. */
  readonly contexts: readonly Tick[];
  readonly step: TickStep;
}

type Unit = 'second' | 'minute' | 'hour' | 'day';

export interface TickStep {
  readonly unit: Unit;
  readonly count: number;
  /** Nominal length, for spacing decisions (a DST day is not exactly this long). */
  readonly ms: number;
  /** The minor step inside it, in the same wall-clock terms. */
  readonly minor: { readonly unit: Unit; readonly count: number } | undefined;
}

const UNIT_MS: Readonly<Record<Unit, number>> = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

const step = (unit: Unit, count: number, minor?: [Unit, number]): TickStep => ({
  unit,
  count,
  ms: UNIT_MS[unit] * count,
  minor: minor ? { unit: minor[0], count: minor[1] } : undefined,
});

/** Steps a human counts in, finest first; each divides the next larger unit evenly. */
export const TICK_STEPS: readonly TickStep[] = [
  step('second', 1),
  step('second', 5, ['second', 1]),
  step('second', 10, ['second', 1]),
  step('second', 15, ['second', 5]),
  step('second', 30, ['second', 5]),
  step('minute', 1, ['second', 10]),
  step('minute', 2, ['second', 30]),
  step('minute', 5, ['minute', 1]),
  step('minute', 10, ['minute', 1]),
  step('minute', 15, ['minute', 5]),
  step('minute', 30, ['minute', 5]),
  step('hour', 1, ['minute', 10]),
  step('hour', 2, ['minute', 30]),
  step('hour', 3, ['hour', 1]),
  step('hour', 6, ['hour', 1]),
  step('hour', 12, ['hour', 3]),
  step('day', 1, ['hour', 6]),
  step('day', 2, ['hour', 12]),
  step('day', 7, ['day', 1]),
];

/** Room a label needs, in CSS pixels at the ruler's 11 px font, gap included. */
const LABEL_ROOM: Readonly<Record<Unit, number>> = { second: 76, minute: 60, hour: 60, day: 84 };
/** Minor ticks closer than this are noise; they are left out. */
const MIN_MINOR_PX = 6;

/** The finest step whose labels do not collide at this zoom. */
export function chooseStep(view: TimeRange, width: number): TickStep {
  const pxPerMs = width / (view.to - view.from);
  return TICK_STEPS.find((candidate) => candidate.ms * pxPerMs >= LABEL_ROOM[candidate.unit]) ?? (TICK_STEPS.at(-1) as TickStep);
}

export function ticksFor(view: TimeRange, width: number): TickSet {
  const major = chooseStep(view, width);
  const pxPerMs = width / (view.to - view.from);
  const majorTimes = wallClockTimes(view, major.unit, major.count);
  const majors = majorTimes.map((time) => ({ time, label: majorLabel(time, major) }));
  let minors: number[] = [];
  if (major.minor && UNIT_MS[major.minor.unit] * major.minor.count * pxPerMs >= MIN_MINOR_PX) {
    const onMajor = new Set(majorTimes);
    minors = wallClockTimes(view, major.minor.unit, major.minor.count).filter((time) => !onMajor.has(time));
  }
  const contextUnit = major.unit === 'day' ? 'month' : 'day';
  return { majors, minors, contexts: contextTicks(view, contextUnit), step: major };
}

/**
 * Local times within the view that are whole multiples of `count` `unit`s on the wall
 * clock (10:15, 10:30 …; midnight for days). Built from calendar fields, so a DST change
 * does not shift the labels off the hour; a time that does not exist that night is skipped.
 */
/** Where each unit sits among a date's fields (year, month, day, hours, minutes, seconds). */
const FIELD = { day: 2, hour: 3, minute: 4, second: 5 } as const;

export function wallClockTimes(view: TimeRange, unit: Unit, count: number): number[] {
  const start = new Date(view.from);
  const fields = [start.getFullYear(), start.getMonth(), start.getDate(), start.getHours(), start.getMinutes(), start.getSeconds()] as [number, number, number, number, number, number];
  const index = FIELD[unit];
  for (let finer = index + 1; finer < fields.length; finer++) fields[finer] = 0;
  if (unit === 'day') {
    // Days have no larger unit that restarts them evenly; count from a fixed local day.
    const dayNumber = Math.round((new Date(fields[0], fields[1], fields[2]).getTime() - new Date(1970, 0, 1).getTime()) / UNIT_MS.day);
    fields[2] -= ((dayNumber % count) + count) % count;
  } else {
    fields[index] -= fields[index] % count;
  }
  const times: number[] = [];
  let previous = -Infinity;
  for (let k = 0; ; k++) {
    const at = fields.slice() as typeof fields;
    at[index] += k * count;
    const date = new Date(...at);
    const time = date.getTime();
    if (time >= view.to) break;
    if (time >= view.from && time > previous && onStep(date, unit, count)) times.push(time);
    previous = Math.max(previous, time);
    // A runaway loop would mean a broken clock; no view needs more ticks than this.
    if (k > 100_000) break;
  }
  return times;
}

/**
 * Whether a date still sits on the step after the calendar normalised it: a time the
 * clocks skipped (02:00 when they go forward) comes back as 03:00, which is no tick of a
 * two-hour step. Days are kept whatever their first hour, or a day would lose its label.
 */
function onStep(date: Date, unit: Unit, count: number): boolean {
  switch (unit) {
    case 'second':
      return date.getSeconds() % count === 0;
    case 'minute':
      return date.getMinutes() % count === 0 && date.getSeconds() === 0;
    case 'hour':
      return date.getHours() % count === 0 && date.getMinutes() === 0;
    case 'day':
      return true;
  }
}

function contextTicks(view: TimeRange, unit: 'day' | 'month'): Tick[] {
  const start = new Date(view.from);
  const ticks: Tick[] = [];
  for (let k = 0; ; k++) {
    const date = unit === 'day' ? new Date(start.getFullYear(), start.getMonth(), start.getDate() + k) : new Date(start.getFullYear(), start.getMonth() + k, 1);
    const time = date.getTime();
    if (time >= view.to || k > 1000) break;
    ticks.push({ time, label: unit === 'day' ? dayLabel(time) : monthLabel(time) });
  }
  return ticks;
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** The label of a major tick: seconds only when the step is in seconds; a midnight says which day. */
export function majorLabel(time: number, major: TickStep): string {
  const date = new Date(time);
  if (major.unit === 'day') return shortDayLabel(time);
  if (date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0) return shortDayLabel(time);
  const hm = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  return major.unit === 'second' ? `${hm}:${pad(date.getSeconds())}` : hm;
}

// One fixed locale, as renderer/format.ts uses: day and month words read the same on every console.
const WEEKDAY_DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric' });
const DAY = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric' });

/** "Tue 14": a midnight on the tick row. */
export const shortDayLabel = (time: number): string => WEEKDAY_DAY.format(time);
/** "Tue 14 Jan 2025": the day a stretch of hours belongs to. */
export const dayLabel = (time: number): string => DAY.format(time).replace(',', '');
/** "January 2025": the month a stretch of days belongs to. */
export const monthLabel = (time: number): string => MONTH.format(time);
