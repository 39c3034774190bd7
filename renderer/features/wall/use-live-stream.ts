import { type RefObject, useEffect, useState } from 'react';
import type { Camera } from '../../../shared/model/camera';
import { useClient } from '../../ipc/context';
import { LivePlayer } from './live-player';
import type { TileState } from './tile-state';

export interface TileStatus {
  readonly state: TileState;
  readonly reason: string | undefined;
}

const RETRY_START_MS = [1000, 2000, 4000, 8000, 15_000];

/**
 * Runs one tile's live stream: asks the core for a session sized to the tile, plays it,
 * follows the core's restarts, and closes the session when the camera changes or the
 * tile goes away. A session that arrives after the tile went away is closed at once.
 */
export function useLiveStream(camera: Camera | undefined, video: RefObject<HTMLVideoElement | null>, box: RefObject<HTMLElement | null>): TileStatus {
  const client = useClient();
  const serverId = camera?.serverId;
  const cameraId = camera?.cameraId;
  const playable = camera !== undefined && camera.status !== 'offline';
  // Status is kept per stream key, so a new camera starts as `connecting` without a reset.
  const key = playable ? `${serverId ?? ''}/${cameraId ?? ''}` : '';
  const [live, setLive] = useState<TileStatus & { readonly key: string }>({ key: '', state: 'connecting', reason: undefined });

  useEffect(() => {
    if (!playable || serverId === undefined || cameraId === undefined) return;
    const element = video.current;
    if (!element) return;
    let disposed = false;
    let streamId: string | undefined;
    let player: LivePlayer | undefined;
    let stopEvents: (() => void) | undefined;
    let retryTimer: number | undefined;
    let attempt = 0;
    const set = (state: TileState, reason?: string): void => {
      if (!disposed) setLive({ key, state, reason });
    };

    const start = async (): Promise<void> => {
      const rect = box.current?.getBoundingClientRect();
      const scale = window.devicePixelRatio || 1;
      const width = Math.max(1, Math.round((rect?.width ?? 640) * scale));
      const height = Math.max(1, Math.round((rect?.height ?? 360) * scale));
      const result = await client.invoke('live.start', { serverId, cameraId, width, height });
      if (disposed) {
        if (result.ok) void client.invoke('live.stop', { streamId: result.value.streamId });
        return;
      }
      if (!result.ok) {
        // The VMS may come back: keep retrying, showing why. Anything else is final.
        if (result.error.code === 'unavailable') {
          set('reconnecting', result.error.message);
          retryTimer = window.setTimeout(() => void start(), RETRY_START_MS[Math.min(attempt++, RETRY_START_MS.length - 1)]);
        } else {
          set('error', result.error.message);
        }
        return;
      }
      const stream = result.value;
      streamId = stream.streamId;
      player = new LivePlayer(element, set);
      stopEvents = client.on('stream.state', (event) => {
        if (event.streamId !== stream.streamId) return;
        if (event.state === 'restarting') set('reconnecting', event.reason);
        else if (event.state === 'restarted') player?.reload();
        else set('error', event.reason ?? 'The stream failed');
      });
      player.load(stream.url);
    };
    void start();

    return () => {
      disposed = true;
      window.clearTimeout(retryTimer);
      stopEvents?.();
      player?.dispose();
      if (streamId) void client.invoke('live.stop', { streamId });
    };
  }, [client, key, playable, serverId, cameraId, video, box]);

  if (!camera) return { state: 'empty', reason: undefined };
  if (!playable) return { state: 'offline', reason: 'The VMS reports this camera offline' };
  return live.key === key ? live : { state: 'connecting', reason: undefined };
}
