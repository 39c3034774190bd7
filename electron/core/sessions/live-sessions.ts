import { randomUUID } from 'node:crypto';
import type { LiveStartRequest, LiveStream, StreamStateEvent } from '../../../shared/model/stream';
import { mediaUrl, type MediaProxy } from '../../media/media-proxy';
import type { VmsAdapter, VmsLiveSession } from '../../vms/adapter';
import { isVmsError } from '../../vms/errors';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../backoff';
import type { Clock } from '../clock';
import { CoreError, notFound } from '../errors';
import type { Logger } from '../logger';
import { KeepaliveScheduler } from './keepalive';

export interface LiveSessionServiceOptions {
  readonly clock: Clock;
  readonly log: Logger;
  readonly media: MediaProxy;
  readonly adapterFor: (serverId: string) => VmsAdapter;
  /** Throws not-found when the camera is not (or no longer) on the server. */
  readonly checkCamera: (serverId: string, cameraId: string) => void;
  readonly notify: (clientId: string, event: StreamStateEvent) => void;
  readonly backoff?: BackoffOptions;
}

interface LiveEntry {
  readonly streamId: string;
  readonly clientId: string;
  readonly request: LiveStartRequest;
  session: VmsLiveSession | undefined;
  closed: boolean;
  /** Restart attempts since the session last worked. */
  attempt: number;
  cancelRetry: (() => void) | undefined;
}

/**
 * Live VMS sessions on behalf of renderer tiles. Each tile's stream has a stable id; the
 * VMS session behind it is opened, kept alive on its server's scheduler, restarted when
 * the VMS drops it, and closed when the tile closes or its window goes away.
 */
export class LiveSessionService {
  private readonly entries = new Map<string, LiveEntry>();
  private readonly schedulers = new Map<string, KeepaliveScheduler<LiveEntry>>();

  constructor(private readonly options: LiveSessionServiceOptions) {}

  async start(clientId: string, request: LiveStartRequest): Promise<LiveStream> {
    this.options.checkCamera(request.serverId, request.cameraId);
    const entry: LiveEntry = { streamId: randomUUID(), clientId, request, session: undefined, closed: false, attempt: 0, cancelRetry: undefined };
    this.entries.set(entry.streamId, entry);
    try {
      await this.openSession(entry);
    } catch (error) {
      this.entries.delete(entry.streamId);
      throw error;
    }
    return { streamId: entry.streamId, url: mediaUrl(entry.streamId), kind: 'hls' };
  }

  async stop(clientId: string, streamId: string): Promise<void> {
    const entry = this.entries.get(streamId);
    if (!entry || entry.clientId !== clientId) throw notFound(`No stream ${streamId}`);
    await this.close(entry);
  }

  /** Closes every stream of a client whose window closed, reloaded or lost its socket. */
  async releaseClient(clientId: string): Promise<void> {
    const owned = [...this.entries.values()].filter((entry) => entry.clientId === clientId);
    await Promise.all(owned.map((entry) => this.close(entry)));
  }

  /** Number of streams with a session open on a VMS (for diagnostics and tests). */
  get activeSessions(): number {
    return [...this.entries.values()].filter((entry) => entry.session !== undefined).length;
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => this.close(entry)));
    for (const scheduler of this.schedulers.values()) scheduler.dispose();
    this.schedulers.clear();
  }

  private async openSession(entry: LiveEntry): Promise<void> {
    const adapter = this.options.adapterFor(entry.request.serverId);
    const session = await adapter.openLive({ cameraId: entry.request.cameraId, width: entry.request.width, height: entry.request.height, audio: false });
    if (entry.closed) {
      // The tile went away while the VMS was starting the session: do not leak it.
      await adapter.closeLive(session).catch((error: unknown) => this.options.log.warn('closing an abandoned session failed', { error }));
      throw new CoreError('not-found', 'The stream was closed while it was starting');
    }
    if (session.media.kind !== 'hls') {
      await adapter.closeLive(session).catch(() => undefined);
      throw new CoreError('unavailable', `This server delivers live video as ${session.media.kind}, which this version cannot play yet`);
    }
    entry.session = session;
    this.options.media.open(entry.streamId, session.media);
    if (session.lifetime.kind === 'keepalive') this.scheduler(entry.request.serverId, session.lifetime.intervalMs).add(entry);
  }

  private async close(entry: LiveEntry): Promise<void> {
    if (entry.closed) return;
    entry.closed = true;
    entry.cancelRetry?.();
    this.entries.delete(entry.streamId);
    this.schedulers.get(entry.request.serverId)?.remove(entry);
    this.options.media.close(entry.streamId);
    const session = entry.session;
    entry.session = undefined;
    if (!session) return;
    try {
      await this.options.adapterFor(entry.request.serverId).closeLive(session);
    } catch (error) {
      // The tile is closed either way; a session we could not stop expires on the VMS by itself.
      this.options.log.warn('stopping a live session failed', { server: entry.request.serverId, session: session.id, error });
    }
  }

  private scheduler(serverId: string, intervalMs: number): KeepaliveScheduler<LiveEntry> {
    let scheduler = this.schedulers.get(serverId);
    if (!scheduler) {
      const adapter = this.options.adapterFor(serverId);
      scheduler = new KeepaliveScheduler<LiveEntry>({
        clock: this.options.clock,
        intervalMs,
        send: async (entry) => {
          if (entry.session) await adapter.keepAlive(entry.session);
        },
        onFailure: (entry, error) => this.keepaliveFailed(entry, error),
      });
      this.schedulers.set(serverId, scheduler);
    }
    return scheduler;
  }

  /**
   * The VMS refused the keepalive: the session expired or the server restarted. Open a
   * new one behind the same stream id and tell the tile to reload. A transient failure
   * (server briefly unreachable) is left to the next round.
   */
  private keepaliveFailed(entry: LiveEntry, error: unknown): void {
    const sessionGone = isVmsError(error) && (error.kind === 'rejected' || error.kind === 'not-found');
    this.options.log.warn('keepalive failed', { stream: entry.streamId, session: entry.session?.id, error, sessionGone });
    if (sessionGone) this.restart(entry, `The VMS dropped the session (${(error as Error).message})`);
  }

  private restart(entry: LiveEntry, reason: string): void {
    if (entry.closed) return;
    this.schedulers.get(entry.request.serverId)?.remove(entry);
    entry.session = undefined;
    this.options.notify(entry.clientId, { streamId: entry.streamId, state: 'restarting', reason });
    void this.openSession(entry).then(
      () => {
        entry.attempt = 0;
        this.options.notify(entry.clientId, { streamId: entry.streamId, state: 'restarted' });
      },
      (error: unknown) => {
        if (entry.closed) return;
        const delay = backoffDelay(entry.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
        const why = error instanceof Error ? error.message : 'unknown error';
        entry.cancelRetry = this.options.clock.after(delay, () => {
          entry.cancelRetry = undefined;
          this.restart(entry, why);
        });
      },
    );
  }
}
