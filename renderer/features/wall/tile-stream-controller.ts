import { backoffDelay, PLAYER_BACKOFF } from '../../../shared/time/backoff';
import type { CameraStatus } from '../../../shared/model/camera';
import type { TesseraClient } from '../../ipc/client';
import type { TileSource } from '../../stores/wall';
import type { StreamKind } from '../../../shared/model/stream';
import type { Player, PlayerEvents } from '../../players/player';
import type { TileState } from './tile-state';

/** What the tile shows now; the controller makes the session and player follow it. */
export interface TileInputs {
  readonly camera: { readonly serverId: string; readonly cameraId: string; readonly status: CameraStatus } | undefined;
  readonly source: TileSource;
  /** On screen: in view, its window visible, not behind a maximised tile. */
  readonly visible: boolean;
  /** The picture's size in device pixels, and which of the server's stream profiles it falls in. */
  readonly size: { readonly width: number; readonly height: number };
  readonly profile: number;
  /** The server refuses its credentials: nothing is asked of it until it is signed in again. */
  readonly signInNeeded?: boolean;
}

export interface TileStatus {
  readonly state: TileState;
  readonly reason?: string;
  /** For an offline camera: when the frame left on screen was taken. */
  readonly lastFrameAt?: number;
}

export interface TileStreamDeps {
  readonly client: TesseraClient;
  /** The player for the kind of stream the core opened (HLS, JPEG, WebRTC). */
  readonly createPlayer: (kind: StreamKind, events: PlayerEvents) => Player;
  readonly onStatus: (status: TileStatus) => void;
  /** Replayed or recorded video reached its end. */
  readonly onEnded: () => void;
  /** How long a tile out of sight keeps its session, so quick toggles stay instant. */
  readonly graceMs: number;
  /** The moment recorded video should show now (the wall's playback clock). */
  readonly archiveTime: () => number;
}

interface SessionSpec {
  readonly key: string;
  readonly serverId: string;
  readonly cameraId: string;
  readonly mode: 'live' | 'archive';
  readonly size: { readonly width: number; readonly height: number };
}

interface Session {
  readonly spec: SessionSpec;
  streamId: string | undefined;
  url: string | undefined;
  player: Player | undefined;
  /** What the player plays: `live`, or the moment a replay or archive started from. */
  playback: string | undefined;
  /** The moment an archive session was asked to start at. */
  openedFor: number | undefined;
  stopEvents: (() => void) | undefined;
  closed: boolean;
}


/** A seek outside the session opens another at most this often. */
const REOPEN_MS = 2000;

/**
 * One tile's stream, as a state machine outside React: given what the tile should show
 * (`update`), it opens, keeps, pauses, resumes and closes the VMS session and the player
 * to match. A tile out of sight pauses at once and lets its session go after a grace
 * period; a camera that goes offline keeps its last frame; a live tile plays instant
 * replay from the core's cache on the same session. `dispose()` releases everything.
 */
export class TileStreamController {
  private inputs: TileInputs | undefined;
  private session: Session | undefined;
  /** A frozen player left showing an offline camera's last frame. */
  private frozen: Player | undefined;
  private graceTimer: number | undefined;
  private graceOver = false;
  private retryTimer: number | undefined;
  private attempt = 0;
  /** Where to open the next archive session: a seek outside this one, or where a lost one had got to. */
  private resumeAt: number | undefined;
  /** Recorded playback as the wall's clock wants it; applied to every new player too. */
  private rate = 1;
  private speed = 1;
  private held = false;
  /** Playing back where the VMS has no recording: the tile waits on the next recorded frame. */
  private inGap = false;
  /** Where the recording resumes after the gap the tile waits in. */
  private gapEndsAt: number | undefined;
  private lastReopen: { at: number; target: number } | undefined;
  /** Set when the server refused its credentials: the tile waits until it is signed in again. */
  private signInBlocked = false;
  private disposed = false;

  constructor(private readonly deps: TileStreamDeps) {}

