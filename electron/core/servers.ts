import type { Camera, CameraStatus } from '../../shared/model/camera';
import type { EventStreamInfo, ServerInfo, ServerState } from '../../shared/model/server';
import type { TimeRange } from '../../shared/model/timeline';
import type { CameraCondition, CameraManagement, NewCameraRequest, VmsAdapter, VmsCamera } from '../vms/adapter';
import { isVmsError, retryDelay } from '../vms/errors';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../../shared/time/backoff';
import type { Clock } from '../common/clock';
import type { ServerConfig } from './config';
import { vendorOf } from '../vms/registry';
import { CoreError, notFound } from './errors';
import type { Logger } from '../common/logger';
import { OfflineHistory } from './recordings/offline-history';

export interface ServerDirectoryOptions {
  readonly servers: readonly ServerConfig[];
  readonly createAdapter: (config: ServerConfig) => VmsAdapter;
  readonly clock: Clock;
  readonly log: Logger;
  /** How often camera status is polled while a server is online (per server). */
  readonly refreshMs: (config: ServerConfig) => number;
  /**
   * How often the whole camera list is fetched again (it rarely changes; a site may have
   * hundreds of channels). Sooner when a status names a camera the list does not have.
   */
  readonly listEveryMs?: number;
  readonly backoff?: BackoffOptions;
  readonly onServersChanged: (servers: ServerInfo[]) => void;
  readonly onCamerasChanged: (serverId: string, cameras: Camera[]) => void;
}

interface ServerEntry {
  config: ServerConfig;
  readonly adapter: VmsAdapter;
  /** Set when the server was removed or replaced: its refreshes stop at the next await. */
  retired: boolean;
  stopWatchingSessions: (() => void) | undefined;
  state: ServerState;
  reason: string | undefined;
  since: number;
  cameras: Camera[];
  /** The adapter's list as last fetched, and when. */
  listed: VmsCamera[] | undefined;
  listedAt: number;
  events: EventStreamInfo;
  /** When its cameras were seen offline: the gaps in recordings the VMS does not list. */
  readonly offline: OfflineHistory;
  attempt: number;
  cancelTimer: (() => void) | undefined;
  inFlight: AbortController | undefined;
}

/**
 * Every VMS server: its adapter, its connection state in words, and its cameras. A server
 * that cannot be reached is retried with exponential backoff; a reachable one is
 * refreshed on a timer so camera status stays current. Servers come from the start
 * options and are added, replaced and removed while running (the servers dialog).
 */
export class ServerDirectory {
  private readonly entries = new Map<string, ServerEntry>();
  /** Aborted on dispose: stops retries and in-flight requests. */
  private readonly lifetime = new AbortController();
  private started = false;

  constructor(private readonly options: ServerDirectoryOptions) {
    for (const config of options.servers) this.entries.set(config.id, this.createEntry(config));
  }

