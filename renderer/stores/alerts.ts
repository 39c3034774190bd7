import { create } from 'zustand';
import type { AlarmEvent, AlertChange, AlertCounts } from '../../shared/ipc/schemas';
import { cameraKey } from '../../shared/model/camera';
import { type EventFilter, type EventRecord, matchesFilter, SEVERITIES } from '../../shared/model/event';
import type { TesseraClient } from '../ipc/client';
import { type Displaced, placeAlarm } from '../features/alerts/alarm-placement';
import { useWall, type WallState } from './wall';

/** What the alarms need of this window's wall (the wall store; a plain object in unit tests). */
export type AlarmWall = Pick<WallState, 'tiles' | 'marked' | 'maximized' | 'touchedAt' | 'popAlarm' | 'restoreTile'>;

/** Rows a window keeps of the current list; older ones are fetched again when scrolled to. */
const KEEP = 5000;
const PAGE = 200;

const EMPTY_COUNTS: AlertCounts = { open: 0, bySeverity: Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as AlertCounts['bySeverity'] };

export interface TileAlarm {
  readonly eventId: string;
  readonly label: string;
}

export interface AlertsState {
  readonly filter: EventFilter;
  /** The list for `filter`, newest first. */
  readonly records: readonly EventRecord[];
  /** True while there may be older records than the last one loaded. */
  readonly more: boolean;
  readonly loading: boolean;
  readonly counts: AlertCounts;
  readonly selected: ReadonlySet<string>;
  /** The alert open in the drawer. */
  readonly opened: string | undefined;
  /**
   * Open alarms by camera (`cameraKey`), oldest first: every tile showing that camera, on
   * any monitor, flashes and names the newest until it is acknowledged.
   */
  readonly cameraAlarms: Readonly<Record<string, readonly TileAlarm[]>>;
  /** Open alarms that sound, by event id. */
  readonly sounding: ReadonlySet<string>;
  /** Open alarms that flash, by event id. */
  readonly flashing: ReadonlySet<string>;
  /**
   * The stack of recent alarms this window shows beside the wall, newest first, until each
   * is acknowledged or dismissed: the place alarms go without taking a tile.
   */
  readonly stack: readonly AlarmEvent[];
  /** The alarm of the stack on show (an index into `stack`). */
  readonly stackAt: number;
  /** The pointer is over the list: rows must not move under it. */
  readonly pointerOver: boolean;
  /**
   * New alerts held back while the list holds still (pointer over it, or rows ticked),
   * newest first: shown as "N new" until revealed.
   */
  readonly pending: readonly EventRecord[];
  readonly toggleSelected: (id: string) => void;
  readonly selectOnly: (ids: readonly string[]) => void;
  readonly setPointerOver: (over: boolean) => void;
  /** Puts the held-back alerts into the list. */
  readonly reveal: () => void;
  readonly open: (id: string | undefined) => void;
}

export const useAlerts = create<AlertsState>()((set) => ({
  filter: { state: 'alerts' },
  records: [],
  more: true,
  loading: false,
  counts: EMPTY_COUNTS,
  selected: new Set(),
  pointerOver: false,
  pending: [],
  opened: undefined,
  cameraAlarms: {},
  sounding: new Set(),
  flashing: new Set(),
  stack: [],
  stackAt: 0,
  toggleSelected: (id) =>
    set((state) => {
      const selected = new Set(state.selected);
      if (!selected.delete(id)) selected.add(id);
      return released({ ...state, selected });
    }),
  selectOnly: (ids) => set((state) => released({ ...state, selected: new Set(ids) })),
  setPointerOver: (over) => set((state) => released({ ...state, pointerOver: over })),
  reveal: () => set((state) => ({ records: mergeRecords(state.records, state.pending), pending: [] })),
  open: (id) => set({ opened: id }),
}));

/** Whether the list holds its rows still: the pointer is over it, or rows are ticked. */
export function holding(state: Pick<AlertsState, 'pointerOver' | 'selected'>): boolean {
  return state.pointerOver || state.selected.size > 0;
}

/** The state with `change` applied; once nothing holds the list, what was held back joins it. */
function released(next: Pick<AlertsState, 'pointerOver' | 'selected' | 'records' | 'pending'>): Partial<AlertsState> {
  const { pointerOver, selected } = next;
  if (holding(next) || next.pending.length === 0) return { pointerOver, selected };
  return { pointerOver, selected, records: mergeRecords(next.records, next.pending), pending: [] };
}