  update(inputs: TileInputs): void {
    const previous = this.inputs;
    this.inputs = inputs;
    if (previous?.visible !== inputs.visible) this.visibilityChanged(inputs.visible);
    if (this.signInBlocked && previous?.signInNeeded === true && inputs.signInNeeded !== true) {
      // The server is signed in again (new credentials): try once more.
      this.signInBlocked = false;
      this.closeSession();
    }
    this.reconcile();
  }

  /** What the tile's current stream can do: replay the last seconds from the core's cache (HLS). */
  get canReplay(): boolean {
    return this.session?.player?.canReplay ?? true;
  }

  position(): number | undefined {
    // In a gap the tile stands where the recording resumes, whatever the decoder reports.
    return this.gapEndsAt ?? this.session?.player?.position();
  }

  /** True while recorded video is on screen, or waits in a gap: it can be moved (the clock waits for tiles that cannot). */
  get archiveReady(): boolean {
    return this.session?.spec.mode === 'archive' && this.session.player !== undefined && this.position() !== undefined;
  }

  /**
   * Recorded video to another moment: within what this session's playlist covers the
   * player just moves (no new VMS session); outside it a session is opened there and the
   * old one stopped.
   */
  seek(epochMs: number): void {
    const session = this.session;
    const player = session?.player;
    if (session?.spec.mode !== 'archive' || !player) return;
    if (player.seekTo(epochMs)) {
      if (this.inGap) {
        this.inGap = false;
        this.gapEndsAt = undefined;
        player.hold(this.held);
        this.report({ state: 'playing' });
      }
      return;
    }
    const covered = player.covered();
    if (covered && epochMs < covered.from) {
      // Before where this session's recording starts, though the session was opened for
      // that moment or earlier: the VMS has nothing there. Wait on the first recorded
      // frame (the clock reaches it) instead of asking the VMS again and again.
      if (session.openedFor !== undefined && session.openedFor <= epochMs + 1000) {
        if (!this.inGap) {
          this.inGap = true;
          this.gapEndsAt = covered.from;
          player.hold(true);
          player.seekTo(covered.from);
          this.report({ state: 'gap', reason: `Nothing recorded here; the recording resumes at ${new Date(covered.from).toLocaleTimeString('en-GB', { hour12: false })}` });
        }
        return;
      }
      // Earlier than this session: a session there, at once.
    } else {
      // Past what the playlist reaches, or a playlist without times: a session there, but
      // the same place asked again within REOPEN_MS is not asked of the VMS on every tick.
      const now = performance.now();
      if (this.lastReopen && now - this.lastReopen.at < REOPEN_MS && Math.abs(epochMs - this.lastReopen.target) < 5000) return;
      this.lastReopen = { at: now, target: epochMs };
    }
    this.resumeAt = epochMs;
    this.closeSession();
    const wanted = this.wanted();
    if (wanted) this.openSession(wanted);
  }

  /** One frame of the recorded video on screen (ms). */
  frameMs(): number {
    return this.session?.player?.frameMs() ?? 100;
  }

  setRate(rate: number, speed = rate): void {
    this.rate = rate;
    this.speed = speed;
    if (this.session?.spec.mode === 'archive') this.session.player?.setRate(rate, speed);
  }

  hold(held: boolean): void {
    this.held = held;
    // A tile in a gap stays on its frame until the clock reaches the recording.
    if (this.session?.spec.mode === 'archive' && !this.inGap) this.session.player?.hold(held);
  }

