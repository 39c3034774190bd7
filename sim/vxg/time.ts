import { DateTime } from 'luxon';

/**
 * VXG writes and reads every time as UTC `YYYY-MM-DDTHH:MM:SS[.ffffff]` with no zone
 * suffix (VXG.Web.Client's SDK parses `expire` as `Date.parse(expire + 'Z')`; its
 * `CloudHelpers.formatUTCTime` writes requests the same way).
 */
const VXG_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/** Epoch ms as a VXG time, with microseconds as the API writes `expire`. */
export function formatVxgTime(ms: number): string {
  return `${DateTime.fromMillis(Math.floor(ms), { zone: 'utc' }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS")}000`;
}

/**
 * A VXG time as epoch ms; undefined for anything else, a zone suffix included: a client
 * that sends `Z` or an offset has misread the API, and a strict peer shows it.
 */
export function parseVxgTime(text: string): number | undefined {
  if (!VXG_TIME.test(text)) return undefined;
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  return parsed.isValid ? parsed.toMillis() : undefined;
}