/** Merges records (any order) into a newest-first list without duplicates. */
export function mergeRecords(current: readonly EventRecord[], incoming: readonly EventRecord[]): EventRecord[] {
  if (incoming.length === 0) return [...current];
  const newestFirst = (a: EventRecord, b: EventRecord): number => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const fresh = [...incoming].sort(newestFirst);
  const newest = current[0];
  // The usual case, new events newer than any shown: no set, no sort of the whole list.
  if (!newest || (fresh.at(-1)?.id ?? '') > newest.id) return [...fresh, ...current].slice(0, KEEP);
  const known = new Set(current.map((record) => record.id));
  return [...fresh.filter((record) => !known.has(record.id)), ...current].sort(newestFirst).slice(0, KEEP);
}

function applyChanges(records: readonly EventRecord[], changes: readonly AlertChange[], filter: EventFilter): EventRecord[] {
  const byId = new Map(changes.map((change) => [change.id, change]));
  return records.flatMap((record) => {
    const change = byId.get(record.id);
    if (!change) return [record];
    const next: EventRecord = { ...record, state: change.state, ack: change.ack, ...(change.image ? { image: change.image } : {}) };
    return matchesFilter(next, filter) ? [next] : [];
  });
}

/**
 * The alert list of one window: loads pages from the journal through the core, adds new
 * events as they come (when they match the filter), follows acknowledgements made from
 * any window, and plays alarms. Returns the function that stops listening.
 */
export class AlertsSync {
  private generation = 0;

  /** Alarms waiting to learn whether they pop onto this window's wall. */
  private readonly placing = new Set<string>();
  /** Tiles alarms took, by event id, with what they showed before. */
  private readonly displaced = new Map<string, Displaced>();