  start(): void {
    this.started = true;
    for (const entry of this.entries.values()) this.activate(entry);
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  has(serverId: string): boolean {
    return this.entries.has(serverId);
  }

  /** A new server: connects at once (once started) and is announced. */
  add(config: ServerConfig): void {
    if (this.entries.has(config.id)) throw new Error(`server "${config.id}" exists already`);
    const entry = this.createEntry(config);
    this.entries.set(config.id, entry);
    if (this.started) this.activate(entry);
    this.options.onServersChanged(this.list());
  }

  /**
   * New settings for a server: a new adapter connects with them, in the old one's place
   * in the list. The cameras known so far stay listed until the new adapter has fetched
   * them, so tiles reopening meanwhile find their camera. Stop the server's sessions first:
   * they belong to the old adapter, which is disposed here.
   */
  async replace(config: ServerConfig): Promise<void> {
    const previous = this.entry(config.id);
    const { cameras, listed, listedAt, events, offline } = previous;
    const entry: ServerEntry = { ...this.createEntry(config), cameras, listed, listedAt, events, offline };
    this.entries.set(config.id, entry);
    await this.retire(previous);
    if (this.started) this.activate(entry);
    this.options.onServersChanged(this.list());
  }

  /** Settings that do not change how the server is reached (its name): no reconnect. */
  rename(config: ServerConfig): void {
    this.entry(config.id).config = config;
    this.options.onServersChanged(this.list());
  }

  /** Forgets a server: its adapter stops, its cameras go. Stop its sessions first. */
  async remove(serverId: string): Promise<void> {
    const entry = this.entry(serverId);
    this.entries.delete(serverId);
    await this.retire(entry);
    this.options.onCamerasChanged(serverId, []);
    this.options.onServersChanged(this.list());
  }

  stateOf(serverId: string): ServerState {
    return this.entry(serverId).state;
  }

  config(serverId: string): ServerConfig {
    return this.entry(serverId).config;
  }

  /**
   * Something else found that the server refuses its credentials (a stream's renewal, an
   * event poll): the row says so, and the refresh loop stops until they change.
   */
  signInNeeded(serverId: string, reason: string): void {
    const entry = this.entries.get(serverId);
    if (!entry || entry.state === 'sign-in') return;
    entry.cancelTimer?.();
    entry.cancelTimer = undefined;
    this.setState(entry, 'sign-in', reason.startsWith('Sign-in needed') ? reason : `Sign-in needed: ${reason}`);
  }

  /** Throws the reason in words when the server refused its credentials: asking the VMS again would not help. */
  requireSignedIn(serverId: string): void {
    const entry = this.entry(serverId);
    if (entry.state === 'sign-in') throw new CoreError('sign-in', entry.reason ?? `Sign-in needed on ${entry.config.name ?? serverId}`);
  }

  /** The state of a server's event stream, for its row. */
  setEventStream(serverId: string, info: EventStreamInfo): void {
    const entry = this.entries.get(serverId);
    if (!entry || (entry.events.state === info.state && entry.events.reason === info.reason)) return;
    entry.events = info;
    this.options.onServersChanged(this.list());
  }

  /** A status learnt between polls (from the event stream). */
  applyCameraStatus(serverId: string, cameraId: string, status: CameraStatus): void {
    const entry = this.entries.get(serverId);
    const camera = entry?.cameras.find((candidate) => candidate.cameraId === cameraId);
    if (!entry || !camera) return;
    entry.offline.observe(cameraId, status, this.options.clock.now());
    if (camera.status === status) return;
    entry.cameras = entry.cameras.map((candidate) => (candidate === camera ? { ...candidate, status } : candidate));
    this.options.onCamerasChanged(serverId, entry.cameras);
  }

  list(): ServerInfo[] {
    return [...this.entries.values()].map((entry) => ({
      id: entry.config.id,
      name: entry.config.name ?? entry.config.id,
      kind: entry.config.type,
      state: entry.state,
      reason: entry.reason,
      since: entry.since,
      cameraCount: entry.cameras.length,
      events: entry.events,
      endpoint: entry.adapter.activeEndpoint,
      profiles: [...entry.config.streamProfiles].sort((a, b) => a.width * a.height - b.width * b.height),
      livePreview: entry.adapter.liveImage !== undefined,
      manageCameras: entry.adapter.cameraManagement !== undefined,
      browserSignIn: vendorOf(entry.config).browserSignIn?.applies(entry.config) ?? false,
      raiseEvents: entry.adapter.raisableEvents !== undefined && entry.adapter.createEvent !== undefined,
    }));
  }

  /**
   * Adds a camera to the VMS itself (where its credentials allow) and lists the server's
   * cameras again at once, so the tree and the wall have it when this resolves.
   */
  async addCamera(serverId: string, request: NewCameraRequest): Promise<{ cameraId: string }> {
    const entry = this.entry(serverId);
    const management = this.managementOf(entry);
    const added = await management.add(request);
    await this.relist(entry);
    return added;
  }

  /** Removes a camera from the VMS itself, then lists the server's cameras again. */
  async removeCamera(serverId: string, cameraId: string): Promise<void> {
    const entry = this.entry(serverId);
    this.camera(serverId, cameraId);
    await this.managementOf(entry).remove(cameraId);
    await this.relist(entry);
  }

  cameras(serverId?: string): Camera[] {
    if (serverId !== undefined) return [...this.entry(serverId).cameras];
    return [...this.entries.values()].flatMap((entry) => entry.cameras);
  }

  adapter(serverId: string): VmsAdapter {
    return this.entry(serverId).adapter;
  }

  camera(serverId: string, cameraId: string): Camera {
    const camera = this.entry(serverId).cameras.find((candidate) => candidate.cameraId === cameraId);
    if (!camera) throw notFound(`No camera "${cameraId}" on server "${serverId}"`);
    return camera;
  }

  /** The periods within [from, to] this run of the app saw the camera offline. */
  offlineSpans(serverId: string, cameraId: string, from: number, to: number): TimeRange[] {
    return this.entry(serverId).offline.offline(cameraId, from, to, this.options.clock.now());
  }

  async dispose(): Promise<void> {
    this.lifetime.abort();
    await Promise.allSettled([...this.entries.values()].map((entry) => this.retire(entry)));
  }

  /** A call, not a field read, because it changes across the awaits of `refresh`. */
  private isStopped(entry: ServerEntry): boolean {
    return this.lifetime.signal.aborted || entry.retired;
  }

  private createEntry(config: ServerConfig): ServerEntry {
    return {
      config,
      adapter: this.options.createAdapter(config),
      retired: false,
      stopWatchingSessions: undefined,
      state: 'connecting',
      reason: undefined,
      since: this.options.clock.now(),
      cameras: [],
      listed: undefined,
      listedAt: 0,
      events: { state: 'connecting' },
      offline: new OfflineHistory(),
      attempt: 0,
      cancelTimer: undefined,
      inFlight: undefined,
    };
  }

  private activate(entry: ServerEntry): void {
    // A failover changes which server answers: show it at once.
    entry.stopWatchingSessions = entry.adapter.onSessionsLost(() => this.options.onServersChanged(this.list()));
    void this.refresh(entry);
  }

  /** Stops everything an entry runs: its timer, its request in flight, its adapter. */
  private async retire(entry: ServerEntry): Promise<void> {
    entry.retired = true;
    entry.cancelTimer?.();
    entry.cancelTimer = undefined;
    entry.inFlight?.abort();
    entry.stopWatchingSessions?.();
    await entry.adapter.dispose();
  }

  private entry(serverId: string): ServerEntry {
    const entry = this.entries.get(serverId);
    if (!entry) throw notFound(`No server "${serverId}"`);
    return entry;
  }

  private async refresh(entry: ServerEntry): Promise<void> {
    if (this.isStopped(entry)) return;
    const controller = new AbortController();
    entry.inFlight = controller;
    try {
      await entry.adapter.connect(controller.signal);
      const reachable = entry.state === 'online' || entry.state === 'degraded';
      const stale = this.options.clock.now() - entry.listedAt >= (this.options.listEveryMs ?? 5 * 60_000);
      const listNow = !reachable || stale || !entry.listed;
      let cameras = listNow || !entry.listed ? await this.fetchCameraList(entry, controller.signal) : entry.listed;
      let statuses: ReadonlyMap<string, CameraStatus | CameraCondition> = new Map();
      let statusProblem: string | undefined;
      try {
        statuses = await entry.adapter.cameraStatuses(controller.signal);
      } catch (error) {
        // Without a fresh list this round, a failing status poll is the server failing.
        if (!isVmsError(error) || !listNow) throw error;
        statusProblem = `Camera status unavailable: ${error.message}`;
      }
      const known = new Set(cameras.map((camera) => camera.id));
      if ([...statuses.keys()].some((id) => !known.has(id))) cameras = await this.fetchCameraList(entry, controller.signal);
      if (this.isStopped(entry)) return;
      entry.attempt = 0;
      this.setCameras(entry, cameras, statuses);
      this.setState(entry, statusProblem ? 'degraded' : 'online', statusProblem);
      this.schedule(entry, this.options.refreshMs(entry.config));
    } catch (error) {
      if (this.isStopped(entry)) return;
      if (isVmsError(error) && error.kind === 'auth') {
        // Retrying a refused credential only locks accounts: wait until the operator
        // changes it (a changed server gets a new entry and starts over).
        this.setState(entry, 'sign-in', `Sign-in needed: ${error.message}`);
        return;
      }
      const reason = isVmsError(error) ? error.message : 'Unexpected error while connecting';
      if (!isVmsError(error)) this.options.log.error('server refresh failed', { server: entry.config.id, error });
      this.setState(entry, 'offline', reason);
      this.schedule(entry, retryDelay(error, entry.attempt++, this.options.backoff ?? DEFAULT_BACKOFF));
    } finally {
      if (entry.inFlight === controller) entry.inFlight = undefined;
    }
  }

  private managementOf(entry: ServerEntry): CameraManagement {
    const management = entry.adapter.cameraManagement;
    if (!management) throw new CoreError('forbidden', `${entry.config.name ?? entry.config.id} does not let Tessera add or remove cameras: do it in the VMS itself`);
    if (entry.state === 'sign-in') throw new CoreError('sign-in', entry.reason ?? 'Sign-in needed');
    return management;
  }

  /** The list and statuses now, rather than at the next poll. */
  private async relist(entry: ServerEntry): Promise<void> {
    entry.cancelTimer?.();
    entry.cancelTimer = undefined;
    entry.listed = undefined;
    await this.refresh(entry);
  }

  private async fetchCameraList(entry: ServerEntry, signal: AbortSignal): Promise<VmsCamera[]> {
    entry.listed = await entry.adapter.listCameras(signal);
    entry.listedAt = this.options.clock.now();
    return entry.listed;
  }

  private schedule(entry: ServerEntry, delayMs: number): void {
    entry.cancelTimer?.();
    entry.cancelTimer = this.options.clock.after(delayMs, () => {
      entry.cancelTimer = undefined;
      void this.refresh(entry);
    });
  }

  private setState(entry: ServerEntry, state: ServerState, reason: string | undefined): void {
    if (entry.state === state && entry.reason === reason) return;
    if (entry.state !== state) entry.since = this.options.clock.now();
    entry.state = state;
    entry.reason = reason;
    this.options.log.info(`server ${entry.config.id} is ${state}`, reason ? { reason } : undefined);
    this.options.onServersChanged(this.list());
  }

  private setCameras(entry: ServerEntry, cameras: readonly VmsCamera[], statuses: ReadonlyMap<string, CameraStatus | CameraCondition>): void {
    const now = this.options.clock.now();
    const conditionOf = (id: string): CameraCondition => {
      const found = statuses.get(id) ?? 'unknown';
      return typeof found === 'string' ? { status: found } : found;
    };
    for (const camera of cameras) entry.offline.observe(camera.id, conditionOf(camera.id).status, now);
    entry.offline.retain(new Set(cameras.map((camera) => camera.id)));
    const next: Camera[] = cameras.map((camera) => {
      const condition = conditionOf(camera.id);
      return {
        serverId: entry.config.id,
        cameraId: camera.id,
        name: camera.name,
        model: camera.model,
        address: camera.address,
        group: camera.group,
        status: condition.status,
        ...(condition.detail === undefined ? {} : { detail: condition.detail }),
        ...(condition.recording === undefined ? {} : { recording: condition.recording }),
      };
    });
    if (JSON.stringify(next) === JSON.stringify(entry.cameras)) return;
    const countChanged = next.length !== entry.cameras.length;
    entry.cameras = next;
    this.options.onCamerasChanged(entry.config.id, next);
    if (countChanged) this.options.onServersChanged(this.list());
  }
}
