import { presetLayout } from '../../../shared/model/layout';
import type { MonitorView, WallsState } from '../../../shared/model/wall';
import type { TesseraClient } from '../../ipc/client';
import { useWall, type WallState } from '../../stores/wall';
import { viewOf, wallOf } from './monitor-view';
import { browserTimers, type Timers } from './timers';
import { viewKey } from './view-key';
import { ViewSaver } from './view-saver';
import { useWallsUi } from './walls-ui';

/** Puts a saved view on this monitor's wall, exactly (its layout joins the layout menu if it is the operator's own). */
export function showView(view: MonitorView): void {
  const next = wallOf(view);
  const { customLayouts } = useWall.getState();
  const known = presetLayout(next.layout.id) !== undefined || customLayouts.some((layout) => layout.id === next.layout.id);
  useWall.setState({ ...next, customLayouts: known ? customLayouts : [...customLayouts, next.layout], autoFilled: true });
}

const VIEW_FIELDS = ['layout', 'tiles', 'maximized', 'playback', 'carousels', 'cycle'] as const satisfies ReadonlyArray<keyof WallState>;
const viewChanged = (state: WallState, previous: WallState): boolean => VIEW_FIELDS.some((field) => state[field] !== previous[field]);

/**
 * Keeps this monitor's wall and the core's walls store in step. At start it shows the
 * view the core has for this monitor (the default wall, or what it showed last); then it
 * saves every change (ViewSaver: debounced, cheap for the core), and shows what another
 * window switched this monitor to. Its own saves coming back are recognised and ignored.
 */
export class WallsSync {
  private readonly saver: ViewSaver;
  private readonly stops: Array<() => void> = [];
  private applying = false;
  private disposed = false;

  constructor(
    private readonly client: TesseraClient,
    readonly monitor: number,
    timers: Timers = browserTimers,
  ) {
    this.saver = new ViewSaver({
      timers,
      send: async (view) => {
        const result = await client.invoke('walls.saveCurrent', { monitor, view });
        if (!result.ok) console.warn(`Could not save monitor ${monitor}'s view: ${result.error.message}`);
      },
    });
  }

  start(): void {
    useWallsUi.setState({ monitor: this.monitor });
    this.stops.push(
      this.client.on('walls.changed', (state) => this.adopt(state)),
      this.client.on('app.problems', (problems) => useWallsUi.setState({ problems })),
    );
    void this.client.invoke('app.problems', {}).then((result) => result.ok && !this.disposed && useWallsUi.setState({ problems: result.value }));
    void this.client.invoke('app.info', {}).then((result) => result.ok && !this.disposed && useWallsUi.setState({ transport: result.value.transport }));
    void this.client.invoke('walls.get', {}).then((result) => {
      if (this.disposed) return;
      const saved = result.ok ? result.value.current[String(this.monitor)] : undefined;
      if (result.ok) useWallsUi.setState({ walls: result.value });
      else console.warn(`Could not load the walls: ${result.error.message}`);
      if (saved) this.show(saved);
      // Only monitor 0 fills itself with cameras on a fresh install; the others start empty.
      else if (this.monitor > 0) useWall.setState({ autoFilled: true });
      this.stops.push(
        useWall.subscribe((state, previous) => {
          if (!this.applying && viewChanged(state, previous)) this.saver.change(viewOf(state));
        }),
      );
      useWallsUi.setState({ restored: true });
    });
  }

  /**
   * The core's walls as an event or a reply carries them. This monitor shows what they
   * hold for it unless that is this window's own save (or already shown); `force` (a
   * switch this window asked for) shows it even then.
   */
  adopt(state: WallsState, force = false): void {
    if (this.disposed) return;
    useWallsUi.setState({ walls: state });
    const incoming = state.current[String(this.monitor)];
    if (!incoming || !useWallsUi.getState().restored) return;
    if (!force && (this.saver.isOwn(incoming) || viewKey(incoming) === viewKey(viewOf(useWall.getState())))) return;
    this.show(incoming);
  }

  /** Sends a change not yet saved (before the page goes, or before reading every monitor's view). */
  flush(): void {
    this.saver.flush();
  }

  dispose(): void {
    this.saver.flush();
    this.disposed = true;
    this.saver.dispose();
    for (const stop of this.stops.splice(0)) stop();
  }

  private show(view: MonitorView): void {
    this.applying = true;
    try {
      showView(view);
    } finally {
      this.applying = false;
    }
    this.saver.baseline(view);
  }
}

let running: WallsSync | undefined;

/** Starts the sync of this window's monitor; the returned function stops it (saving what is pending). */
export function startWallsSync(client: TesseraClient, monitor: number): () => void {
  const sync = new WallsSync(client, monitor);
  running = sync;
  sync.start();
  const onHide = (): void => sync.flush();
  window.addEventListener('pagehide', onHide);
  return () => {
    window.removeEventListener('pagehide', onHide);
    sync.dispose();
    if (running === sync) running = undefined;
  };
}

/** The running sync (one per window), for the walls actions. */
export function wallsSync(): WallsSync | undefined {
  return running;
}