  /**
   * @param showsMonitor whether this window pops the alarms of a monitor (onto its tile or into its stack).
   * @param wall this window's wall.
   */
  constructor(
    private readonly client: TesseraClient,
    private readonly showsMonitor: (monitor: number) => Promise<boolean> = () => Promise.resolve(true),
    private readonly wall: () => AlarmWall = () => useWall.getState(),
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Takes an alarm off this window's wall without acknowledging it: out of the stack, and
   * the tile it took gets back what it showed. It stays open in the list.
   */
  dismiss(eventId: string): void {
    this.placing.delete(eventId);
    this.giveBack([eventId]);
  }

  /** The tile an alarm took on this window's wall, if it did. */
  tileOf(eventId: string): number | undefined {
    return this.displaced.get(eventId)?.index;
  }

  start(): () => void {
    const stops = [
      this.client.on('events.added', (batch) =>
        useAlerts.setState((state) => {
          const matching = batch.filter((record) => matchesFilter(record, state.filter));
          if (matching.length === 0) return {};
          // Rows hold still under the pointer and while some are ticked: the new ones wait above.
          return holding(state) ? { pending: mergeRecords(state.pending, matching) } : { records: mergeRecords(state.records, matching) };
        }),
      ),
      this.client.on('alerts.changed', (changes) => {
        useAlerts.setState((state) => ({ records: applyChanges(state.records, changes, state.filter), pending: applyChanges(state.pending, changes, state.filter) }));
        // Acknowledged or closed alerts go quiet; a change of an open one (its picture came
        // later) leaves its alarm sounding, flashing and on its tile.
        this.quiet(changes.filter((change) => change.state !== 'open').map((change) => change.id));
      }),
      this.client.on('alerts.counts', (counts) => useAlerts.setState({ counts })),
      this.client.on('alerts.alarm', (alarm) => this.alarm(alarm)),
      this.client.on('alerts.silenced', (ids) => {
        const silenced = new Set(ids);
        useAlerts.setState((state) => ({ sounding: new Set([...state.sounding].filter((id) => !silenced.has(id))) }));
      }),
    ];
    void this.client.invoke('alerts.counts', {}).then((result) => {
      if (result.ok) useAlerts.setState({ counts: result.value });
    });
    // Alarms raised before this window started still flash and sound, and those of the
    // stack are back in it (no pop onto a tile: the wall already shows what the operator
    // arranged since).
    void this.client.invoke('alerts.alarms', {}).then(async (result) => {
      if (!result.ok) return;
      for (const alarm of [...result.value].reverse()) this.mark(alarm);
      for (const alarm of result.value) {
        if (alarm.cameraId && (alarm.stack || alarm.tile !== null) && (await this.showsMonitor(alarm.monitor).catch(() => false))) this.stackUp(alarm);
      }
    });
    void this.load(useAlerts.getState().filter);
    return () => stops.forEach((stop) => stop());
  }

  /** Shows the list for a filter, from its newest record. */
  async load(filter: EventFilter): Promise<void> {
    const generation = ++this.generation;
    useAlerts.setState({ filter, records: [], pending: [], more: true, loading: true, selected: new Set() });
    const result = await this.client.invoke('events.query', { filter, limit: PAGE });
    if (generation !== this.generation) return;
    useAlerts.setState((state) => (result.ok ? { records: mergeRecords(state.records, result.value), more: result.value.length === PAGE, loading: false } : { loading: false, more: false }));
  }

  /** Fetches the page after the oldest record shown. */
  async loadMore(): Promise<void> {
    const { filter, records, more, loading } = useAlerts.getState();
    const last = records.at(-1);
    if (!more || loading || !last) return;
    const generation = this.generation;
    useAlerts.setState({ loading: true });
    const result = await this.client.invoke('events.query', { filter, limit: PAGE, before: last.id });
    if (generation !== this.generation) return;
    useAlerts.setState((state) => (result.ok ? { records: mergeRecords(state.records, result.value), more: result.value.length === PAGE, loading: false } : { loading: false }));
  }

  private alarm(alarm: AlarmEvent): void {
    this.mark(alarm);
    void this.pop(alarm);
  }

  /** Every window flashes and sounds an alarm, and names it on the tiles that show its camera. */
  private mark(alarm: AlarmEvent): void {
    const key = alarm.cameraId && (alarm.tile !== null || alarm.flash) ? cameraKey({ serverId: alarm.serverId, cameraId: alarm.cameraId }) : undefined;
    useAlerts.setState((state) => ({
      cameraAlarms: key ? { ...state.cameraAlarms, [key]: [...(state.cameraAlarms[key] ?? []).filter((known) => known.eventId !== alarm.eventId), { eventId: alarm.eventId, label: alarm.label }] } : state.cameraAlarms,
      sounding: alarm.sound ? new Set([...state.sounding, alarm.eventId]) : state.sounding,
      flashing: alarm.flash ? new Set([...state.flashing, alarm.eventId]) : state.flashing,
    }));
  }

  /**
   * Only the window of the alarm's monitor places it: on the rule's tile when the operator
   * is not using it (or the rule takes it anyway), else in the stack of recent alarms.
   */
  private async pop(alarm: AlarmEvent): Promise<void> {
    if ((alarm.tile === null && !alarm.stack) || !alarm.cameraId) return;
    this.placing.add(alarm.eventId);
    const here = await this.showsMonitor(alarm.monitor).catch(() => false);
    // Acknowledged while this window asked: nothing to pop any more.
    if (!this.placing.delete(alarm.eventId) || !here) return;
    const wall = this.wall();
    const place = placeAlarm(alarm, wall, this.now());
    if (place.kind === 'stack') this.stackUp(alarm);
    else if (place.kind === 'tile') {
      const camera = { serverId: alarm.serverId, cameraId: alarm.cameraId };
      // A second alarm on the same tile keeps the first one's record of what the tile showed.
      const earlier = [...this.displaced.entries()].find(([, taken]) => taken.index === place.index);
      const taken = wall.popAlarm(place.index, camera);
      if (earlier) this.displaced.delete(earlier[0]);
      this.displaced.set(alarm.eventId, earlier ? { ...earlier[1], camera } : { index: place.index, camera, ...taken });
    }
  }

  private stackUp(alarm: AlarmEvent): void {
    useAlerts.setState((state) => (state.stack.some((known) => known.eventId === alarm.eventId) ? {} : { stack: [alarm, ...state.stack], stackAt: 0 }));
  }

  /** Alarms acknowledged or dismissed leave the stack, and the tiles they took get back what they showed. */
  private giveBack(ids: readonly string[]): void {
    const done = new Set(ids);
    for (const id of ids) {
      const taken = this.displaced.get(id);
      if (!taken) continue;
      this.displaced.delete(id);
      this.wall().restoreTile(taken.index, taken.camera, taken.previous, taken.carousel);
    }
    useAlerts.setState((state) => {
      if (!state.stack.some((alarm) => done.has(alarm.eventId))) return {};
      const stack = state.stack.filter((alarm) => !done.has(alarm.eventId));
      return { stack, stackAt: Math.min(state.stackAt, Math.max(0, stack.length - 1)) };
    });
  }

  /** Acknowledged alarms stop flashing and sounding, and give back what they took. */
  private quiet(ids: readonly string[]): void {
    const done = new Set(ids);
    for (const id of ids) this.placing.delete(id);
    this.giveBack(ids);
    useAlerts.setState((state) => ({
      cameraAlarms: Object.fromEntries(
        Object.entries(state.cameraAlarms).flatMap(([key, alarms]) => {
          const open = alarms.filter((alarm) => !done.has(alarm.eventId));
          return open.length > 0 ? [[key, open]] : [];
        }),
      ),
      sounding: new Set([...state.sounding].filter((id) => !done.has(id))),
      flashing: new Set([...state.flashing].filter((id) => !done.has(id))),
    }));
  }
}
