import { randomUUID } from 'node:crypto';
import type { LiveStartRequest, StreamInfo, StreamStateEvent } from '../../../shared/model/stream';
import { type MediaProxy, streamInfo } from '../../media/media-proxy';
import type { VmsAdapter, VmsSession, WebRtcSignalling } from '../../vms/adapter';
import { isVmsError, retryDelay } from '../../vms/errors';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../../../shared/time/backoff';
import type { Clock } from '../../common/clock';
import { CoreError, notFound } from '../errors';
import type { Logger } from '../../common/logger';
import { KeepaliveScheduler } from './keepalive';

/** Retries of a failed stop; with the default backoff they span a few minutes, past any expiry. */
const MAX_STOP_ATTEMPTS = 8;
/** A session that expires is renewed this long before it does, at most... */
const RENEW_MARGIN_MAX_MS = 60_000;
/** ...and this share of its life before, for short lives (a ticket of seconds in tests). */
const RENEW_MARGIN_SHARE = 0.25;

export type StreamMode = { readonly mode: 'live' } | { readonly mode: 'archive'; readonly fromMs: number };

export interface StreamServiceOptions {
  readonly clock: Clock;
  readonly log: Logger;
  readonly media: MediaProxy;
  readonly adapterFor: (serverId: string) => VmsAdapter;
  /** Throws not-found when the camera is not (or no longer) on the server. */
  readonly checkCamera: (serverId: string, cameraId: string) => void;
  readonly notify: (clientId: string, event: StreamStateEvent) => void;
  /** The VMS refused a credential while a stream was running: the server row says so. */
  readonly onAuthFailure?: (serverId: string, reason: string) => void;
  readonly backoff?: BackoffOptions;
}

interface StreamEntry {
  readonly streamId: string;
  readonly clientId: string;
  readonly request: LiveStartRequest;
  readonly mode: StreamMode;
  session: VmsSession | undefined;
  closed: boolean;
  reopening: boolean;
  /** Reopen attempts since the session last worked. */
  attempt: number;
  cancelRetry: (() => void) | undefined;
  /** The timer of the next renewal, for sessions that expire. */
  cancelRenew: (() => void) | undefined;
  /** A WebRTC session's offer was handed to a player: the next player (a reload) needs a new session. */
  offered: boolean;
  /** Recorded video: where and how fast the current session plays. */
  playback: PlaybackAt | undefined;
}

interface PlaybackAt {
  readonly fromMs: number;
  readonly speed: number;
}

/**
 * An archive session not yet handed to a player is used for an offer asking for a moment
 * this close to the one it was opened at (the tile asks for the clock's moment, which ran
 * on while the session was opening); the offer says the session's own moment.
 */
const OFFER_REUSE_MS = 3000;

/**
 * A live stream's opening waits this long at most for its first playlist to go to the window
 * (see `MediaProxy.firstPlaylistSent`): a VMS slower than that to answer leaves the player to
 * ask for it itself, as it would have without the wait.
 */
const FIRST_PLAYLIST_WAIT_MS = 500;

/**
 * VMS sessions on behalf of renderer tiles, live and archive. Each tile's stream has a
 * stable id; the VMS session behind it is opened, kept alive on its server's scheduler,
 * reopened when the VMS drops it or the adapter fails over, and closed when the tile
 * closes or its window goes away. At any time there is one session per open stream.
 */
export class StreamService {
  private readonly entries = new Map<string, StreamEntry>();
  private readonly schedulers = new Map<string, KeepaliveScheduler<StreamEntry>>();
  private readonly watched = new Map<string, () => void>();
  /** Sessions whose stop failed for a passing reason, with the timer of the next attempt. */
  private readonly retryingStops = new Map<VmsSession, () => void>();
  private disposed = false;
  private renewed = 0;

  constructor(private readonly options: StreamServiceOptions) {}

