import { z } from 'zod';
import { AlertPictureClaim, AlertPictureRequest } from '../model/event';
import { ExportJob, ExportRequest, SaveFileRequest, SaveFileResult } from '../model/export';
import { ServerDraft, ServerSettings, ServerTestResult } from '../model/server-config';
import { VendorInfo } from '../model/server-form';
import { Markers, MarkersRequest, Recordings, RecordingsRequest } from '../model/timeline';
import { WebRtcAnswerRequest, WebRtcCandidates, WebRtcCandidatesRequest, WebRtcOffer, WebRtcOfferRequest } from '../model/stream';
import { AppProblem, MonitorView, Wall, WallsState } from '../model/wall';
import { SitePushed, SitePushRequest, SitePushResult, SiteState } from '../model/site';
import { SensorDraft, SensorSettings, SensorsState } from '../model/sensor';
import type { EventName, InvokeChannel } from './channels';
import {
  AcknowledgeRequest,
  AcknowledgeResult,
  AlarmEvent,
  AlertChange,
  AlertCounts,
  AppInfo,
  ArchiveStartRequest,
  Camera,
  CameraAdded,
  CameraAddRequest,
  CameraRemoveRequest,
  CamerasChanged,
  CamerasListRequest,
  Empty,
  EventRecord,
  EventsQuery,
  LiveStartRequest,
  ServerInfo,
  Settings,
  SettingsPatch,
  StreamInfo,
  StreamRef,
  StreamRestartRequest,
  StreamPlaylistEvent,
  StreamsTaking,
  StreamStateEvent,
} from './schemas';

/**
 * The IPC contract: every renderer → main call with its request and reply schema, and
 * every main → renderer event with its payload schema. Types are derived from the
 * schemas so the two cannot drift; `satisfies` keeps this map and channels.ts in step.
 */