  /** The player, for the tile's overlay (age of the picture, frozen detection). */
  get player(): Player | undefined {
    return this.session?.player;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.graceTimer);
    clearTimeout(this.retryTimer);
    this.closeSession();
    this.frozen?.dispose();
    this.frozen = undefined;
  }

  private visibilityChanged(visible: boolean): void {
    clearTimeout(this.graceTimer);
    if (visible) {
      this.graceOver = false;
      this.session?.player?.resume();
      return;
    }
    if (this.session) {
      this.session.player?.pause();
      this.report({ state: 'paused' });
    }
    this.graceTimer = setTimeout(() => {
      this.graceOver = true;
      this.reconcile();
    }, this.deps.graceMs);
  }

  private wanted(): SessionSpec | undefined {
    const inputs = this.inputs;
    const camera = inputs?.camera;
    if (!inputs || !camera || camera.status === 'offline' || (!inputs.visible && this.graceOver) || this.signInBlocked) return undefined;
    const mode = inputs.source.mode === 'archive' ? 'archive' : 'live';
    // Where an archive plays is the clock's business (seek), not the session's identity.
    return {
      key: `${camera.serverId}/${camera.cameraId}/${mode}/${inputs.profile}`,
      serverId: camera.serverId,
      cameraId: camera.cameraId,
      mode,
      size: inputs.size,
    };
  }

  private reconcile(): void {
    if (this.disposed) return;
    const wanted = this.wanted();
    const camera = this.inputs?.camera;
    if (camera?.status === 'offline') {
      this.goOffline();
      return;
    }
    if (!camera) this.report({ state: 'empty' });
    if (wanted?.key !== this.session?.spec.key) {
      this.closeSession();
      // A new session of another kind or size starts where the clock is.
      this.resumeAt = undefined;
      if (wanted) this.openSession(wanted);
      return;
    }
    this.followSource();
  }

  /** The camera went offline: keep its last frame on screen, let the session go. */
  private goOffline(): void {
    const session = this.session;
    let lastFrameAt: number | undefined;
    if (session?.player) {
      lastFrameAt = session.player.freeze();
      this.frozen?.dispose();
      this.frozen = session.player;
      session.player = undefined;
    }
    this.closeSession();
    this.report({ state: 'offline', reason: 'The VMS reports this camera offline', lastFrameAt });
  }

  private openSession(spec: SessionSpec): void {
    const session: Session = { spec, streamId: undefined, url: undefined, player: undefined, playback: undefined, openedFor: undefined, stopEvents: undefined, closed: false };
    this.session = session;
    this.attempt = 0;
    this.report({ state: 'connecting' });
    void this.start(session);
  }

  private async start(session: Session): Promise<void> {
    const { spec } = session;
    const { client } = this.deps;
    const request = { serverId: spec.serverId, cameraId: spec.cameraId, width: spec.size.width, height: spec.size.height };
    const from = this.resumeAt ?? this.deps.archiveTime();
    if (spec.mode === 'archive') session.openedFor = from;
    const result = spec.mode === 'live' ? await client.invoke('live.start', request) : await client.invoke('archive.start', { ...request, from: Math.round(from) });
    if (session.closed) {
      if (result.ok) void client.invoke('stream.stop', { streamId: result.value.streamId });
      return;
    }
    if (!result.ok) {
      if (result.error.code === 'sign-in') {
        this.blockForSignIn(session, result.error.message);
        return;
      }
      // The VMS may come back: keep retrying, showing why. Anything else is final.
      if (result.error.code !== 'unavailable') {
        this.report({ state: 'error', reason: result.error.message });
        return;
      }
      // A stream that is starting on the VMS says when to ask again; otherwise back off.
      const starting = result.error.retryAfterMs !== undefined && result.error.retryAfterMs <= 2000;
      this.report({ state: starting ? 'connecting' : 'reconnecting', reason: result.error.message });
      const delay = Math.max(result.error.retryAfterMs ?? 0, starting ? 0 : backoffDelay(this.attempt++, PLAYER_BACKOFF));
      this.retryTimer = setTimeout(() => void this.start(session), delay);
      return;
    }
    this.attempt = 0;
    session.streamId = result.value.streamId;
    session.url = result.value.url;
    this.frozen?.dispose();
    this.frozen = undefined;
    const player = this.deps.createPlayer(result.value.kind, {
      onState: (state, reason) => {
        // In a gap the held frame "plays" to the player; the tile says why it stands still.
        if (session !== this.session || (this.inGap && state === 'playing')) return;
        this.report(reason === undefined ? { state } : { state, reason });
      },
      onEscalate: (reason) => {
        if (session.streamId) void client.invoke('stream.restart', { streamId: session.streamId, reason });
      },
      onEnded: () => this.ended(session),
    });
    session.player = player;
    if (spec.mode === 'archive') {
      player.setRate(this.rate, this.speed);
      player.hold(this.held);
    }
    session.stopEvents = client.on('stream.state', (event) => {
      if (event.streamId !== session.streamId) return;
      if (event.state === 'restarting') this.report({ state: 'reconnecting', reason: event.reason });
      else if (event.state === 'restarted') player.reload();
      else if (event.state === 'lost') this.reopenLost(session, event.reason);
      else if (event.signIn === true) this.blockForSignIn(session, event.reason ?? 'Sign-in needed');
      else this.report({ state: 'error', reason: event.reason ?? 'The stream failed' });
    });
    this.followSource();
    if (this.inputs && !this.inputs.visible) {
      player.pause();
      this.report({ state: 'paused' });
    }
  }

  /**
   * The server refused its credentials: the tile says so, lets its session go (keeping the
   * last picture), and asks nothing more until the server is signed in again.
   */
  private blockForSignIn(session: Session, reason: string): void {
    if (session !== this.session) return;
    this.signInBlocked = true;
    let lastFrameAt: number | undefined;
    if (session.player) {
      lastFrameAt = session.player.freeze();
      this.frozen?.dispose();
      this.frozen = session.player;
      session.player = undefined;
    }
    this.closeSession();
    this.report({ state: 'error', reason: reason.startsWith('Sign-in needed') ? reason : `Sign-in needed: ${reason}`, lastFrameAt });
  }

  /** Plays what the source asks for on the open session: live, a replay from the cache, or the archive. */
  private followSource(): void {
    const session = this.session;
    const source = this.inputs?.source;
    if (!session?.player || !session.url || !source) return;
    const playback = source.mode === 'replay' ? `replay:${source.from}` : source.mode;
    if (session.playback === playback) return;
    session.playback = playback;
    if (source.mode === 'live') session.player.load(session.url);
    else if (source.mode === 'replay' && !session.player.canReplay) session.player.load(session.url);
    else if (source.mode === 'replay') session.player.load(session.url.replace(/index\.m3u8$/, 'replay.m3u8'), { startAt: source.from });
    else session.player.load(session.url, { startAt: this.resumeAt ?? this.deps.archiveTime() });
  }

  /**
   * The end of what a session plays: a replay goes back to live; an archive session that
   * ran out (the VMS's window ended) opens the next one at the clock's moment.
   */
  private ended(session: Session): void {
    if (session !== this.session) return;
    if (session.spec.mode !== 'archive') {
      this.deps.onEnded();
      return;
    }
    this.resumeAt = this.deps.archiveTime();
    this.closeSession();
    const wanted = this.wanted();
    if (wanted) this.openSession(wanted);
  }

  /** The VMS lost an archive session: reopen it where the player had got to. */
  private reopenLost(session: Session, reason: string | undefined): void {
    this.resumeAt = session.player?.position() ?? this.resumeAt;
    this.report({ state: 'reconnecting', reason: reason ?? 'The recording session was lost' });
    this.closeSession();
    const wanted = this.wanted();
    if (wanted) this.openSession(wanted);
  }

  private closeSession(): void {
    const session = this.session;
    this.session = undefined;
    this.inGap = false;
    this.gapEndsAt = undefined;
    clearTimeout(this.retryTimer);
    if (!session) return;
    session.closed = true;
    session.stopEvents?.();
    session.player?.dispose();
    if (session.streamId) void this.deps.client.invoke('stream.stop', { streamId: session.streamId });
  }

  private report(status: TileStatus): void {
    if (!this.disposed) this.deps.onStatus(status);
  }
}
