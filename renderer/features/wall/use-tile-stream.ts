import { type RefObject, useEffect, useRef, useState } from 'react';
import type { Camera } from '../../../shared/model/camera';
import { useClient } from '../../ipc/context';
import type { TileSource } from '../../stores/wall';
import { StreamPlayer } from './stream-player';
import type { TileState } from './tile-state';

export interface TileStatus {
  readonly state: TileState;
  readonly reason: string | undefined;
}

export interface TileStream extends TileStatus {
  /** The wall-clock time of the frame on screen (archive: where playback is), if known. */
  readonly position: () => number | undefined;
}

const RETRY_START_MS = [1000, 2000, 4000, 8000, 15_000];

/**
 * Runs one tile's stream: asks the core for a session sized to the tile, plays it,
 * follows the core's restarts, and closes the session when the camera or source changes
 * or the tile goes away. A session that arrives after the tile went away is closed at
 * once. An archive session the VMS lost is reopened where playback had got to.
 */
export function useTileStream(camera: Camera | undefined, source: TileSource, video: RefObject<HTMLVideoElement | null>, box: RefObject<HTMLElement | null>): TileStream {
  const client = useClient();
  const serverId = camera?.serverId;
  const cameraId = camera?.cameraId;
  const playable = camera !== undefined && camera.status !== 'offline';
  const from = source.mode === 'archive' ? source.from : undefined;
  // Status is kept per stream key, so a new camera or source starts as `connecting` without a reset.
  const key = playable ? `${serverId ?? ''}/${cameraId ?? ''}/${from ?? 'live'}` : '';
  const [status, setStatus] = useState<TileStatus & { readonly key: string }>({ key: '', state: 'connecting', reason: undefined });
  const player = useRef<StreamPlayer | undefined>(undefined);

  useEffect(() => {
    if (!playable || serverId === undefined || cameraId === undefined) return;
    const element = video.current;
    if (!element) return;
    let disposed = false;
    let streamId: string | undefined;
    let stopEvents: (() => void) | undefined;
    let retryTimer: number | undefined;
    let attempt = 0;
    const set = (state: TileState, reason?: string): void => {
      if (!disposed) setStatus({ key, state, reason });
    };
    const close = (): void => {
      stopEvents?.();
      stopEvents = undefined;
      player.current?.dispose();
      player.current = undefined;
      if (streamId) void client.invoke('stream.stop', { streamId });
      streamId = undefined;
    };

    const start = async (at: number | undefined): Promise<void> => {
      const size = pictureSize(box.current);
      const result = at === undefined ? await client.invoke('live.start', { serverId, cameraId, ...size }) : await client.invoke('archive.start', { serverId, cameraId, ...size, from: Math.round(at) });
      if (disposed) {
        if (result.ok) void client.invoke('stream.stop', { streamId: result.value.streamId });
        return;
      }
      if (!result.ok) {
        // The VMS may come back: keep retrying, showing why. Anything else is final.
        if (result.error.code === 'unavailable') {
          set('reconnecting', result.error.message);
          retryTimer = window.setTimeout(() => void start(at), RETRY_START_MS[Math.min(attempt++, RETRY_START_MS.length - 1)]);
        } else {
          set('error', result.error.message);
        }
        return;
      }
      attempt = 0;
      const stream = result.value;
      streamId = stream.streamId;
      const current = new StreamPlayer(element, set);
      player.current = current;
      stopEvents = client.on('stream.state', (event) => {
        if (event.streamId !== stream.streamId) return;
        if (event.state === 'restarting') set('reconnecting', event.reason);
        else if (event.state === 'restarted') current.reload();
        else if (event.state === 'lost') {
          const resumeAt = current.position() ?? at;
          set('reconnecting', event.reason);
          close();
          void start(resumeAt);
        } else set('error', event.reason ?? 'The stream failed');
      });
      current.load(stream.url, at === undefined ? {} : { startAt: at });
    };
    void start(from);

    return () => {
      disposed = true;
      window.clearTimeout(retryTimer);
      close();
    };
  }, [client, key, playable, serverId, cameraId, from, video, box]);

  const position = (): number | undefined => player.current?.position();
  if (!camera) return { state: 'empty', reason: undefined, position };
  if (!playable) return { state: 'offline', reason: 'The VMS reports this camera offline', position };
  return status.key === key ? { ...status, position } : { state: 'connecting', reason: undefined, position };
}

/**
 * The size the picture is drawn at, in device pixels: the 16:9 area that fits the tile
 * (cameras are 16:9 far more often than not), which is what the stream should match.
 */
export function pictureSize(element: HTMLElement | null): { width: number; height: number } {
  const rect = element?.getBoundingClientRect();
  const scale = window.devicePixelRatio || 1;
  const boxWidth = (rect?.width ?? 640) * scale;
  const boxHeight = (rect?.height ?? 360) * scale;
  const width = Math.min(boxWidth, (boxHeight * 16) / 9);
  return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round((width * 9) / 16)) };
}
