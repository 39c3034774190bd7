/**
 * Eagle Eye timestamps: `YYYYMMDDhhmmss.xxx`, always UTC (EENCloud/api-docs
 * source/includes/_api_asset.md, "EEN Timestamp").
 */
export function formatEenTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}`;
}

/** Epoch ms of an EEN timestamp, undefined when it is not one. */
export function parseEenTime(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number((frac ?? '0').padEnd(3, '0')));
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The time an image header names: `x-ee-timestamp` is `<asset class>-<timestamp>`
 * (e.g. `pre-20180917213405.700`, _api_asset.md "Get Image"); a bare timestamp is read too.
 */
export function parseImageTimestamp(header: string | null): number | undefined {
  if (header === null) return undefined;
  const value = header.includes('-') ? header.slice(header.lastIndexOf('-') + 1) : header;
  return parseEenTime(value);
}