  async start(clientId: string, request: LiveStartRequest, mode: StreamMode): Promise<StreamInfo> {
    this.options.checkCamera(request.serverId, request.cameraId);
    this.watch(request.serverId);
    const entry: StreamEntry = { streamId: randomUUID(), clientId, request, mode, session: undefined, closed: false, reopening: false, attempt: 0, cancelRetry: undefined, cancelRenew: undefined, offered: false, playback: undefined };
    this.entries.set(entry.streamId, entry);
    try {
      this.install(entry, await this.open(entry));
    } catch (error) {
      this.entries.delete(entry.streamId);
      throw error;
    }
    // The answer follows the live stream's first playlist to the window, so the player finds it there.
    if (mode.mode === 'live') await this.options.media.firstPlaylistSent(entry.streamId, FIRST_PLAYLIST_WAIT_MS);
    return streamInfo(entry.streamId, mode.mode, entry.session?.media.kind ?? 'hls');
  }

  async stop(clientId: string, streamId: string): Promise<void> {
    const entry = this.entries.get(streamId);
    if (!entry || entry.clientId !== clientId) throw notFound(`No stream ${streamId}`);
    await this.close(entry);
  }

  /** Reopens the session behind a stream whose player could not recover by reloading. */
  restart(clientId: string, streamId: string, reason: string): void {
    const entry = this.entries.get(streamId);
    if (!entry || entry.clientId !== clientId) throw notFound(`No stream ${streamId}`);
    this.reopen(entry, reason);
  }

  /**
   * The VMS's WebRTC offer for a stream (SDP text). The signalling itself (tokens, the
   * gateway's API) stays here; the tile's RTCPeerConnection gets only SDP and candidates.
   */
  async webRtcOffer(clientId: string, streamId: string, playback?: PlaybackAt): Promise<{ sdp: string; playbackFrom?: number }> {
    const entry = this.entries.get(streamId);
    if (!entry || entry.clientId !== clientId) throw notFound(`No stream ${streamId}`);
    const wanted = entry.mode.mode === 'archive' ? playback : undefined;
    const elsewhere = wanted !== undefined && entry.playback !== undefined && (wanted.speed !== entry.playback.speed || Math.abs(wanted.fromMs - entry.playback.fromMs) > OFFER_REUSE_MS);
    if ((entry.offered || elsewhere) && !entry.reopening) {
      // An offer answers once: a player that reloads (stall, recovery) gets a new VMS
      // session; so does one that wants another moment or speed.
      const fresh = await this.open(entry, wanted);
      const previous = this.install(entry, fresh);
      if (previous) void this.closeQuietly(this.options.adapterFor(entry.request.serverId), entry.request.serverId, previous);
    }
    const signalling = this.signalling(clientId, streamId);
    entry.offered = true;
    return entry.playback ? { sdp: signalling.offerSdp, playbackFrom: entry.playback.fromMs } : { sdp: signalling.offerSdp };
  }

  async webRtcAnswer(clientId: string, streamId: string, sdp: string): Promise<void> {
    await this.signalling(clientId, streamId).answer(sdp);
  }

  /** Relays the tile's new ICE candidates to the VMS and returns the VMS's new ones. */
  async webRtcCandidates(clientId: string, streamId: string, add: readonly string[]): Promise<{ candidates: string[] }> {
    const signalling = this.signalling(clientId, streamId);
    for (const candidate of add) await signalling.addRemoteCandidate(candidate);
    return { candidates: await signalling.localCandidates() };
  }

  /** The client's players still take what the core pushes for these streams; others' streams are ignored. */
  taking(clientId: string, streamIds: readonly string[]): void {
    for (const streamId of streamIds) if (this.clientOf(streamId) === clientId) this.options.media.taking(streamId);
  }

  /** The window (client) a stream plays in, while it is open. */
  clientOf(streamId: string): string | undefined {
    return this.entries.get(streamId)?.clientId;
  }

  /** A live HLS stream of the camera open now (a tile showing it), if any. */
  liveStreamOf(serverId: string, cameraId: string): string | undefined {
    for (const entry of this.entries.values()) {
      if (entry.closed || entry.mode.mode !== 'live' || entry.session?.media.kind !== 'hls') continue;
      if (entry.request.serverId === serverId && entry.request.cameraId === cameraId) return entry.streamId;
    }
    return undefined;
  }

