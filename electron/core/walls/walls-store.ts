import { type MonitorView, type Wall, WallsState } from '../../../shared/model/wall';
import type { Clock } from '../../common/clock';
import { notFound } from '../errors';
import type { Logger } from '../../common/logger';
import { CoalescedWriter } from '../stores/coalesced-writer';
import type { ProblemLog } from '../stores/problem-log';
import { loadRecovering } from '../stores/recovering-load';
import type { StoreFile } from '../stores/store-file';
import { arrangement, EMPTY_WALLS, salvageWalls, startingNow, upsertWall, viewsOf } from './wall-views';

/** The renderer saves what a monitor shows as it changes; this bounds the disk writes. */
const WRITE_EVERY_MS = 500;

export interface WallsStoreDeps {
  readonly file: StoreFile;
  readonly problems: ProblemLog;
  readonly log: Logger;
  readonly clock: Clock;
  /** Tells every window (monitor) that walls, the default or the current views changed. */
  readonly changed: (state: WallsState) => void;
  /** Walls from the deployment file: put into the store at start, replacing those with the same id. */
  readonly provisioned?: {
    readonly walls: readonly Wall[];
    readonly defaultWall: string | undefined;
    /** Shown at the first start only, when no monitor's view is saved yet (see AppConfig.firstWall). */
    readonly firstWall?: string | undefined;
  };
  readonly writeEveryMs?: number;
}

/**
 * Named walls (a view per monitor), the default wall and what every monitor shows now,
 * in `walls.json`. At start a default wall, if set, becomes what every monitor shows,
 * exactly; without one, each monitor resumes what it showed last. What monitors show
 * changes often (the renderer saves as the operator works) and is written coalesced;
 * the operator's explicit actions (save, delete, default, switch) are written at once.
 */
export class WallsStore {
  private state: WallsState;
  private readonly writer: CoalescedWriter;

  constructor(private readonly deps: WallsStoreDeps) {
    this.state = loadRecovering({
      file: deps.file,
      label: 'walls',
      schema: WallsState,
      fresh: () => EMPTY_WALLS,
      freshStart: 'the wall starts empty',
      // walls.json is rewritten at every start: a downgrade must not lose a newer version's fields silently.
      keepsNewerFields: true,
      salvage: salvageWalls,
      problems: deps.problems,
      log: deps.log,
      now: () => deps.clock.now(),
    });
    this.writer = new CoalescedWriter(() => deps.file.write(this.state), deps.clock, deps.writeEveryMs ?? WRITE_EVERY_MS, deps.log);
    const before = this.state;
    if (deps.provisioned) this.provision(deps.provisioned.walls, deps.provisioned.defaultWall);
    const firstStart = Object.keys(this.state.current).length === 0;
    this.restoreDefault();
    const firstWall = deps.provisioned?.firstWall;
    if (firstStart && this.state.defaultWallId === null && firstWall !== undefined && !this.startOn(firstWall)) {
      deps.log.warn(`the first wall "${firstWall}" is not among the saved walls; monitors start empty`);
    }
    if (this.state !== before) this.persistNow();
  }

  get(): WallsState {
    return this.state;
  }

  /** What one monitor shows now. Other windows are not told: each monitor owns its view. */
  saveCurrent(monitor: number, view: MonitorView): void {
    const key = String(monitor);
    const active = this.state.walls.find((wall) => wall.id === this.state.activeWallId);
    const wallView = active?.monitors[monitor];
    const stillActive = active !== undefined && (wallView === undefined || arrangement(wallView) === arrangement(view));
    this.state = { ...this.state, current: { ...this.state.current, [key]: view }, activeWallId: stillActive ? this.state.activeWallId : null };
    this.writer.schedule();
    // Once the operator has changed the wall, no wall is "the one shown" any more.
    if (active && !stillActive) this.deps.changed(this.state);
  }

  /** Adds or replaces a wall; saved from what the monitors show, it is the wall they show. */
  save(wall: Wall): WallsState {
    const shown = wall.monitors.every((view, monitor) => {
      const current = this.state.current[String(monitor)];
      return current !== undefined && arrangement(current) === arrangement(view);
    });
    return this.commit({ ...this.state, walls: upsertWall(this.state.walls, wall), activeWallId: shown ? wall.id : this.state.activeWallId });
  }

  delete(id: string): WallsState {
    this.wall(id);
    const clear = (known: string | null): string | null => (known === id ? null : known);
    return this.commit({ ...this.state, walls: this.state.walls.filter((wall) => wall.id !== id), defaultWallId: clear(this.state.defaultWallId), activeWallId: clear(this.state.activeWallId) });
  }

  setDefault(id: string | null): WallsState {
    if (id !== null) this.wall(id);
    return this.commit({ ...this.state, defaultWallId: id });
  }

  /** Every monitor the wall has a view for switches to it; other monitors keep theirs. */
  activate(id: string): WallsState {
    return this.commit(this.showing(this.wall(id)));
  }

  /**
   * Views another PC of the site pushed onto some monitors: they show them at once (each
   * window adopts its monitor's view from the change), and no saved wall is "the one shown".
   * A recording's clock starts again from where the sender had it, now.
   */
  place(views: Readonly<Record<string, MonitorView>>): WallsState {
    const now = this.deps.clock.now();
    const placed = Object.fromEntries(Object.entries(views).map(([monitor, view]) => [monitor, startingNow(view, now)]));
    return this.commit({ ...this.state, activeWallId: null, current: { ...this.state.current, ...placed } });
  }

  /** Writes what is pending and stops the write timer. */
  dispose(): void {
    this.writer.dispose();
  }

  private wall(id: string): Wall {
    const wall = this.state.walls.find((known) => known.id === id);
    if (!wall) throw notFound(`No wall "${id}"`);
    return wall;
  }

  private commit(next: WallsState): WallsState {
    this.state = next;
    this.persistNow();
    this.deps.changed(next);
    return next;
  }

  private persistNow(): void {
    this.writer.schedule();
    this.writer.flush();
  }

  /** The deployment's walls replace those with the same id; its default wall becomes the default. */
  private provision(walls: readonly Wall[], defaultWall: string | undefined): void {
    let all = this.state.walls;
    for (const wall of walls) all = upsertWall(all, wall);
    this.state = { ...this.state, walls: all, defaultWallId: defaultWall ?? this.state.defaultWallId };
  }

  private restoreDefault(): void {
    const id = this.state.defaultWallId;
    if (id === null || this.startOn(id)) return;
    this.deps.log.warn(`the default wall "${id}" is not among the saved walls; monitors resume what they showed`);
    this.state = { ...this.state, defaultWallId: null };
  }

  /** At start, every monitor the wall has a view for shows it, as if switched to; false when no such wall is saved. */
  private startOn(id: string): boolean {
    const wall = this.state.walls.find((known) => known.id === id);
    if (!wall) return false;
    this.state = this.showing(wall);
    return true;
  }

  /** The state with every monitor the wall has a view for showing it, the wall the one shown. */
  private showing(wall: Wall): WallsState {
    return { ...this.state, activeWallId: wall.id, current: { ...this.state.current, ...viewsOf(wall, this.deps.clock.now()) } };
  }
}
