import type { CameraStatus } from '../../shared/model/camera';
import type { HttpResponse } from './http';
import type { VmsKind } from '../../shared/model/server';

/**
 * The one interface every vendor adapter implements. It is shaped by the four vendors
 * in VMS-APIS.md, which deliver live video in four different ways:
 *
 * | vendor    | live media                          | what keeps it valid                    |
 * |-----------|-------------------------------------|----------------------------------------|
 * | IVMS Pro  | HLS per session                     | keepalive call every N s (`keepalive`) |
 * | VXG       | HLS URL carrying an expiring ticket | `renew` before `expire_hls` (`expires`)|
 * | Eagle Eye | HLS needing a Bearer header; JPEG   | token refresh (headers asked per call) |
 * | Milestone | WebRTC session (SDP offer/answer)   | the session itself; token per hour     |
 *
 * Every upstream request for media goes through the session's `MediaUpstream`, which the
 * adapter builds: the adapter alone decides which origin may receive which credential.
 *
 * Adapters hold every credential; what they return is consumed only by the core
 * (sessions, media proxy). Nothing here is ever sent to the renderer as is.
 */
export interface VmsAdapter {
  readonly kind: VmsKind;
  readonly capabilities: AdapterCapabilities;
  /** Which server of a redundant pair answers now, for adapters that fail over. */
  readonly activeEndpoint?: 'primary' | 'standby';

  /**
   * Log in or fetch tokens where the vendor needs it (EEN OAuth, Milestone IDP); a cheap
   * reachability check where it does not (IVMS). Called again after an `auth` failure.
   */
  connect(signal?: AbortSignal): Promise<void>;

  listCameras(signal?: AbortSignal): Promise<VmsCamera[]>;

  /** Status of every camera, by camera id; cameras missing from the map are `unknown`. */
  cameraStatuses(signal?: AbortSignal): Promise<ReadonlyMap<string, CameraStatus | CameraCondition>>;

  /** Opens a live session for one viewer. Each call is a separate session on the VMS. */
  openLive(request: LiveRequest, signal?: AbortSignal): Promise<VmsSession>;

  /** Opens a recorded-video session starting at `request.fromMs` (epoch ms). */
  openArchive(request: ArchiveRequest, signal?: AbortSignal): Promise<VmsSession>;

  /** For sessions whose lifetime is `keepalive`: tell the VMS the viewer is still there. */
  keepAlive(session: VmsSession, signal?: AbortSignal): Promise<void>;

  /** For sessions whose lifetime is `expires`: a fresh session (new URL, new ticket) for the same stream. */
  renew(session: VmsSession, signal?: AbortSignal): Promise<VmsSession>;

  /** Ends the session on the VMS. Must tolerate a session the VMS already forgot, or cannot stop. */
  closeSession(session: VmsSession, signal?: AbortSignal): Promise<void>;

  /**
   * What the VMS says about a camera's recordings within [from, to] (epoch ms). Vendors
   * with a recording list (Milestone, EEN `/media`, VXG storage timeline) give `ranges`;
   * IVMS only knows where a channel's recording starts (`oldestClipTime`). Adapters that
   * know nothing leave this out, and the timeline shows the recordings as unknown.
   */
  recordings?(cameraId: string, from: number, to: number, signal?: AbortSignal): Promise<VmsRecordings>;

  /** The camera's latest picture, where the VMS gives one apart from the video (VXG `/api/v4/live/image/`). */
  liveImage?(cameraId: string, signal?: AbortSignal): Promise<VmsBinary>;

  /**
   * The camera's picture now for an alert or a sensor event, where the VMS gives one apart
   * from the video but not from the server the wall talks to (XProtect's recording servers,
   * on hosts and ports of their own): asked once per alert by the core, never for the tiles'
   * and the camera list's previews, which would fail on every tile where that server cannot
   * be reached. The windows picture an alert themselves where this gives nothing.
   */
  alertPicture?(cameraId: string, signal?: AbortSignal): Promise<VmsBinary>;

  /** The picture or video the VMS keeps for an event (IVMS `/event/{id}/snap|clip`). */
  eventMedia(vendorEventId: string, kind: 'snap' | 'clip', signal?: AbortSignal): Promise<VmsBinary>;

  /** Real-time events: a push socket (IVMS, Milestone, EEN SSE) or polling (VXG). */
  subscribeEvents(sink: VmsEventSink): EventSubscription;

  /**
   * Raises an event on the VMS for a camera (VXG `POST /api/v2/storage/events/`, EEN v3
   * `POST /events`, Milestone user-defined events), for the sensor bridge. Vendors without
   * such a call (IVMS) leave it out.
   */
  createEvent?(request: CreateEventRequest, signal?: AbortSignal): Promise<CreatedEvent>;

  /**
   * The events an operator may raise by hand on a camera (Milestone's user-defined events),
   * by the type `createEvent` takes, with their names. Absent where the VMS defines none.
   */
  raisableEvents?(signal?: AbortSignal): Promise<Array<{ readonly id: string; readonly name: string }>>;

