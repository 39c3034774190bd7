import type { CameraStatus } from '../../shared/model/camera';
import type { VmsKind } from '../../shared/model/server';

/**
 * The one interface every vendor adapter implements. It is shaped by the four vendors
 * in VMS-APIS.md, which deliver live video in four different ways:
 *
 * | vendor    | live media                          | what keeps it valid                    |
 * |-----------|-------------------------------------|----------------------------------------|
 * | IVMS Pro  | HLS per session                     | keepalive call every N s (`keepalive`) |
 * | VXG       | HLS URL carrying an expiring ticket | fetch a new URL before `expire_hls`    |
 * | Eagle Eye | HLS needing a Bearer header; JPEG   | token refresh (headers asked per call) |
 * | Milestone | WebRTC session (SDP offer/answer)   | the session itself; token per hour     |
 *
 * Adapters hold every credential; what they return is consumed only by the core
 * (sessions, media proxy). Nothing here is ever sent to the renderer as is.
 */
export interface VmsAdapter {
  readonly kind: VmsKind;
  readonly capabilities: AdapterCapabilities;

  /**
   * Log in or fetch tokens where the vendor needs it (EEN OAuth, Milestone IDP); a cheap
   * reachability check where it does not (IVMS). Called again after an `auth` failure.
   */
  connect(signal?: AbortSignal): Promise<void>;

  listCameras(signal?: AbortSignal): Promise<VmsCamera[]>;

  /** Status of every camera, by camera id; cameras missing from the map are `unknown`. */
  cameraStatuses(signal?: AbortSignal): Promise<ReadonlyMap<string, CameraStatus>>;

  /** Opens a live session for one viewer. Each call is a separate session on the VMS. */
  openLive(request: LiveRequest, signal?: AbortSignal): Promise<VmsLiveSession>;

  /** For sessions whose lifetime is `keepalive`: tell the VMS the viewer is still there. */
  keepAlive(session: VmsLiveSession, signal?: AbortSignal): Promise<void>;

  /** For sessions whose lifetime is `expires`: a fresh session (new URL, new ticket) for the same stream. */
  renew(session: VmsLiveSession, signal?: AbortSignal): Promise<VmsLiveSession>;

  /** Ends the session on the VMS. Must tolerate a session the VMS already forgot. */
  closeLive(session: VmsLiveSession, signal?: AbortSignal): Promise<void>;

  /** Real-time events: a push socket (IVMS, Milestone, EEN SSE) or polling (VXG). */
  subscribeEvents(sink: VmsEventSink): EventSubscription;

  /** Stops every timer and socket the adapter owns. */
  dispose(): Promise<void>;
}

export interface AdapterCapabilities {
  /** How live video is delivered; the renderer picks its player from this. */
  readonly liveDelivery: 'hls' | 'jpeg' | 'webrtc';
  readonly archive: boolean;
  readonly events: 'push' | 'poll' | 'none';
  /** Event snapshots and clips (IVMS `/event/{id}/snap|clip`, VXG with an `all` token). */
  readonly eventMedia: boolean;
}

export interface VmsCamera {
  readonly id: string;
  readonly name: string;
  readonly model?: string;
  readonly address?: string;
}

export interface LiveRequest {
  readonly cameraId: string;
  /** Size the tile is drawn at, in device pixels; the VMS picks the closest profile. */
  readonly width: number;
  readonly height: number;
  readonly audio: boolean;
}

export interface VmsLiveSession {
  /** The VMS's own session id (IVMS `sesssionId`, Milestone WebRTC session id, ...). */
  readonly id: string;
  readonly cameraId: string;
  readonly media: MediaDescriptor;
  readonly lifetime: SessionLifetime;
}

/** Where the media of a session is, and how the media proxy must ask for it. */
export type MediaDescriptor =
  | {
      readonly kind: 'hls';
      /** Absolute URL of the top playlist; may be another host (a separate media server). */
      readonly playlistUrl: string;
      readonly auth?: UpstreamAuth;
    }
  | {
      readonly kind: 'jpeg';
      /** A still image that changes about once per `intervalMs` (EEN preview stream). */
      readonly imageUrl: string;
      readonly intervalMs: number;
      readonly auth?: UpstreamAuth;
    }
  | {
      readonly kind: 'webrtc';
      readonly signalling: WebRtcSignalling;
    };

/**
 * Headers the media proxy adds to every upstream request. A function, not a value,
 * because tokens rotate (EEN Bearer, Milestone) while a stream plays.
 */
export interface UpstreamAuth {
  headers(): Promise<Readonly<Record<string, string>>>;
}

/** Milestone's WebRTC signalling through its REST API; the core relays it for the renderer. */
export interface WebRtcSignalling {
  readonly offerSdp: string;
  answer(sdp: string, signal?: AbortSignal): Promise<void>;
  addRemoteCandidate(candidate: string, signal?: AbortSignal): Promise<void>;
  localCandidates(signal?: AbortSignal): Promise<string[]>;
}

export type SessionLifetime =
  /** IVMS: call `keepAlive` every `intervalMs`, or the VMS drops the session. */
  | { readonly kind: 'keepalive'; readonly intervalMs: number }
  /** VXG: the media URL stops working at `expiresAt` (epoch ms); `renew` before then. */
  | { readonly kind: 'expires'; readonly expiresAt: number }
  /** Valid until closed. */
  | { readonly kind: 'none' };

/** A vendor event as received, before normalisation into the shared event model. */
export interface VmsEvent {
  readonly cameraId: string | undefined;
  /** Epoch ms, already converted from the server's time zone where it sends none. */
  readonly time: number;
  /** The time exactly as the source wrote it. */
  readonly sourceTime: string;
  readonly type: string;
  readonly label: string;
  /** A `data:` URI or a URL the core may fetch; never handed to the renderer as is. */
  readonly image?: string;
  readonly raw: unknown;
}

export type EventStreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface VmsEventSink {
  onEvent(event: VmsEvent): void;
  onState(state: EventStreamState, reason?: string): void;
}

export interface EventSubscription {
  close(): void;
}
