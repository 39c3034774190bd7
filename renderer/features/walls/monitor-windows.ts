import { monitorUrl } from './monitor';

/** The parts of the Window Management API used here (not yet in TypeScript's DOM types). */
export interface ScreenArea {
  readonly availLeft: number;
  readonly availTop: number;
  readonly availWidth: number;
  readonly availHeight: number;
  readonly isPrimary: boolean;
}

interface ScreenDetails {
  readonly screens: readonly ScreenArea[];
}

type WindowWithScreens = Window & { getScreenDetails?: () => Promise<ScreenDetails> };

/** Monitor numbers for screens: the primary is 0, the others follow left to right, then top to bottom. */
export function orderScreens<S extends ScreenArea>(screens: readonly S[]): S[] {
  return [...screens].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary) || a.availLeft - b.availLeft || a.availTop - b.availTop);
}

export type Placement = { readonly placed: true; readonly screens: number; readonly opened: number } | { readonly placed: false; readonly reason: string };

/**
 * Opens a window with every other monitor's view on its own screen, where the browser
 * offers the Window Management API and the operator allows it ('window-management'
 * permission: the browser asks once). Otherwise says why, and the links do the rest.
 */
export async function openMonitorWindows(thisMonitor: number, href: string): Promise<Placement> {
  const host = window as WindowWithScreens;
  if (typeof host.getScreenDetails !== 'function') return { placed: false, reason: 'This browser cannot place windows on screens (no Window Management API).' };
  let screens: ScreenArea[];
  try {
    screens = orderScreens((await host.getScreenDetails()).screens);
  } catch (error) {
    return { placed: false, reason: `Placing windows on screens was not allowed (${error instanceof Error ? error.message : String(error)}).` };
  }
  let opened = 0;
  screens.forEach((screen, monitor) => {
    if (monitor === thisMonitor) return;
    const features = `popup,left=${screen.availLeft},top=${screen.availTop},width=${screen.availWidth},height=${screen.availHeight}`;
    if (window.open(monitorUrl(href, monitor), `tessera-monitor-${monitor}`, features)) opened++;
  });
  return { placed: true, screens: screens.length, opened };
}