  /** Closes every stream of a client whose window closed, reloaded or lost its socket. */
  async releaseClient(clientId: string): Promise<void> {
    const owned = [...this.entries.values()].filter((entry) => entry.clientId === clientId);
    await Promise.all(owned.map((entry) => this.close(entry)));
  }

  /**
   * A server's adapter is going away (its settings changed, or it was removed): every
   * stream on it is closed on the VMS through that adapter, and its tile is told —
   * `lost` reopens it (on the new settings), `failed` shows the reason. Call before the
   * server directory swaps or drops the adapter.
   */
  async releaseServer(serverId: string, outcome: { readonly state: 'lost' | 'failed'; readonly reason: string }): Promise<void> {
    const owned = [...this.entries.values()].filter((entry) => entry.request.serverId === serverId);
    this.schedulers.get(serverId)?.dispose();
    this.schedulers.delete(serverId);
    this.watched.get(serverId)?.();
    this.watched.delete(serverId);
    await Promise.all(
      owned.map(async (entry) => {
        await this.close(entry);
        this.options.notify(entry.clientId, { streamId: entry.streamId, state: outcome.state, reason: outcome.reason });
      }),
    );
  }

  /** Streams with a session open on a VMS (for diagnostics and tests). */
  get activeSessions(): number {
    return [...this.entries.values()].filter((entry) => entry.session !== undefined).length;
  }