  /**
   * Looks on the VMS for an event `createEvent` may have made with this request before the
   * caller could learn it did (a process killed mid-request): matched by the request's
   * `metadata.event_id` on the camera near its time. No VMS create call takes an
   * idempotency key, so this is how a retry avoids a double. Undefined when not found.
   */
  findCreatedEvent?(request: CreateEventRequest, signal?: AbortSignal): Promise<CreatedEvent | undefined>;

  /**
   * Adding and removing cameras on the VMS itself, where its credentials allow it (a VXG
   * account's cloud key takes a camera's address; its channel tokens do not). Absent otherwise.
   */
  readonly cameraManagement?: CameraManagement;

  /**
   * An alert the VMS keeps a state of (a Milestone alarm, `vendorEventId` as the event
   * carried it) was acknowledged in Tessera: change its state on the VMS too, with who did
   * it and why. Vendors whose alerts have no state leave it out.
   */
  acknowledgeAlert?(vendorEventId: string, ack: AlertAcknowledgement, signal?: AbortSignal): Promise<void>;

  /**
   * Called when every open session became useless at once: the adapter failed over to a
   * standby server or back, or saw the server restart. The core reopens them all.
   */
  onSessionsLost(listener: (reason: string) => void): () => void;

  /** Stops every timer and socket the adapter owns. */
  dispose(): Promise<void>;
}

export interface AdapterCapabilities {
  /** How live video is delivered; the renderer picks its player from this. */
  readonly liveDelivery: 'hls' | 'jpeg' | 'webrtc';
  readonly archive: boolean;
  /** How events arrive: pushed on a socket, streamed (SSE), polled, or not at all. */
  readonly events: 'push' | 'stream' | 'poll' | 'none';
  /** Event snapshots and clips (IVMS `/event/{id}/snap|clip`, VXG with an `all` token). */
  readonly eventMedia: boolean;
  /** The VMS takes events raised by Tessera (`createEvent`). */
  readonly createEvents: boolean;
}

/** A camera's state beyond up or down, where the vendor says more (not recording, password needed). */
export interface CameraCondition {
  readonly status: CameraStatus;
  /** Words for the tree's tooltip and the tile, e.g. "Not recording". */
  readonly detail?: string;
  readonly recording?: boolean;
}

export interface VmsCamera {
  readonly id: string;
  readonly name: string;
  readonly model?: string;
  readonly address?: string;
  readonly group?: string;
}

export interface LiveRequest {
  readonly cameraId: string;
  /** Size the tile is drawn at, in device pixels; the VMS picks the closest profile. */
  readonly width: number;
  readonly height: number;
  readonly audio: boolean;
}

export interface ArchiveRequest extends LiveRequest {
  /** Where playback starts, epoch ms. */
  readonly fromMs: number;
  /** How fast, where the VMS plays a session at a speed (Milestone WebRTC); 1 when absent. */
  readonly speed?: number;
}

export interface VmsSession {
  /** The VMS's own session id (IVMS `sesssionId`, Milestone WebRTC session id, ...). */
  readonly id: string;
  readonly mode: 'live' | 'archive';
  readonly cameraId: string;
  readonly media: MediaDescriptor;
  readonly lifetime: SessionLifetime;
  /** Which server holds the session, where a deployment has more than one (primary, standby). */
  readonly origin: string;
}

export type VmsRecordings =
  /** The VMS's own list of recorded spans (epoch ms). */
  | { readonly kind: 'ranges'; readonly ranges: ReadonlyArray<{ readonly from: number; readonly to: number }> }
  /**
   * Only where the recording starts (epoch ms), undefined when the VMS does not say: the
   * core infers the rest from the camera's offline periods.
   */
  | { readonly kind: 'since'; readonly oldestMs: number | undefined };