export const invokeContract = {
  'app.info': { request: Empty, response: AppInfo },
  'servers.list': { request: Empty, response: z.array(ServerInfo) },
  'cameras.list': { request: CamerasListRequest, response: z.array(Camera) },
  'cameras.add': { request: CameraAddRequest, response: CameraAdded },
  'cameras.remove': { request: CameraRemoveRequest, response: Empty },
  'live.start': { request: LiveStartRequest, response: StreamInfo },
  'archive.start': { request: ArchiveStartRequest, response: StreamInfo },
  'stream.stop': { request: StreamRef, response: Empty },
  'stream.restart': { request: StreamRestartRequest, response: Empty },
  /** The players of these streams still take what the core sends them (`stream.playlist`): keep sending. */
  'stream.taking': { request: StreamsTaking, response: Empty },
  /** A WebRTC stream's offer (SDP text) from the VMS, relayed by the core. */
  'webrtc.offer': { request: WebRtcOfferRequest, response: WebRtcOffer },
  'webrtc.answer': { request: WebRtcAnswerRequest, response: Empty },
  /** Hands the tile's new ICE candidates to the VMS and returns the VMS's new ones. */
  'webrtc.candidates': { request: WebRtcCandidatesRequest, response: WebRtcCandidates },
  /** Newest first, from the journal. */
  'events.query': { request: EventsQuery, response: z.array(EventRecord) },
  'events.get': { request: z.object({ id: z.string().min(1) }).strict(), response: EventRecord.nullable() },
  /** The events an operator may raise by hand on this server's cameras (Milestone user-defined events); empty where there are none. */
  'events.raisable': { request: z.object({ serverId: z.string().min(1) }).strict(), response: z.array(z.object({ id: z.string(), name: z.string() }).strict()) },
  /** Raises one of them on a camera, on the VMS. */
  'events.raise': {
    request: z.object({ serverId: z.string().min(1), cameraId: z.string().min(1), type: z.string().min(1).max(200) }).strict(),
    response: z.object({ vendorEventId: z.string().optional() }).strict(),
  },
  /** Durable before it answers; acknowledging twice is harmless. */
  'alerts.acknowledge': { request: AcknowledgeRequest, response: AcknowledgeResult },
  'alerts.counts': { request: Empty, response: AlertCounts },
  /** The alarms still open (a window that starts late, or reloads, flashes and sounds them too). */
  'alerts.alarms': { request: Empty, response: z.array(AlarmEvent) },
  /** Stops the sound of the open alarms in every window (they still flash until acknowledged). */
  'alerts.silence': { request: Empty, response: z.array(z.string()) },
  /**
   * A frame of the camera's live tile, from a window, for an alert whose VMS gives no picture
   * (XProtect, an IVMS event without one). Kept only for an alert still without a picture
   * that came in the last minute: the first window's frame wins.
   */
  'alerts.picture': { request: AlertPictureRequest, response: Empty },
  /**
   * Of these alerts, the ones this window may picture by opening the camera's stream itself
   * (no tile of the window shows the camera): each is granted once, to the first window that
   * asks, while it still has no picture and came in the last minute.
   */
  'alerts.pictureClaim': { request: AlertPictureClaim, response: AlertPictureClaim },
  'settings.get': { request: Empty, response: Settings },
  'settings.update': { request: SettingsPatch, response: Settings },
  'timeline.recordings': { request: RecordingsRequest, response: Recordings },
  'timeline.markers': { request: MarkersRequest, response: Markers },
  /** One job per camera; progress comes as `export.changed`. */
  'export.start': { request: ExportRequest, response: z.array(ExportJob) },
  'export.cancel': { request: z.object({ id: z.string().min(1) }).strict(), response: Empty },
  'export.list': { request: Empty, response: z.array(ExportJob) },
  /** Saves a file the renderer made (snapshot PNG) through the main process. */
  'files.save': { request: SaveFileRequest, response: SaveFileResult },
  /** Stores that were unreadable at start (with where their content was kept). */
  'app.problems': { request: Empty, response: z.array(AppProblem) },
  /** Every server's settings, never a password. */
  'servers.settings': { request: Empty, response: z.array(ServerSettings) },
  /** Every vendor: what the Servers dialog asks for, its notes, its event types; unsupported ones marked. */
  'servers.kinds': { request: Empty, response: z.array(VendorInfo) },
  'servers.add': { request: ServerDraft, response: ServerSettings },
  'servers.update': { request: ServerDraft, response: ServerSettings },
  'servers.remove': { request: z.object({ id: z.string().min(1) }).strict(), response: Empty },
  /** Tries a draft (or a stored server, its password kept when the draft has none) without saving it. */
  'servers.test': { request: ServerDraft, response: ServerTestResult },
  /**
   * Starts a server's sign-in through the browser (OAuth): the VMS's sign-in page, opened
   * by the host already (Electron: the system browser) or to be opened by the window.
   */
  'servers.signIn': { request: z.object({ id: z.string().min(1) }).strict(), response: z.object({ authorizeUrl: z.url(), opened: z.boolean() }).strict() },
  'walls.get': { request: Empty, response: WallsState },
  /** What one monitor shows now; saved as it changes so a restart or reload resumes it. */
  'walls.saveCurrent': { request: z.object({ monitor: z.number().int().min(0).max(15), view: MonitorView }).strict(), response: Empty },
  'walls.save': { request: Wall, response: WallsState },
  'walls.delete': { request: z.object({ id: z.string().min(1) }).strict(), response: WallsState },
  'walls.setDefault': { request: z.object({ id: z.string().min(1).nullable() }).strict(), response: WallsState },
  /** Every monitor switches to this wall's views. */
  'walls.activate': { request: z.object({ id: z.string().min(1) }).strict(), response: WallsState },
  /** The PCs of the site, their monitors and what each shows, online or not. */
  'site.state': { request: Empty, response: SiteState },
  /** Shows views on monitors of a PC of the site; answers once the broker has it. */
  'site.push': { request: SitePushRequest, response: SitePushResult },
  /** This window shows this monitor (until its connection closes): the site sees which monitors have a window. */
  'site.window': { request: z.object({ monitor: z.number().int().min(0).max(15) }).strict(), response: Empty },
  /** Each sensor's health and each VMS target's queue (the Sensors panel). */
  'sensors.state': { request: Empty, response: SensorsState },
  /** Every sensor's settings, never a password or secret. */
  'sensors.settings': { request: Empty, response: z.array(SensorSettings) },
  /** Adds or changes a sensor of the dialog; an empty password or secret keeps the stored one. */
  'sensors.save': { request: SensorDraft, response: SensorSettings },
  'sensors.remove': { request: z.object({ id: z.string().min(1) }).strict(), response: Empty },
  /** Sends a target's failed deliveries again. */
  'sensors.retry': { request: z.object({ serverId: z.string().min(1) }).strict(), response: Empty },
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>;

export const eventContract = {
  'servers.changed': z.array(ServerInfo),
  'cameras.changed': CamerasChanged,
  'stream.state': StreamStateEvent,
  /** Live playlists for the window's players, as the core reads them (not polled over HTTP). */
  'stream.playlist': StreamPlaylistEvent,
  /** New events, oldest first, batched so a burst costs a few messages, not thousands. */
  'events.added': z.array(EventRecord),
  'alerts.changed': z.array(AlertChange),
  'alerts.counts': AlertCounts,
  'alerts.alarm': AlarmEvent,
  /** Event ids whose alarm sound an operator stopped. */
  'alerts.silenced': z.array(z.string()),
  'settings.changed': Settings,
  'export.changed': ExportJob,
  'walls.changed': WallsState,
  'app.problems': z.array(AppProblem),
  'site.changed': SiteState,
  /** Another PC put something on this PC's monitors: who, what, where. */
  'site.pushed': SitePushed,
  'sensors.changed': SensorsState,
} as const satisfies Record<EventName, z.ZodType>;

export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['response']>;
export type EventPayload<E extends EventName> = z.output<(typeof eventContract)[E]>;

export type { EventName, InvokeChannel };
