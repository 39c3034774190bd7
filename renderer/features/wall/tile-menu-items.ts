/** One line of a tile's context menu. */
export interface TileMenuItem {
  readonly id: string;
  readonly label: string;
  /** The wall's own key for the same action, shown beside it. */
  readonly keys?: string;
  readonly run: () => void;
  /** Starts a group: a separator above it. */
  readonly group?: boolean;
}

/** What a tile holds and can do, for its menu. */
export interface TileMenuContext {
  /** The tile's camera is there to play. */
  readonly hasCamera: boolean;
  /** The tile names a camera, there or not (its server gone, or no longer listing it). */
  readonly occupied: boolean;
  readonly mode: 'live' | 'replay' | 'archive';
  readonly maximized: boolean;
  readonly marked: boolean;
  readonly zoomed: boolean;
  readonly canRaiseEvents: boolean;
  readonly inSite: boolean;
}

/** The tile's actions, each one of the wall's own (its toolbar, keys or gestures). */
export interface TileMenuActions {
  readonly replay: (ms: number) => void;
  readonly live: () => void;
  readonly pickTime: () => void;
  readonly raiseEvent: () => void;
  readonly snapshot: () => void;
  readonly maximize: () => void;
  readonly resetZoom: () => void;
  readonly toggleGroup: () => void;
  readonly carousel: () => void;
  readonly send: () => void;
  readonly close: () => void;
}

/** The instant replays a live tile offers: its last 10 and 30 seconds. */
export const REPLAY_JUMPS_MS = [10_000, 30_000] as const;

/**
 * A tile's context menu: everything its hover toolbar, the wall's keys and its gestures do,
 * in one list an operator finds with a right-click (or the menu key) on a small tile whose
 * toolbar has no room. An empty tile offers only what fits one: a carousel; a tile whose
 * camera is missing can be closed as well.
 */
export function tileMenuItems(context: TileMenuContext, actions: TileMenuActions): TileMenuItem[] {
  const close: TileMenuItem = { id: 'close', label: 'Close tile', keys: 'Delete', run: actions.close, group: true };
  if (!context.hasCamera) return [{ id: 'carousel', label: 'Carousel…', run: actions.carousel }, ...(context.occupied ? [close] : [])];
  const items: TileMenuItem[] = [];
  if (context.mode === 'live') {
    for (const ms of REPLAY_JUMPS_MS) items.push({ id: `replay-${ms / 1000}`, label: `Replay the last ${ms / 1000} s`, run: () => actions.replay(ms) });
  } else {
    items.push({ id: 'live', label: 'Back to live', run: actions.live });
  }
  items.push({ id: 'archive', label: 'Play recording from a time…', run: actions.pickTime });
  items.push({ id: 'snapshot', label: 'Snapshot (PNG)', run: actions.snapshot, group: true });
  if (context.canRaiseEvents) items.push({ id: 'raise-event', label: 'Raise an event…', run: actions.raiseEvent });
  items.push({ id: 'maximize', label: context.maximized ? 'Restore the wall' : 'Maximise', keys: 'Enter', run: actions.maximize, group: true });
  if (context.zoomed) items.push({ id: 'reset-zoom', label: 'Whole picture (end digital zoom)', run: actions.resetZoom });
  items.push({ id: 'group', label: context.marked ? 'Take out of the playback group' : 'Add to the playback group', keys: 'Ctrl+click', run: actions.toggleGroup });
  items.push({ id: 'carousel', label: 'Carousel…', run: actions.carousel });
  if (context.inSite) items.push({ id: 'send', label: 'Send to a monitor…', run: actions.send });
  items.push(close);
  return items;
}
