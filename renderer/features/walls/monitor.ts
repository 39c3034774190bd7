/** The highest monitor number a wall has a view for (MonitorView's index in the contract). */
export const MAX_MONITOR = 15;

const PARAM = 'monitor';

/** Which monitor this window shows: `?monitor=N` in its address, 0 without one (or a bad one). */
export function monitorFromSearch(search: string): number {
  const value = new URLSearchParams(search).get(PARAM);
  if (value === null || !/^\d{1,2}$/.test(value)) return 0;
  const monitor = Number(value);
  return monitor <= MAX_MONITOR ? monitor : 0;
}

/**
 * The address of monitor N's view: this page's with `monitor=N`, every other parameter
 * kept as it is (the launch key `k` too, which the browser's monitor links carry).
 */
export function monitorUrl(href: string, monitor: number): string {
  const url = new URL(href);
  url.hash = '';
  url.searchParams.set(PARAM, String(monitor));
  return url.toString();
}
