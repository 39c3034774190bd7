import { randomUUID } from 'node:crypto';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import type { EncoderLease } from '../site/encoder-pool';
import { RtpFeed, type FeedSource } from './rtp-feed';

/** How long the offer waits for the gateway's own candidates; later ones trickle through `/IceCandidates`. */
const GATHER_MS = 300;

export interface WebRtcSessionSpec {
  readonly cameraId: string;
  readonly token: string;
  readonly tokenExpiresAt: number;
  /** Recorded video: the moment and speed; live when absent. */
  readonly playback?: { readonly fromMs: number; readonly speed: number };
  /** The media: the live encoder's lease (released with the session) or a recording. */
  readonly source: FeedSource;
  readonly lease?: EncoderLease;
}

interface SimSession {
  readonly id: string;
  readonly spec: WebRtcSessionSpec;
  readonly pc: RTCPeerConnection;
  readonly track: MediaStreamTrack;
  readonly localCandidates: string[];
  /** Opened under the ICE-failure fault: its candidates are unreachable, both ways. */
  readonly unreachable: boolean;
  feed: RtpFeed | undefined;
  token: string;
  tokenExpiresAt: number;
  tokenRenewals: number;
  state: string;
  readonly createdAt: number;
  readonly timeline: WebRtcTimeline;
}

/** When a session got through each step (epoch ms), for benchmarks that split a first frame's time. */
export interface WebRtcTimeline {
  /** `POST /Session` arrived. */
  readonly requestedAt: number;
  offeredAt?: number;
  answeredAt?: number;
  /** The viewer's first ICE candidate arrived. */
  remoteCandidateAt?: number;
  /** ICE and DTLS connected: media may flow. */
  connectedAt?: number;
  firstPacketAt?: number;
}

export interface WebRtcSessionState {
  readonly sessionId: string;
  readonly cameraId: string;
  readonly mode: 'live' | 'playback';
  /** Recorded video: the speed it plays at. */
  readonly speed?: number;
  readonly state: string;
  readonly packets: number;
  readonly tokenRenewals: number;
  readonly ageMs: number;
  readonly timeline: WebRtcTimeline;
}

/**
 * The gateway's WebRTC sessions (`/api/REST/v1/WebRTC/Session`), sent with werift, a
 * WebRTC stack in pure TypeScript: no native module to build, so the simulator installs
 * and runs wherever Node does. The gateway offers (sendonly H.264), the client answers;
 * candidates trickle both ways through `/IceCandidates/{id}` as JSON strings, as Milestone's
 * REST signalling does. Media starts when ICE connects. A session whose token expires
 * without a `PATCH {"token"}` is ended, as the gateway ends what its token no longer covers.
 */
export class WebRtcSessions {
  private readonly sessions = new Map<string, SimSession>();
  private readonly sweeper: NodeJS.Timeout;
  ended = 0;

  constructor(
    private readonly options: { readonly iceFailure: () => boolean; readonly log: (line: string) => void },
  ) {
    this.sweeper = setInterval(() => this.sweep(), 250);
  }

