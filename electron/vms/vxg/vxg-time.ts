/**
 * VXG writes every time as UTC `YYYY-MM-DDTHH:MM:SS[.ffffff]` with no zone suffix, in
 * requests and replies; its own SDK reads them with `Date.parse(time + 'Z')`
 * (VXG.Web.Client CloudSDK `_applyMediaTiket`, CloudHelpers.formatUTCTime).
 */
export function formatVxgTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 23);
}

/** Epoch ms of a VXG time; undefined when it is not one. */
export function parseVxgTime(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$/.test(text)) return undefined;
  // Date.parse keeps milliseconds: microseconds beyond them are dropped.
  const parsed = Date.parse(`${text.length > 23 ? text.slice(0, 23) : text}Z`);
  return Number.isFinite(parsed) ? parsed : undefined;
}
