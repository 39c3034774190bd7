import type { StreamKind } from '../../shared/model/stream';
import { HlsPlayer } from './hls-player';
import { JpegPlayer } from './jpeg-player';
import type { Player, PlayerEvents } from './player';
import { WebRtcPlayer, type SignallingClient } from './webrtc-player';

/** The elements a tile offers its players: a <video> for HLS and WebRTC, a <canvas> for JPEG images. */
export interface PlayerSurfaces {
  readonly video: HTMLVideoElement;
  readonly canvas: HTMLCanvasElement;
}

/** The player for a stream's kind, as the core said it is delivered (StreamInfo.kind); WebRTC signals through `client`. */
export function createPlayer(kind: StreamKind, surfaces: PlayerSurfaces, events: PlayerEvents, client: SignallingClient): Player {
  switch (kind) {
    case 'hls':
      return new HlsPlayer(surfaces.video, events);
    case 'jpeg':
      return new JpegPlayer(surfaces.canvas, events);
    case 'webrtc':
      return new WebRtcPlayer(surfaces.video, client, events);
  }
}
