import type { HlsConfig } from 'hls.js';

/**
 * How a live tile's hls.js keeps close to the live edge and how much it buffers: the part of
 * the live settings with no loader hooks, so that `bench:hls-config` measures exactly these
 * on a plain hls.js page.
 */
/** The live target latency (s): why 1.5, see `liveSyncDuration` below. */
export const LIVE_SYNC_DURATION_S = 1.5;

export const LIVE_TUNING: Partial<HlsConfig> = {
  // hls.js adapts the playback rate towards the target latency (maxLiveSyncPlaybackRate
  // below) only in low-latency mode (LatencyController in hls.js 1.7); with it off, a tile
  // that started late or fell behind on a busy machine stayed seconds behind for good. For
  // a playlist without LL-HLS parts the mode changes nothing else. (A live tile of the wall
  // sets maxLiveSyncPlaybackRate to 1 and steers its rate itself with the same curve, see
  // `LiveSteering`; hls.js's own catch-up runs only on `bench:hls-config`'s plain page.)
  lowLatencyMode: true,
  // In seconds behind the live edge as hls.js estimates it (the playlist's last segment,
  // which is itself about one segment behind real time, plus the time since the playlist
  // last grew). The player learns of a new segment within a tenth of a second (the core
  // pushes playlists as it reads them), so the estimate is close to the truth, and the
  // video buffered ahead of the picture runs down to this minus a segment before the next
  // one arrives: at 1.25 s, 36 tiles on a 2-core machine ran dry about three times a
  // second between them (`waiting`, a frame dropped each time); at 1.5 s never, with the
  // picture about 1.6 s from live with 1 s segments. Fall further behind than 5 s and
  // hls.js jumps back; in between it plays up to 25 % faster to catch up.
  liveSyncDuration: LIVE_SYNC_DURATION_S,
  liveMaxLatencyDuration: 5,
  maxLiveSyncPlaybackRate: 1.25,
  maxBufferLength: 6,
  maxMaxBufferLength: 10,
  maxBufferSize: 8 * 1024 * 1024,
  startFragPrefetch: true,
  // A live stream's MediaSource lasts for ever (duration Infinity; hls.js sets the seekable
  // window with setLiveSeekableRange instead: hls.js API.md, `liveDurationInfinity`), rather
  // than having its duration moved to the playlist's end at every playlist. Moved, the
  // duration made Chromium run a main frame with paint and commit for it: a 6 s trace of a
  // 16-tile wall had 12.3 main frames a second, 7.0 with this. Nothing reads a live tile's
  // `duration`.
  liveDurationInfinity: true,
  // Where a VMS offers several sizes of a camera (a multivariant playlist), a tile loads the
  // one that fits it, not the largest.
  capLevelToPlayerSize: true,
};
