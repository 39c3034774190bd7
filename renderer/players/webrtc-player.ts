import type { InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/ipc/contract';
import type { Result } from '../../shared/result';
import type { PictureSource, PlayerEvents, PlayOptions } from './player';
import { SupervisedPlayer } from './supervised-player';

/** RTP's video clock: 90 kHz. */
const RTP_CLOCK_KHZ = 90;
/** How often candidates are exchanged while connecting, and after (the VMS may add some for the whole session). */
const CANDIDATES_CONNECTING_MS = 250;
const CANDIDATES_CONNECTED_MS = 3000;
/**
 * ICE and DTLS take a second or two on any network that has a path (a TURN relay included).
 * Past this the tile says the media found no way through, sooner than the player's generic
 * "did not start" and with the likely cause; the browser's own 'failed' can take half a minute.
 */
const CONNECT_TIMEOUT_MS = 8000;
const NO_PATH = 'The WebRTC connection to the VMS found no path (ICE did not connect; a firewall may block its UDP)';

/** The calls the player makes to the core: the signalling relay (the core talks to the VMS). */
export interface SignallingClient {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<Result<InvokeResponse<C>>>;
}

/** `/media/<streamId>/webrtc` → the stream id. */
export function streamIdOf(url: string): string | undefined {
  return /\/media\/([^/]+)\/webrtc$/.exec(new URL(url, 'http://tile').pathname)?.[1];
}

/**
 * A stream delivered by WebRTC (Milestone): the VMS's offer, our answer and the ICE
 * candidates both ways go through the core, which alone talks to the VMS with its token;
 * the media flows from the VMS to this tile's RTCPeerConnection. Progress and the
 * picture's moment come from requestVideoFrameCallback: presented frames, and for recorded
 * video the frame's RTP timestamp, which Milestone defines as ms after `playbackTime`.
 * An offer answers once, so every load (a reload after a stall, recovery) asks the core
 * for a new one, and the core opens a new VMS session for it.
 */
export class WebRtcPlayer extends SupervisedPlayer {
  readonly canReplay = false;
  private pc: RTCPeerConnection | undefined;
  private attempt = 0;
  private presented = 0;
  /** Frames presented by this load's connection (a held tile pauses after the first). */
  private presentedSinceLoad = 0;
  private seenPresented: number | undefined;
  /** Wall-clock moment of the newest frame shown. */
  private frameAt: number | undefined;
  private candidateTimer: number | undefined;
  private connectTimer: number | undefined;
  private pending: string[] = [];
  /** Recorded video: the moment RTP timestamp 0 shows (Milestone: `playbackTime`). */
  private recordedFrom: number | undefined;
  /** Recorded video: the speed the wall's clock wants, and the speed the VMS session plays at. */
  private speed = 1;
  private sessionSpeed: number | undefined;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly client: SignallingClient,
    events: PlayerEvents,
  ) {
    super(events);
    this.countFrames();
  }

  position(): number | undefined {
    return this.frameAt;
  }

  override frameMs(): number {
    return 67;
  }

  override dispose(): void {
    super.dispose();
    this.video.srcObject = null;
  }

  protected begin(url: string, options: PlayOptions): void {
    const streamId = streamIdOf(url);
    if (!streamId) {
      this.fail('The stream has no WebRTC address');
      return;
    }
    this.seenPresented = undefined;
    this.frameAt = undefined;
    this.presentedSinceLoad = 0;
    const attempt = ++this.attempt;
    void this.negotiate(streamId, options, attempt).catch((error: unknown) => {
      if (attempt === this.attempt && !this.disposed) this.fail(`WebRTC could not start (${error instanceof Error ? error.message : String(error)})`);
    });
  }

  protected end(): void {
    this.attempt += 1;
    window.clearTimeout(this.candidateTimer);
    window.clearTimeout(this.connectTimer);
    this.pending = [];
    this.pc?.close();
    this.pc = undefined;
  }

  protected suspend(): void {
    // Out of sight: the connection goes (the VMS stops sending); coming back negotiates again.
    this.end();
    this.video.pause();
  }

  protected unsuspend(): void {
    if (this.url) this.begin(this.url, this.options);
  }

  protected halt(): void {
    // The last frame stays on the <video> after the track ends.
    this.end();
  }

  protected advanced(): boolean {
    if (this.presented === 0 || this.presented === this.seenPresented) return false;
    const first = this.seenPresented === undefined;
    this.seenPresented = this.presented;
    return !first;
  }

  protected hasPicture(): boolean {
    return this.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && this.video.videoWidth > 0 && this.presented > 0;
  }

  protected pictureImage(): PictureSource | undefined {
    return this.video.videoWidth > 0 ? { image: this.video, width: this.video.videoWidth, height: this.video.videoHeight } : undefined;
  }

  /**
   * Held (the wall's clock paused, or waiting for the group's slower tiles): the <video>
   * stops on its frame while the VMS session runs on. Until a first frame is presented the
   * video plays even when held: a paused <video> presents no frame of a MediaStream, so the
   * tile would never be ready and the group it holds up would wait for ever.
   */
  protected override applyHold(held: boolean): void {
    if (held && this.presentedSinceLoad > 0) this.video.pause();
    else if (!held && !this.paused) this.video.play().catch(() => undefined);
  }

  /**
   * A WebRTC session plays at the speed it was opened with (Milestone's `playbackTimeNode.speed`):
   * the clock's small catch-up rates are left to its seeks, but another speed is a new
   * session from the moment on screen.
   */
  protected override applyRate(_rate: number, speed: number): void {
    this.speed = speed;
    if (this.options.startAt === undefined || this.sessionSpeed === undefined || this.sessionSpeed === speed || this.disposed) return;
    this.options = { startAt: this.frameAt ?? this.options.startAt };
    this.sessionSpeed = undefined;
    this.reload();
  }

  protected override beforeRetry(): void {
    // Recorded video comes back where it was, not where it started.
    if (this.options.startAt !== undefined && this.frameAt !== undefined) this.options = { startAt: this.frameAt };
  }

  private async negotiate(streamId: string, options: PlayOptions, attempt: number): Promise<void> {
    const current = (): boolean => attempt === this.attempt && !this.disposed;
    const speed = this.speed;
    const playback = options.startAt === undefined ? undefined : { fromMs: Math.max(0, Math.round(options.startAt)), speed };
    const offer = await this.client.invoke('webrtc.offer', playback ? { streamId, playback } : { streamId });
    if (!offer.ok) throw new Error(offer.error.message);
    if (!current()) return;
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.pc = pc;
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.ontrack = (event) => {
      if (!current()) return;
      this.video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
      this.video.muted = true;
      // Held or not: the first frame must be presented (see applyHold).
      if (!this.paused) this.video.play().catch(() => undefined);
    };
    pc.onicecandidate = (event) => {
      if (event.candidate) this.pending.push(JSON.stringify(event.candidate.toJSON()));
    };
    pc.onconnectionstatechange = () => {
      if (!current()) return;
      if (pc.connectionState === 'failed') this.fail(NO_PATH);
    };
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.value.sdp });
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (!current()) return;
    const sent = await this.client.invoke('webrtc.answer', { streamId, sdp: pc.localDescription?.sdp ?? answer.sdp ?? '' });
    if (!sent.ok) throw new Error(sent.error.message);
    // The session's own moment: the core may have opened it a little before the clock's.
    this.recordedFrom = options.startAt === undefined ? undefined : (offer.value.playbackFrom ?? options.startAt);
    this.sessionSpeed = options.startAt === undefined ? undefined : speed;
    window.clearTimeout(this.connectTimer);
    this.connectTimer = window.setTimeout(() => {
      if (current() && pc.connectionState !== 'connected') this.fail(NO_PATH);
    }, CONNECT_TIMEOUT_MS);
    await this.exchangeCandidates(streamId, pc, attempt);
  }

  private async exchangeCandidates(streamId: string, pc: RTCPeerConnection, attempt: number): Promise<void> {
    if (this.stale(attempt)) return;
    const add = this.pending.splice(0, 50);
    const reply = await this.client.invoke('webrtc.candidates', { streamId, add });
    if (this.stale(attempt)) return;
    if (reply.ok) {
      for (const text of reply.value.candidates) {
        try {
          await pc.addIceCandidate(JSON.parse(text) as RTCIceCandidateInit);
        } catch {
          // A candidate this browser cannot use (another address family): the others may do.
        }
      }
    }
    const connected = pc.connectionState === 'connected';
    this.candidateTimer = window.setTimeout(() => void this.exchangeCandidates(streamId, pc, attempt).catch(() => undefined), connected ? CANDIDATES_CONNECTED_MS : CANDIDATES_CONNECTING_MS);
  }

  /** A call, not a field read: the attempt changes across awaits (a reload, a dispose). */
  private stale(attempt: number): boolean {
    return attempt !== this.attempt || this.disposed;
  }

  private countFrames(): void {
    if (this.disposed) return;
    this.video.requestVideoFrameCallback((_now, metadata) => {
      if (this.pc) {
        this.presented += 1;
        this.presentedSinceLoad += 1;
        // Held before its first frame: it stops on that frame now.
        if (this.presentedSinceLoad === 1 && this.held) this.video.pause();
        const rtp = metadata.rtpTimestamp;
        if (this.recordedFrom !== undefined && rtp !== undefined) this.frameAt = this.recordedFrom + rtp / RTP_CLOCK_KHZ;
        // Live: the moment the frame arrived (Milestone stamps live frames from when the session connected).
        else this.frameAt = performance.timeOrigin + (metadata.receiveTime ?? metadata.expectedDisplayTime);
        // The tile says it plays with its second frame (progress needs two), not at the
        // watchdog's next ticks: up to a second more of "Connecting" over a moving picture.
        if (this.presentedSinceLoad <= 2) this.checkNow();
      }
      this.countFrames();
    });
  }
}
