import { LAUNCH_KEY_PARAM } from '../../shared/ipc/wire';

/** Where the page keeps the launch key: sessionStorage is this origin's alone, port included, unlike a cookie. */
const STORAGE_NAME = 'tessera.launchKey';

type PageWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'>;

/**
 * The launch key of the web transport, for this window: taken from the address it was
 * opened with (`?k=`, as the launcher prints it and monitor links carry it), kept in
 * sessionStorage so a reload keeps working, and removed from the address bar and its
 * history entry. Undefined when the window was opened without it.
 */
export function takeLaunchKey(page: PageWindow = window): string | undefined {
  const url = new URL(page.location.href);
  const fromAddress = url.searchParams.get(LAUNCH_KEY_PARAM);
  if (fromAddress) {
    try {
      page.sessionStorage.setItem(STORAGE_NAME, fromAddress);
    } catch {
      // Storage refused (a locked-down kiosk browser): this page works until it is reloaded.
    }
    url.searchParams.delete(LAUNCH_KEY_PARAM);
    page.history.replaceState(page.history.state, '', url.pathname + url.search + url.hash);
    return fromAddress;
  }
  try {
    return page.sessionStorage.getItem(STORAGE_NAME) ?? undefined;
  } catch {
    return undefined;
  }
}

/** An address of this app that opens another window of this launch (a monitor link). */
export function withLaunchKey(href: string, key: string): string {
  const url = new URL(href);
  url.searchParams.set(LAUNCH_KEY_PARAM, key);
  return url.toString();
}