export interface VmsBinary {
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

/** Where the media of a session is, and how the media proxy must ask for it. */
export type MediaDescriptor =
  | {
      readonly kind: 'hls';
      /** Absolute URL of the top playlist; may be another host (a separate media server). */
      readonly playlistUrl: string;
      readonly upstream: MediaUpstream;
    }
  | {
      readonly kind: 'jpeg';
      /** The camera's latest images, shared by every viewer (EEN previews). */
      readonly frames: JpegFrameSource;
    }
  | {
      readonly kind: 'webrtc';
      readonly signalling: WebRtcSignalling;
    };

/**
 * How the media proxy fetches what a stream's playlists name. Built by the adapter, which
 * alone knows its credentials: it attaches them per request and only to the exact origins
 * (scheme, host and port) they were given for, whatever a playlist points at.
 */
export interface MediaUpstream {
  fetch(request: UpstreamRequest): Promise<HttpResponse>;
  /**
   * The same resource across session renewals: a VXG segment URL carries a ticket that
   * changes with every renewal while the segment does not. Keys and the segment cache use
   * this, so a renewed stream keeps its keys and nothing is fetched twice. Default: the URL.
   */
  identity?(url: string): string;
}

export interface UpstreamRequest {
  readonly url: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** A camera's live JPEG images (EEN previews): one upstream fetcher, every viewer served from it. */
export interface JpegFrameSource {
  /** The newest frame, waiting up to `waitMs` for one newer than `after` (a frame sequence). */
  next(after: number | undefined, waitMs: number, signal?: AbortSignal): Promise<JpegFrame | undefined>;
  /** Stops the fetcher when the last viewer leaves. */
  release(): void;
}

export interface JpegFrame {
  /** Increases with every new image. */
  readonly sequence: number;
  /** When the camera took it (epoch ms), from the vendor's timestamp. */
  readonly takenAt: number;
  readonly bytes: Uint8Array;
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
  readonly cameraName: string | undefined;
  /** Epoch ms, converted from the server's time zone where the source sends none. */
  readonly time: number;
  /** The time exactly as the source wrote it. */
  readonly sourceTime: string;
  /** True when the source's time could not be read and `time` is when it was received. */
  readonly timeUncertain: boolean;
  /** The vendor's own type code (`201`, `motion`); the core prefixes the vendor (`ivms:201`). */
  readonly type: string;
  readonly label: string;
  /** The picture as the source sent it: decoded bytes, never handed to the renderer as is. */
  readonly image?: VmsBinary;
  /** The id the VMS knows the event by, for its snap and clip. */
  readonly vendorEventId?: string;
  /**
   * Where the vendor identifies an event for good (VXG and EEN event ids, Milestone's
   * EventHeader.ID): the journal holds an event with this key once per server, so a poll
   * that overlaps or a replay after a resume never shows an event twice. IVMS events carry
   * no such id, so they leave it out.
   */
  readonly dedupeKey?: string;
  /**
   * Set where the event carries the marks Tessera's sensor bridge writes into the events it
   * creates (the sensor's id and its own event id): the VMS's copy of a sensor event.
   */
  readonly echoOf?: { readonly sensorId: string; readonly eventId: string };
  /** Everything else the source sent, minus the image bytes. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The sensor bridge's marks in an event's metadata, if both are there. */
export function sensorEchoOf(metadata: unknown): { sensorId: string; eventId: string } | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { sensor_id: sensorId, event_id: eventId } = metadata as Record<string, unknown>;
  return typeof sensorId === 'string' && typeof eventId === 'string' ? { sensorId, eventId } : undefined;
}

/** `{ echoOf }` to spread into a VmsEvent, or nothing. */
export function withEcho(echo: { sensorId: string; eventId: string } | undefined): Pick<VmsEvent, 'echoOf'> {
  return echo ? { echoOf: echo } : {};
}

export type EventStreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface VmsEventSink {
  /**
   * One event. `cursor`, where the vendor's events are polled or resumed from a position,
   * is where to start again after this event: the core journals it in the same transaction
   * as the event, so a restart neither repeats nor skips one.
   */
  onEvent(event: VmsEvent, cursor?: string): void;
  onState(state: EventStreamState, reason?: string): void;
  /** A camera's status changed, learnt from the event stream before the next status poll. */
  onCameraStatus?(cameraId: string, status: CameraStatus): void;
  /** Where the last run stopped reading (the cursor journaled with its last event). */
  readonly resumeFrom?: string | undefined;
  /**
   * An alert's state changed on the VMS (a Milestone alarm closed there): the journal
   * acknowledges the event that carried `vendorEventId`, in the VMS operator's name.
   */
  onAlertState?(vendorEventId: string, ack: AlertAcknowledgement): void;
}

/** Who acknowledged an alert (or closed it on the VMS), and why. */
export interface AlertAcknowledgement {
  readonly operator: string;
  readonly comment?: string | undefined;
}

export interface EventSubscription {
  close(): void;
}

/** An event raised on the VMS by Tessera (the sensor bridge). */
export interface CreateEventRequest {
  readonly cameraId: string;
  /** The vendor's event type (VXG name, EEN v3 type, Milestone user-defined event id). */
  readonly type: string;
  readonly time: number;
  readonly label?: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface CreatedEvent {
  /** The VMS's id of the new event, where its reply gives one. */
  readonly vendorEventId: string | undefined;
}

/** A camera to add to the VMS: what the VMS needs to pull its video. */
export interface NewCameraRequest {
  readonly name: string;
  /** Where the VMS pulls the camera's video (rtsp://, http://, https://). */
  readonly sourceUrl: string;
  /** The camera's own credentials, handed to the VMS and kept by Tessera nowhere. */
  readonly login?: string;
  readonly password?: string;
  /** The VMS records the camera continuously. */
  readonly record: boolean;
}

export interface CameraManagement {
  /** Adds a camera; resolves with its id once the VMS lists it. */
  add(request: NewCameraRequest, signal?: AbortSignal): Promise<{ readonly cameraId: string }>;
  /** Removes a camera and its recordings from the VMS. */
  remove(cameraId: string, signal?: AbortSignal): Promise<void>;
}
