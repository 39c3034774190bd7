/**
 * Which monitors have a window open, through Web Locks: each window holds its monitor's
 * lock for as long as it lives, and the browser (or Electron) releases it when the
 * window closes or crashes. Same-origin windows see each other's locks, so a window can
 * tell whether an alarm's monitor is on screen at all, without asking the core.
 */
const PREFIX = 'tessera-monitor-';

function lockManager(): LockManager | undefined {
  // Absent outside a secure context (never the case for the app's own origins).
  return navigator.locks;
}

/** Holds this window's monitor lock until the returned function is called. */
export function announceMonitor(monitor: number): () => void {
  const locks = lockManager();
  if (!locks) return () => undefined;
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const abort = new AbortController();
  // A second window of the same monitor waits its turn: it takes over if the first closes.
  locks.request(`${PREFIX}${monitor}`, { signal: abort.signal }, () => held).catch(() => undefined);
  return () => {
    abort.abort();
    release();
  };
}

/** The monitors that have a window now, ascending; undefined when it cannot be known. */
export async function monitorsOnScreen(): Promise<number[] | undefined> {
  const locks = lockManager();
  if (!locks) return undefined;
  const snapshot = await locks.query();
  const monitors = (snapshot.held ?? []).flatMap((lock) => (lock.name?.startsWith(PREFIX) ? [Number(lock.name.slice(PREFIX.length))] : []));
  return [...new Set(monitors)].filter(Number.isInteger).sort((a, b) => a - b);
}

/**
 * Whether this window (showing `me`) puts an alarm for monitor `wanted` on its wall: the
 * named monitor's own window, or, when that monitor has no window, the lowest one open,
 * so an alarm screen that is unplugged or closed never makes an alarm pop nowhere.
 */
export function popsHere(me: number, wanted: number, onScreen: readonly number[] | undefined): boolean {
  if (me === wanted) return true;
  if (!onScreen || onScreen.includes(wanted)) return false;
  return onScreen[0] === me;
}
