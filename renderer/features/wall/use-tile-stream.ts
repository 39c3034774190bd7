import { type RefObject, useEffect, useRef, useState } from 'react';
import type { Camera } from '../../../shared/model/camera';
import { useClient } from '../../ipc/context';
import { type TileSource, useWall } from '../../stores/wall';
import { archiveMembers } from '../playback/archive-members';
import { clockTime } from '../playback/playback-clock';
import { profileIndex, type Size } from './picture-size';
import { createPlayer } from '../../players/create-player';
import { tileControllers } from './tile-registry';
import { TileStreamController, type TileStatus } from './tile-stream-controller';

/** How long a tile out of sight keeps its VMS session, so quick toggles stay instant. */
export const GRACE_MS = 4000;

export interface TileStreamOptions {
  /** The tile's place on the wall (archive tiles register under it for the sync loop). */
  readonly index: number;
  readonly camera: Camera | undefined;
  readonly source: TileSource;
  readonly visible: boolean;
  /** Undefined until the tile has been measured: nothing is asked before. */
  readonly size: Size | undefined;
  readonly profiles: readonly Size[];
  readonly video: RefObject<HTMLVideoElement | null>;
  /** Where JPEG streams are drawn. */
  readonly canvas: RefObject<HTMLCanvasElement | null>;
  /** The camera's server refuses its credentials. */
  readonly signInNeeded: boolean;
  readonly onEnded: () => void;
}

/**
 * A tile's stream in React terms: one TileStreamController per tile, fed what the tile
 * should show on every change, disposed with the tile.
 */
export function useTileStream({ index, camera, source, visible, size, profiles, video, canvas, signInNeeded, onEnded }: TileStreamOptions): { status: TileStatus; controller: RefObject<TileStreamController | undefined> } {
  const client = useClient();
  const [status, setStatus] = useState<TileStatus>({ state: camera ? 'connecting' : 'empty' });
  const controller = useRef<TileStreamController | undefined>(undefined);
  const ended = useRef(onEnded);
  useEffect(() => {
    ended.current = onEnded;
  });

  useEffect(() => {
    const element = video.current;
    const frames = canvas.current;
    if (!element || !frames) return;
    const instance = new TileStreamController({
      client,
      createPlayer: (kind, events) => {
        // The image canvas lies over the video; left in the page it is one more composited
        // layer per tile that the compositor blends over every video frame (with software
        // compositing, as here, a full-tile blend). It is there only for image players.
        frames.hidden = kind !== 'jpeg';
        return createPlayer(kind, { video: element, canvas: frames }, events, client);
      },
      onStatus: setStatus,
      onEnded: () => ended.current(),
      graceMs: GRACE_MS,
      archiveTime: () => {
        const clock = useWall.getState().playback;
        return clock ? clockTime(clock, Date.now()) : Date.now() - 60_000;
      },
    });
    controller.current = instance;
    return () => {
      instance.dispose();
      controller.current = undefined;
    };
  }, [client, video, canvas]);

  const profile = size ? profileIndex(size, profiles) : 0;
  const serverId = camera?.serverId;
  const cameraId = camera?.cameraId;
  const cameraStatus = camera?.status;
  useEffect(() => {
    if (!size) return;
    controller.current?.update({
      camera: serverId !== undefined && cameraId !== undefined && cameraStatus !== undefined ? { serverId, cameraId, status: cameraStatus } : undefined,
      source,
      visible,
      size,
      profile,
      signInNeeded,
    });
  }, [serverId, cameraId, cameraStatus, source, visible, size, profile, signInNeeded]);

  useEffect(() => {
    const instance = controller.current;
    if (!instance) return;
    tileControllers.set(index, instance);
    return () => tileControllers.delete(index, instance);
  }, [index]);

  // A tile playing a recording follows the wall's clock.
  const archive = source.mode === 'archive';
  useEffect(() => {
    const instance = controller.current;
    if (!archive || !instance) return;
    archiveMembers.set(index, instance);
    return () => archiveMembers.delete(index, instance);
  }, [archive, index]);

  return { status: camera ? status : { state: 'empty' }, controller };
}
