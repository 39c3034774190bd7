import type { HlsConfig } from 'hls.js';

/**
 * How a live tile's hls.js keeps close to the live edge and how much it buffers: the part of
 * the live settings with no loader hooks, so that `bench:hls-config` measures exactly these
 * on a plain hls.js page.
 */
export const LIVE_TUNING: Partial<HlsConfig> = {
  // hls.js adapts the playback rate towards the target latency (maxLiveSyncPlaybackRate
  // below) only in low-latency mode (LatencyController in hls.js 1.7); with it off, a tile
  // that started late or fell behind on a busy machine stayed seconds behind for good. For
  // a playlist without LL-HLS parts the mode changes nothing else.
  lowLatencyMode: true,
  // In seconds behind the playlist's last segment, which is itself about one segment
  // behind real time (a segment is listed once complete): 1.25 s keeps the picture under
  // 2.5 s from live with 1 s segments (the proxy fetches segments ahead, so they arrive at
  // once). Fall further behind than 5 s and hls.js jumps back; in between it plays up to
  // 25 % faster to catch up.
  liveSyncDuration: 1.25,
  liveMaxLatencyDuration: 5,
  maxLiveSyncPlaybackRate: 1.25,
  maxBufferLength: 6,
  maxMaxBufferLength: 10,
  maxBufferSize: 8 * 1024 * 1024,
  startFragPrefetch: true,
  // Where a VMS offers several sizes of a camera (a multivariant playlist), a tile loads the
  // one that fits it, not the largest.
  capLevelToPlayerSize: true,
};
