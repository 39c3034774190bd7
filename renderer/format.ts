/** Times as an operator reads them: local, 24-hour, seconds; the date only when it is not today. */
export function formatTime(epochMs: number, now: number = Date.now()): string {
  const date = new Date(epochMs);
  const time = clockTime(date);
  return sameDay(date, new Date(now)) ? time : `${formatDate(date)} ${time}`;
}

/** Date and time always, for details where "today" is not obvious (a drawer read on the next shift). */
export function formatDateTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${formatDate(date)} ${clockTime(date)}`;
}

/**
 * `HH:MM:SS` in local time, 24-hour. Built from the date's fields rather than with
 * `toLocaleTimeString`, which sets up an ICU formatter on every call: a burst of 300
 * alerts spent 1.6 s of the page's main thread in it (every visible row, every update).
 */
function clockTime(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The UTC offset in force at a moment, as `UTC+01:00`: a stamp read in another zone or season still says when. */
export function formatOffset(epochMs: number): string {
  const offset = -new Date(epochMs).getTimezoneOffset();
  const abs = Math.abs(offset);
  return `UTC${offset < 0 ? '−' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function formatDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The value of an `<input type="datetime-local" step="1">` for a moment, in local time. */
export function toLocalInput(epochMs: number): string {
  const date = new Date(epochMs);
  return `${formatDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The moment an `<input type="datetime-local">` value names, read as local time; undefined if invalid. */
export function fromLocalInput(value: string): number | undefined {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number | undefined];
  const time = new Date(year, month - 1, day, hour, minute, Number.isFinite(second) ? second : 0).getTime();
  return Number.isFinite(time) ? time : undefined;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A size in megabytes (MiB), one decimal: a file to download, a message too large to send. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}
