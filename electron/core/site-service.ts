import type { SitePushed, SiteMonitor, SitePushResult, SiteState } from '../../shared/model/site';
import type { MonitorView } from '../../shared/model/wall';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { SiteConfig } from '../site/site-config';
import { SiteError, SiteLink } from '../site/site-link';
import type { AckMessage, SiteAck } from '../site/site-protocol';
import { SEALED_FORMATS, type CredentialVault } from './credentials/credential-vault';
import { CoreError } from './errors';
import { alertIdentity } from './events/alert-identity';
import type { EventService } from './events/event-service';
import type { EventRecord } from '../../shared/model/event';
import type { ProblemLog } from './stores/problem-log';
import type { WallsStore } from './walls/walls-store';

/** How often what the monitors show is looked at for the site (the walls store changes by reference). */
const WATCH_MONITORS_MS = 300;

const NOT_CONFIGURED: SiteState = { configured: false, site: '', pc: '', broker: 'off', pcs: [] };

export interface SiteServiceDeps {
  readonly config: SiteConfig | undefined;
  /** This install's id (kept in the data directory): tells two PCs given one name apart. */
  readonly instance?: string;
  readonly vault: CredentialVault;
  readonly problems: ProblemLog;
  readonly clock: Clock;
  readonly log: Logger;
  readonly walls: WallsStore;
  /** Set once the event service exists (it is told of this service's hooks when it is made). */
  readonly events: () => EventService;
  /** A camera's name as its server says it, if known. */
  readonly cameraName: (serverId: string, cameraId: string) => string | undefined;
  readonly changed: (state: SiteState) => void;
  readonly pushed: (notice: SitePushed) => void;
}

/**
 * The core's side of the site (several PCs over one MQTT broker, electron/site/): what
 * this PC's monitors show goes out, pushes from other PCs land in the walls store (every
 * window shows its monitor's new view), and acknowledgements go both ways through the
 * event service. Without a `site` in the deployment file it does nothing.
 */
export class SiteService {
  private readonly link: SiteLink | undefined;
  private cancelWatch: (() => void) | undefined;
  private watched: unknown;
  /** The windows open now (a client of the core each), by the monitor each shows. */
  private readonly windows = new Map<string, number>();

  constructor(private readonly deps: SiteServiceDeps) {
    const config = deps.config;
    if (!config) return;
    this.link = new SiteLink({
      config,
      ...(deps.instance === undefined ? {} : { instance: deps.instance }),
      password: this.password(config),
      clock: deps.clock,
      log: deps.log,
      monitors: () => this.monitors(config),
      show: (views: Record<string, MonitorView>) => this.show(views),
      acknowledge: (ack: SiteAck) => deps.events().acknowledgeFromSite(ack.alert, ack, ack.pc),
      changed: deps.changed,
      pushed: deps.pushed,
      acknowledgedSince: (from: number) => this.acknowledgedSince(config.pc, from),
    });
    this.watch();
  }

  /** This PC's name in the site, when it is in one. */
  get pc(): string | undefined {
    return this.deps.config?.pc;
  }

  state(): SiteState {
    return this.link?.state() ?? NOT_CONFIGURED;
  }

  async push(pc: string, monitors: Record<string, MonitorView>, label: string): Promise<SitePushResult> {
    if (!this.link) throw new CoreError('unavailable', 'This PC is not in a site: the deployment file has no "site"');
    try {
      return await this.link.push(pc, monitors, label);
    } catch (error) {
      if (error instanceof SiteError) throw new CoreError(error.code, error.message);
      throw new CoreError('unavailable', `The push to ${pc} failed: ${(error as Error).message}`);
    }
  }

  /**
   * Views pushed here go to the walls store. One for a monitor with no window (the sender
   * raced its closing, or is an older Tessera) is kept there all the same: its window shows
   * it when it opens. The log says so.
   */
  private show(views: Record<string, MonitorView>): void {
    const open = new Set(this.windows.values());
    const closed = Object.keys(views).filter((monitor) => !open.has(Number(monitor)));
    if (closed.length > 0) this.deps.log.info(`pushed to monitor ${closed.map((monitor) => Number(monitor) + 1).join(', ')}, which no window shows now: shown when its window opens`);
    this.deps.walls.place(views);
  }

