import type { Clock } from '../../common/clock';
import type { VmsBinary } from '../../vms/adapter';
import type { ServerDirectory } from '../servers';

/** A camera's picture now, undefined where there is none to have. */
export type PictureFetch = (serverId: string, cameraId: string, signal: AbortSignal) => Promise<VmsBinary | undefined>;

/**
 * Where a camera's picture comes from: the VMS's live image (VXG `/api/v4/live/image/`,
 * Eagle Eye previews), or its picture for alerts (XProtect's recording servers), else,
 * given `stillOf`, a frame of its HLS video (IVMS Pro: StreamStills); nothing from a
 * server that is not answering.
 */
export function cameraPictureSource(servers: Pick<ServerDirectory, 'has' | 'stateOf' | 'adapter'>, stillOf?: PictureFetch): PictureFetch {
  return (serverId, cameraId, signal) => {
    if (!servers.has(serverId) || (servers.stateOf(serverId) !== 'online' && servers.stateOf(serverId) !== 'degraded')) return Promise.resolve(undefined);
    const adapter = servers.adapter(serverId);
    if (adapter.liveImage) return adapter.liveImage(cameraId, signal);
    if (adapter.alertPicture) return adapter.alertPicture(cameraId, signal);
    return adapter.capabilities.liveDelivery === 'hls' && stillOf ? stillOf(serverId, cameraId, signal) : Promise.resolve(undefined);
  };
}

export interface CameraPicturesOptions {
  readonly clock: Clock;
  readonly fetch: PictureFetch;
  /** A picture this recent serves the next event of the camera too (a burst costs one fetch). */
  readonly freshMs?: number;
  /** A fetch is given up after this long (default `PICTURE_TIMEOUT_MS`). */
  readonly timeoutMs?: number;
}

/**
 * A camera's picture is given up after this long. The alert never waits for it (it follows
 * the row), and a slow answer still shows the scene when it was asked for, at the event: a
 * VMS's live image is its newest frame when the request came. At 1.5 s, a VMS on a busy
 * machine (a frame cut from a segment by ffmpeg, two requests) missed it and the alert kept
 * no picture at all.
 */
const PICTURE_TIMEOUT_MS = 10_000;

/**
 * Cameras' pictures at the moment of a sensor event, for its alert: the VMS's live image
 * (VXG `/api/v4/live/image/`, Eagle Eye previews), one fetch per camera shared by every
 * event that arrives while it runs or shortly after, never holding an alert for long.
 */
export class CameraPictures {
  private readonly recent = new Map<string, { at: number; picture: Promise<VmsBinary | undefined> }>();

  constructor(private readonly options: CameraPicturesOptions) {}

  get(serverId: string, cameraId: string): Promise<VmsBinary | undefined> {
    const key = `${serverId}\n${cameraId}`;
    const now = this.options.clock.now();
    const known = this.recent.get(key);
    if (known && now - known.at < (this.options.freshMs ?? 2000)) return known.picture;
    const picture = this.options.fetch(serverId, cameraId, AbortSignal.timeout(this.options.timeoutMs ?? PICTURE_TIMEOUT_MS)).catch(() => undefined);
    this.recent.set(key, { at: now, picture });
    if (this.recent.size > 500) this.recent.delete(this.recent.keys().next().value ?? key);
    return picture;
  }
}