  async create(spec: WebRtcSessionSpec): Promise<{ sessionId: string; offerSDP: string }> {
    const requestedAt = Date.now();
    const pc = new RTCPeerConnection({
      codecs: {
        video: [
          new RTCRtpCodecParameters({
            mimeType: 'video/H264',
            clockRate: 90000,
            rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }],
            parameters: 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1',
          }),
        ],
        audio: [],
      },
      // The simulator serves loopback only; its ICE host candidates are too.
      iceAdditionalHostAddresses: ['127.0.0.1'],
      iceUseIpv6: false,
    });
    const track = new MediaStreamTrack({ kind: 'video' });
    const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
    const session: SimSession = {
      id: randomUUID(),
      spec,
      pc,
      track,
      localCandidates: [],
      unreachable: this.options.iceFailure(),
      feed: undefined,
      token: spec.token,
      tokenExpiresAt: spec.tokenExpiresAt,
      tokenRenewals: 0,
      state: 'new',
      createdAt: Date.now(),
      timeline: { requestedAt },
    };
    this.sessions.set(session.id, session);
    pc.onIceCandidate.subscribe((candidate) => {
      if (candidate && !session.unreachable) session.localCandidates.push(JSON.stringify(candidate.toJSON()));
    });
    // A receiver that lost the picture asks for a key frame (RTCP PLI, announced as `nack pli` in the offer).
    transceiver.sender.onPictureLossIndication.subscribe(() => session.feed?.requestKeyFrame());
    pc.connectionStateChange.subscribe((state) => {
      session.state = state;
      if (state === 'connected') session.timeline.connectedAt ??= Date.now();
      if (state === 'connected' && !session.feed) this.startFeed(session);
      if (state === 'failed' || state === 'closed') this.close(session.id);
    });
    const gathered = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, GATHER_MS);
      pc.iceGatheringStateChange.subscribe((state) => {
        if (state === 'complete') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered;
    const offer = pc.localDescription;
    if (!offer) throw new Error('no local description');
    // ICE failure (a firewall between the gateway and the viewer): neither side learns an address
    // the other can reach. Filtering werift's candidate pairs is not enough: a check coming in
    // from the browser creates a pair of its own (a peer-reflexive candidate) and connects.
    const sdp = session.unreachable ? withoutCandidates(offer.sdp) : offer.sdp;
    session.timeline.offeredAt = Date.now();
    return { sessionId: session.id, offerSDP: JSON.stringify({ type: offer.type, sdp }) };
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  async answer(id: string, answerSdp: string): Promise<void> {
    const session = this.require(id);
    const parsed = JSON.parse(answerSdp) as { type?: unknown; sdp?: unknown };
    if (parsed.type !== 'answer' || typeof parsed.sdp !== 'string') throw new Error('answerSDP is not a JSON string of {type:"answer", sdp}');
    session.timeline.answeredAt ??= Date.now();
    await session.pc.setRemoteDescription({ type: 'answer', sdp: session.unreachable ? withoutCandidates(parsed.sdp) : parsed.sdp });
  }

  async addCandidate(id: string, candidate: string): Promise<void> {
    const session = this.require(id);
    const parsed = JSON.parse(candidate) as { candidate?: string; sdpMid?: string; sdpMLineIndex?: number };
    if (!parsed.candidate || session.unreachable) return; // end of candidates, or one that cannot be reached
    session.timeline.remoteCandidateAt ??= Date.now();
    await session.pc.addIceCandidate({ candidate: parsed.candidate, sdpMid: parsed.sdpMid ?? '0', sdpMLineIndex: parsed.sdpMLineIndex ?? 0 });
  }

  candidates(id: string): string[] {
    return [...this.require(id).localCandidates];
  }

  /** `PATCH {"token"}`: the session goes on past its first token's life. */
  renewToken(id: string, token: string, expiresAt: number): void {
    const session = this.require(id);
    session.token = token;
    session.tokenExpiresAt = expiresAt;
    session.tokenRenewals += 1;
  }

  close(id: string): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    this.sessions.delete(id);
    this.ended += 1;
    session.feed?.close();
    session.spec.lease?.release();
    session.track.stop();
    void session.pc.close().catch(() => undefined);
    return true;
  }

  describe(): WebRtcSessionState[] {
    const now = Date.now();
    return [...this.sessions.values()].map((session) => ({
      sessionId: session.id,
      cameraId: session.spec.cameraId,
      mode: session.spec.playback ? 'playback' : 'live',
      ...(session.spec.playback ? { speed: session.spec.playback.speed } : {}),
      state: session.state,
      packets: session.feed?.sent ?? 0,
      tokenRenewals: session.tokenRenewals,
      ageMs: now - session.createdAt,
      timeline: { ...session.timeline },
    }));
  }

  dispose(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.sessions.keys()]) this.close(id);
  }

  private startFeed(session: SimSession): void {
    const feed = new RtpFeed(
      session.spec.source,
      (packet) => {
        session.timeline.firstPacketAt ??= Date.now();
        session.track.writeRtp(packet);
      },
      this.options.log,
    );
    session.feed = feed;
    feed.start().catch((error: unknown) => this.options.log(`WebRTC session ${session.id}: ${String(error)}`));
  }

  private require(id: string): SimSession {
    const session = this.sessions.get(id);
    if (!session) throw new UnknownSession(id);
    return session;
  }

  private sweep(): void {
    const now = Date.now();
    for (const session of [...this.sessions.values()]) {
      if (session.tokenExpiresAt <= now) {
        this.options.log(`WebRTC session ${session.id} ended: its token expired`);
        this.close(session.id);
      }
    }
  }
}

function withoutCandidates(sdp: string): string {
  return sdp.replace(/^a=(candidate:|end-of-candidates).*\r?\n/gm, '');
}

export class UnknownSession extends Error {
  constructor(id: string) {
    super(`Unknown resource: session ${id}`);
  }
}