  /** A window of this PC shows `monitor` (a client of the core): the site sees the monitor has a window. */
  windowOpened(clientId: string, monitor: number): void {
    if (this.windows.get(clientId) === monitor) return;
    this.windows.set(clientId, monitor);
    this.link?.monitorsChanged();
  }

  /** A client of the core went (its window closed or reloads): its monitor has no window unless another shows it. */
  clientGone(clientId: string): void {
    if (!this.windows.delete(clientId)) return;
    this.link?.monitorsChanged();
  }

  /** Event service hook: acknowledgements made here go to the site. */
  acknowledgedHere(records: readonly EventRecord[]): void {
    this.link?.acknowledged(asAcks(records));
  }

  /** Event service hook: new alerts, for acknowledgements that came before them. */
  recorded(records: readonly EventRecord[]): void {
    this.link?.recorded(records.map((record) => alertIdentity(record)));
  }

  /** This PC's acknowledgements since a moment, as the site carries them (from the audit log, which names the PC). */
  private acknowledgedSince(pc: string, from: number): AckMessage[] {
    const events = this.deps.events();
    return asAcks(events.acknowledgementsAt(pc, from));
  }

  async dispose(): Promise<void> {
    this.cancelWatch?.();
    await this.link?.dispose();
  }

  private watch(): void {
    const current = this.deps.walls.get().current;
    if (current !== this.watched) {
      this.watched = current;
      this.link?.monitorsChanged();
    }
    this.cancelWatch = this.deps.clock.after(WATCH_MONITORS_MS, () => this.watch());
  }

  private password(config: SiteConfig): string | undefined {
    const given = config.broker.password;
    if (given === undefined || !Object.values(SEALED_FORMATS).some((prefix) => given.startsWith(prefix))) return given;
    try {
      return this.deps.vault.open(given);
    } catch (error) {
      this.deps.problems.report({ message: `The site broker's password cannot be opened, so this PC joins the site without it. ${(error as Error).message}` });
      return undefined;
    }
  }

  /** What each monitor of this PC shows, in words for the other PCs' Site panels. */
  private monitors(config: SiteConfig): SiteMonitor[] {
    const current = this.deps.walls.get().current;
    const open = new Set(this.windows.values());
    const indices = new Set<number>([...Object.keys(current).map(Number), ...open]);
    for (let index = 0; index < (config.monitors ?? 1); index++) indices.add(index);
    return [...indices]
      .sort((a, b) => a - b)
      .map((index) => {
        const view = current[String(index)];
        const window = open.has(index);
        if (!view) return { index, layout: '', cameras: [], mode: 'empty' as const, window };
        const tiles = view.tiles.filter((tile) => tile !== null);
        const recorded = tiles.filter((tile) => view.playback !== null || tile.source.mode !== 'live').length;
        const mode = tiles.length === 0 ? 'empty' : recorded === 0 ? 'live' : recorded === tiles.length ? 'recorded' : 'mixed';
        return {
          index,
          layout: view.layout.name,
          cameras: tiles.map((tile) => ({ serverId: tile.serverId, cameraId: tile.cameraId, name: (tile.name ?? this.deps.cameraName(tile.serverId, tile.cameraId) ?? tile.cameraId).slice(0, 200) })),
          mode,
          window,
        };
      });
  }
}

/** Acknowledged alerts as the site carries them: the alert's identity, who, when, why. */
function asAcks(records: readonly EventRecord[]): AckMessage[] {
  return records.flatMap((record) => (record.ack ? [{ alert: alertIdentity(record), by: record.ack.by, at: record.ack.at, ...(record.ack.comment ? { comment: record.ack.comment } : {}) }] : []));
}