  /** Sessions renewed in place since start (for diagnostics and benchmarks). */
  get renewals(): number {
    return this.renewed;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const cancel of this.retryingStops.values()) cancel();
    this.retryingStops.clear();
    await Promise.all([...this.entries.values()].map((entry) => this.close(entry)));
    for (const scheduler of this.schedulers.values()) scheduler.dispose();
    this.schedulers.clear();
    for (const stop of this.watched.values()) stop();
    this.watched.clear();
  }

  private signalling(clientId: string, streamId: string): WebRtcSignalling {
    const entry = this.entries.get(streamId);
    if (!entry || entry.clientId !== clientId) throw notFound(`No stream ${streamId}`);
    const media = entry.session?.media;
    if (media?.kind !== 'webrtc') throw new CoreError('unavailable', entry.session ? 'This stream is not WebRTC' : 'The stream is being reopened');
    return media.signalling;
  }

  private async open(entry: StreamEntry, at?: PlaybackAt): Promise<VmsSession> {
    const adapter = this.options.adapterFor(entry.request.serverId);
    const request = { cameraId: entry.request.cameraId, width: entry.request.width, height: entry.request.height, audio: false };
    // Recorded video opens where the player last asked, else where the stream started.
    const playback = entry.mode.mode === 'archive' ? (at ?? entry.playback ?? { fromMs: entry.mode.fromMs, speed: 1 }) : undefined;
    const session = playback === undefined ? await adapter.openLive(request) : await adapter.openArchive({ ...request, fromMs: playback.fromMs, speed: playback.speed });
    if (!entry.closed) entry.playback = playback;
    if (entry.closed) {
      // The tile went away while the VMS was starting the session: do not leak it.
      await adapter.closeSession(session).catch((error: unknown) => this.options.log.warn('closing an abandoned session failed', { error }));
      throw new CoreError('not-found', 'The stream was closed while it was starting');
    }
    return session;
  }

  /** Points the stream at a session: media proxy, keepalive. Returns the session it replaced. */
  private install(entry: StreamEntry, session: VmsSession): VmsSession | undefined {
    const previous = entry.session;
    entry.session = session;
    entry.offered = false;
    this.options.media.open(entry.streamId, session.media, { live: session.mode === 'live' });
    if (session.lifetime.kind === 'keepalive') this.scheduler(entry.request.serverId, session.lifetime.intervalMs).add(entry);
    this.scheduleRenewal(entry);
    return previous;
  }

  private async close(entry: StreamEntry): Promise<void> {
    if (entry.closed) return;
    entry.closed = true;
    entry.cancelRetry?.();
    entry.cancelRenew?.();
    this.entries.delete(entry.streamId);
    this.schedulers.get(entry.request.serverId)?.remove(entry);
    this.options.media.close(entry.streamId);
    const session = entry.session;
    entry.session = undefined;
    if (!session) return;
    let adapter: VmsAdapter;
    try {
      adapter = this.options.adapterFor(entry.request.serverId);
    } catch {
      // The server was removed while this stream was starting: without keepalives its
      // session expires on the VMS by itself.
      return;
    }
    await this.closeQuietly(adapter, entry.request.serverId, session);
  }

  /**
   * Stops a session on the VMS. The caller never waits on a failure: while it is a passing
   * one (site down, unreachable) the stop is retried with backoff, so the session does not
   * hold a stream (often a licence) on the server until it expires. A session the server
   * has forgotten counts as stopped (the adapter says so).
   */
  private async closeQuietly(adapter: VmsAdapter, serverId: string, session: VmsSession, attempt = 0): Promise<void> {
    try {
      await adapter.closeSession(session);
      this.retryingStops.delete(session);
    } catch (error) {
      const retry = isVmsError(error) && error.transient && attempt < MAX_STOP_ATTEMPTS && !this.disposed;
      this.options.log.warn('stopping a session failed', { server: serverId, session: session.id, error, retry });
      if (!retry) {
        this.retryingStops.delete(session);
        return;
      }
      const cancel = this.options.clock.after(backoffDelay(attempt, this.options.backoff ?? DEFAULT_BACKOFF), () => void this.closeQuietly(adapter, serverId, session, attempt + 1));
      this.retryingStops.set(session, cancel);
    }
  }

  /**
   * Sessions that expire (VXG: a media ticket valid until `expire_hls`) are renewed a margin
   * before they do. The renewed session replaces the old one under the same stream id and
   * the same URLs on the app's origin: the player never notices, nothing reloads.
   */
  private scheduleRenewal(entry: StreamEntry): void {
    entry.cancelRenew?.();
    entry.cancelRenew = undefined;
    const lifetime = entry.session?.lifetime;
    if (lifetime?.kind !== 'expires') return;
    const remaining = lifetime.expiresAt - this.options.clock.now();
    const margin = Math.min(RENEW_MARGIN_MAX_MS, Math.max(500, remaining * RENEW_MARGIN_SHARE));
    entry.cancelRenew = this.options.clock.after(Math.max(0, remaining - margin), () => {
      entry.cancelRenew = undefined;
      void this.renew(entry, 0);
    });
  }

  private async renew(entry: StreamEntry, attempt: number): Promise<void> {
    const old = entry.session;
    if (entry.closed || entry.reopening || !old || old.lifetime.kind !== 'expires') return;
    const serverId = entry.request.serverId;
    try {
      // A server already refusing its credentials is not asked again with them (another
      // stream's renewal or the status poll found out first): this stream waits too.
      this.options.checkCamera(serverId, entry.request.cameraId);
      const next = await this.options.adapterFor(serverId).renew(old);
      if (this.replacedOrClosed(entry, old)) {
        await this.closeQuietly(this.options.adapterFor(serverId), serverId, next);
        return;
      }
      entry.session = next;
      this.options.media.renew(entry.streamId, next.media);
      this.renewed += 1;
      this.scheduleRenewal(entry);
    } catch (error) {
      if (this.replacedOrClosed(entry, old)) return;
      this.options.log.warn('renewing a session failed', { stream: entry.streamId, session: old.id, error, attempt });
      if ((isVmsError(error) && error.kind === 'auth') || (error instanceof CoreError && error.code === 'sign-in')) {
        this.signInNeeded(entry, error.message);
        return;
      }
      const left = old.lifetime.expiresAt - this.options.clock.now();
      if (left > 1000) {
        // Time remains before the media stops: try again, sooner than it runs out.
        const delay = Math.min(retryDelay(error, attempt, this.options.backoff ?? DEFAULT_BACKOFF), left / 2);
        entry.cancelRenew = this.options.clock.after(delay, () => {
          entry.cancelRenew = undefined;
          void this.renew(entry, attempt + 1);
        });
        return;
      }
      this.reopen(entry, `The stream's access could not be renewed (${error instanceof Error ? error.message : 'unknown error'})`, false);
    }
  }

  /** A call, not a field read, because both change across the awaits of `renew`. */
  private replacedOrClosed(entry: StreamEntry, session: VmsSession): boolean {
    return entry.closed || entry.session !== session;
  }

  /** A refused credential: the tile says so and nothing retries until the server's credentials change. */
  private signInNeeded(entry: StreamEntry, reason: string): void {
    const serverId = entry.request.serverId;
    this.options.onAuthFailure?.(serverId, reason);
    this.schedulers.get(serverId)?.remove(entry);
    entry.cancelRenew?.();
    entry.cancelRenew = undefined;
    this.options.notify(entry.clientId, { streamId: entry.streamId, state: 'failed', reason: `Sign-in needed: ${reason}`, signIn: true });
  }

  private watch(serverId: string): void {
    if (this.watched.has(serverId)) return;
    const adapter = this.options.adapterFor(serverId);
    this.watched.set(
      serverId,
      adapter.onSessionsLost((reason) => {
        for (const entry of this.entries.values()) if (entry.request.serverId === serverId) this.reopen(entry, reason);
      }),
    );
  }

  private scheduler(serverId: string, intervalMs: number): KeepaliveScheduler<StreamEntry> {
    let scheduler = this.schedulers.get(serverId);
    if (!scheduler) {
      const adapter = this.options.adapterFor(serverId);
      scheduler = new KeepaliveScheduler<StreamEntry>({
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
   * The VMS refused the keepalive: the session expired or the server restarted, so open
   * a new one. A passing failure (server briefly unreachable) is left to the next round:
   * if the server forgot the session meanwhile, that round is refused and lands here.
   */
  private keepaliveFailed(entry: StreamEntry, error: unknown): void {
    const sessionGone = isVmsError(error) && (error.kind === 'rejected' || error.kind === 'not-found');
    this.options.log.warn('keepalive failed', { stream: entry.streamId, session: entry.session?.id, error, sessionGone });
    if (isVmsError(error) && error.kind === 'auth') {
      this.signInNeeded(entry, error.message);
      return;
    }
    if (sessionGone) this.reopen(entry, `The VMS dropped the session (${(error as Error).message})`, false);
  }

  /**
   * Gives the stream a new session. Live: make before break, so a failover or failback
   * shows no gap where the old session still plays; the tile then reloads. Archive: only
   * the player knows where it is, so the tile is told and reopens at its own position.
   */
  private reopen(entry: StreamEntry, reason: string, oldStillWorks = true): void {
    if (entry.closed || entry.reopening) return;
    const serverId = entry.request.serverId;
    this.schedulers.get(serverId)?.remove(entry);
    if (entry.mode.mode === 'archive') {
      const gone = entry.session;
      entry.session = undefined;
      if (gone && oldStillWorks) void this.closeQuietly(this.options.adapterFor(serverId), serverId, gone);
      this.options.notify(entry.clientId, { streamId: entry.streamId, state: 'lost', reason });
      return;
    }
    entry.reopening = true;
    this.options.notify(entry.clientId, { streamId: entry.streamId, state: 'restarting', reason });
    this.open(entry).then(
      (session) => {
        entry.reopening = false;
        entry.attempt = 0;
        const previous = this.install(entry, session);
        if (previous && oldStillWorks) void this.closeQuietly(this.options.adapterFor(serverId), serverId, previous);
        this.options.notify(entry.clientId, { streamId: entry.streamId, state: 'restarted' });
      },
      (error: unknown) => {
        entry.reopening = false;
        if (entry.closed) return;
        const why = error instanceof Error ? error.message : 'unknown error';
        if ((isVmsError(error) && error.kind === 'auth') || (error instanceof CoreError && error.code === 'sign-in')) {
          this.signInNeeded(entry, why);
          return;
        }
        const delay = retryDelay(error, entry.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
        entry.cancelRetry = this.options.clock.after(delay, () => {
          entry.cancelRetry = undefined;
          this.reopen(entry, why, oldStillWorks);
        });
      },
    );
  }
}
