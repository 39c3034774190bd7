import { create } from 'zustand';

/** What of the window besides the tiles is shown: remembered per monitor, in this browser/profile. */
export interface PanelsState {
  /** The camera tree on the left. */
  readonly tree: boolean;
  /** The alert list on the right. */
  readonly alerts: boolean;
  /** Only the tiles and an alert ticker: the wall has the screen (F11). */
  readonly wallOnly: boolean;
  readonly toggle: (panel: 'tree' | 'alerts' | 'wallOnly') => void;
}

const key = (monitor: number): string => `tessera.panels.${monitor}`;
let monitorOfWindow = 0;

/**
 * A monitor seen for the first time starts with what fits it: on a narrow or portrait
 * screen the camera tree starts folded, so the wall gets the width.
 */
export function defaultPanels(width: number, height: number): Pick<PanelsState, 'tree' | 'alerts' | 'wallOnly'> {
  return { tree: width >= 1000 && width > height, alerts: true, wallOnly: false };
}

function read(monitor: number): Pick<PanelsState, 'tree' | 'alerts' | 'wallOnly'> {
  const fallback = typeof window === 'undefined' ? { tree: true, alerts: true, wallOnly: false } : defaultPanels(window.innerWidth, window.innerHeight);
  try {
    const saved: unknown = JSON.parse(globalThis.localStorage.getItem(key(monitor)) ?? 'null');
    if (saved && typeof saved === 'object') {
      const value = saved as Record<string, unknown>;
      return { tree: typeof value['tree'] === 'boolean' ? value['tree'] : fallback.tree, alerts: typeof value['alerts'] === 'boolean' ? value['alerts'] : fallback.alerts, wallOnly: value['wallOnly'] === true };
    }
  } catch {
    // Storage unavailable or unreadable: the defaults for this screen.
  }
  return fallback;
}

export const usePanels = create<PanelsState>()((set, get) => ({
  ...read(0),
  toggle: (panel) => {
    set({ [panel]: !get()[panel] });
    const { tree, alerts, wallOnly } = get();
    try {
      globalThis.localStorage.setItem(key(monitorOfWindow), JSON.stringify({ tree, alerts, wallOnly }));
    } catch {
      // Not remembered (private mode, full storage): it still applies until the window closes.
    }
  },
}));

/** Shows the panels as this monitor last had them. */
export function loadPanels(monitor: number): void {
  monitorOfWindow = monitor;
  usePanels.setState(read(monitor));
}
