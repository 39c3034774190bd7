import { z } from 'zod';
import { CameraRef } from './camera';

/** What a tile asks for: a camera at the size it is drawn, in device pixels. */
export const LiveStartRequest = CameraRef.extend({
  width: z.number().int().positive().max(16384),
  height: z.number().int().positive().max(16384),
});
export type LiveStartRequest = z.infer<typeof LiveStartRequest>;

/** Recorded video of a camera from a moment (epoch ms), sized like a live request. */
export const ArchiveStartRequest = LiveStartRequest.extend({
  from: z.number().int().min(0),
});
export type ArchiveStartRequest = z.infer<typeof ArchiveStartRequest>;

/**
 * How a stream reaches the tile, which picks its player from it: `hls` (a playlist on the
 * app's origin, for hls.js), `jpeg` (the camera's latest images, long-polled one by one from
 * the app's origin), `webrtc` (signalling relayed by the core, media from the VMS).
 */
export const StreamKind = z.enum(['hls', 'jpeg', 'webrtc']);
export type StreamKind = z.infer<typeof StreamKind>;

/**
 * A stream owned by the core. `url` is relative to the app's own origin (web: the
 * loopback server; Electron: the app protocol), never the VMS.
 */
export const StreamInfo = z.object({
  streamId: z.string().min(1),
  url: z.string().min(1),
  kind: StreamKind,
  mode: z.enum(['live', 'archive']),
});
export type StreamInfo = z.infer<typeof StreamInfo>;

export const StreamRef = z.object({ streamId: z.string().min(1) });
export type StreamRef = z.infer<typeof StreamRef>;

/** Streams whose players took pushed playlists or segments lately (see LivePlaylistFeed). */
export const StreamsTaking = z.object({ streamIds: z.array(z.string().min(1).max(64)).max(512) });
export type StreamsTaking = z.infer<typeof StreamsTaking>;

/** The player could not recover by reloading: reopen the VMS session behind the stream. */
export const StreamRestartRequest = StreamRef.extend({ reason: z.string().max(300).optional() });
export type StreamRestartRequest = z.infer<typeof StreamRestartRequest>;

/**
 * Pushed when the core changes a stream behind the tile's back: its VMS session is
 * being reopened (`restarting`, with the reason), was reopened (`restarted`: the player
 * must reload), or is gone and only the tile can reopen it (`lost`: an archive session,
 * whose position only the player knows), or cannot be reopened at all (`failed`).
 */
export const StreamStateEvent = z.object({
  streamId: z.string().min(1),
  state: z.enum(['restarting', 'restarted', 'lost', 'failed']),
  reason: z.string().optional(),
  /** `failed` because the VMS refused the server's credentials: the tile waits for the server to be signed in again. */
  signIn: z.boolean().optional(),
});
export type StreamStateEvent = z.infer<typeof StreamStateEvent>;

/** Segments one playlist version carries at most (the newest, after a gap of several). */
export const MAX_PUSHED_SEGMENTS = 3;

/** A live segment sent with the playlist version that named it first. */
export const PushedSegment = z.object({
  /** The path the player loads it from, as the playlist names it. */
  path: z.string().startsWith('/media/').max(200),
  data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes'),
});
export type PushedSegment = z.infer<typeof PushedSegment>;

/**
 * A new version of a playing live stream's media playlist, sent by the core as it reads it:
 * the player takes it instead of polling the playlist over HTTP (see LivePlaylistFeed).
 */
export const StreamPlaylistEvent = z.object({
  streamId: z.string().min(1),
  /** The path the player loads the playlist from, on the app's origin. */
  path: z.string().startsWith('/media/').max(200),
  /** Grows with every version the core sends, across all streams. */
  version: z.number().int().positive(),
  text: z.string().max(1_000_000),
  /** The newest segment's duration in ms: when the next version is due. */
  segmentMs: z.number().int().nonnegative(),
  /**
   * The segments this version added, as the core fetched them ahead: the player takes them
   * from here instead of asking for each over HTTP. Missing or short when a segment was not
   * there in time; the player then asks for it as before.
   */
  segments: z.array(PushedSegment).max(MAX_PUSHED_SEGMENTS).optional(),
});
export type StreamPlaylistEvent = z.infer<typeof StreamPlaylistEvent>;

/**
 * WebRTC signalling between a tile's RTCPeerConnection and the core, which relays it to
 * the VMS (Milestone's REST signalling): SDP text and ICE candidates (JSON strings of
 * RTCIceCandidateInit), never a token or a VMS address.
 */
export const WebRtcOffer = z.object({
  sdp: z.string().min(1).max(200_000),
  /** Recorded video: the moment (epoch ms) the VMS's session starts at; the picture's moment counts from it. */
  playbackFrom: z.number().optional(),
});
export type WebRtcOffer = z.infer<typeof WebRtcOffer>;

/**
 * Asks for a stream's offer. Recorded video says where and how fast it wants to play: a
 * session elsewhere or at another speed is replaced by one there (a WebRTC session plays
 * from one moment at one speed; moving is a new session).
 */
export const WebRtcOfferRequest = StreamRef.extend({
  playback: z.object({ fromMs: z.number().int().nonnegative(), speed: z.number().positive().max(32) }).strict().optional(),
}).strict();
export type WebRtcOfferRequest = z.infer<typeof WebRtcOfferRequest>;

export const WebRtcAnswerRequest = StreamRef.extend({ sdp: z.string().min(1).max(200_000) }).strict();
export type WebRtcAnswerRequest = z.infer<typeof WebRtcAnswerRequest>;

/** The tile's new candidates go up; the VMS's new ones come back. */
export const WebRtcCandidatesRequest = StreamRef.extend({ add: z.array(z.string().min(1).max(2000)).max(50) }).strict();
export type WebRtcCandidatesRequest = z.infer<typeof WebRtcCandidatesRequest>;

export const WebRtcCandidates = z.object({ candidates: z.array(z.string()) });
export type WebRtcCandidates = z.infer<typeof WebRtcCandidates>;
