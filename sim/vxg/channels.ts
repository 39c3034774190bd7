import type { SimCamera } from '../site/catalog';
import type { CameraRecorder } from '../site/recorder';
import type { SimSite } from '../site/site';

/** A site camera's channel id: distinct from its IVMS id, as two products number cameras apart. */
export const SITE_CHANNEL_BASE = 100_000;
/** Channels added through the API are numbered from here. */
const ADDED_CHANNEL_BASE = 200_000;

export type ChannelStatus = 'active' | 'offline' | 'inactive';

export interface ChannelSource {
  readonly url: string;
  readonly login?: string;
  readonly password?: string;
}

export interface VxgChannel {
  readonly camid: number;
  /** The camera manager id every VXG channel token carries. */
  readonly cmngrid: number;
  name: string;
  recMode: string;
  timezone: string;
  /** False: the channel is switched off (status `inactive`, no live video). */
  streaming: boolean;
  readonly createdMs: number;
  /** What it shows: a site camera, or for an added channel a camera of its own. */
  readonly camera: SimCamera;
  readonly siteCamera: boolean;
  readonly source: ChannelSource | undefined;
  /** Its continuous recording: the site's for a site camera; its own for an added channel that records. */
  readonly recorder: CameraRecorder | undefined;
}

export interface ChannelGroup {
  readonly id: number;
  name: string;
  camids: number[];
}

export interface NewChannel {
  readonly name: string;
  readonly source: ChannelSource;
  readonly recMode: string;
  readonly timezone?: string;
}

/**
 * The VXG account's channels: one per site camera, plus those a client adds with
 * `POST /api/v3/channels/`. An added channel gets a camera of its own, with its own name
 * burnt in and the look of a site camera picked round-robin (a real cloud would pull the
 * source URL; the simulator has nothing to pull). It records only if its `rec_mode` asks
 * and the site records at all; its encoders are the site pool's, like every camera's.
 * The site cameras it has are those the front serves (all of them unless told otherwise).
 */
export class ChannelBook {
  private readonly channels = new Map<number, VxgChannel>();
  private readonly groups = new Map<number, ChannelGroup>();
  private nextAdded = ADDED_CHANNEL_BASE + 1;
  private nextGroup = 1;

  constructor(
    private readonly site: SimSite,
    served: readonly SimCamera[] = site.cameras,
  ) {
    const created = Date.now();
    for (const camera of served) {
      const camid = SITE_CHANNEL_BASE + camera.id;
      this.channels.set(camid, {
        camid,
        cmngrid: camid + 50_000,
        name: camera.name,
        recMode: site.recordingEnabled ? 'on' : 'off',
        timezone: site.timeZone,
        streaming: true,
        createdMs: created,
        camera,
        siteCamera: true,
        source: undefined,
        recorder: site.recorders.get(camera.id),
      });
    }
  }

  list(): VxgChannel[] {
    return [...this.channels.values()].sort((a, b) => a.camid - b.camid);
  }

  get(camid: number): VxgChannel | undefined {
    return this.channels.get(camid);
  }

  /** The channel of a site camera (undefined once a client deleted it). */
  ofCamera(cameraId: number): VxgChannel | undefined {
    const channel = this.channels.get(SITE_CHANNEL_BASE + cameraId);
    return channel?.siteCamera ? channel : undefined;
  }

  status(channel: VxgChannel): ChannelStatus {
    if (!channel.camera.online) return 'offline';
    return channel.streaming ? 'active' : 'inactive';
  }

  recording(channel: VxgChannel): boolean {
    return channel.recorder?.recording ?? false;
  }

  add(init: NewChannel): VxgChannel {
    const camid = this.nextAdded++;
    const look = this.site.cameras[(camid - ADDED_CHANNEL_BASE - 1) % Math.max(1, this.site.cameras.length)];
    const camera: SimCamera = {
      id: camid,
      name: init.name,
      model: 'ONVIF',
      ip: hostOf(init.source.url),
      username: init.source.login ?? '',
      password: init.source.password ?? '',
      online: true,
      hue: look?.hue ?? 0,
    };
    const recorder = init.recMode !== 'off' ? this.site.createRecorder(camera) : undefined;
    recorder?.start();
    const channel: VxgChannel = {
      camid,
      cmngrid: camid + 50_000,
      name: init.name,
      recMode: init.recMode,
      timezone: init.timezone ?? this.site.timeZone,
      streaming: true,
      createdMs: Date.now(),
      camera,
      siteCamera: false,
      source: init.source,
      recorder,
    };
    this.channels.set(camid, channel);
    return channel;
  }

  /** Deletes a channel: its tokens stop working; an added channel's own recording goes with it. */
  async remove(camid: number): Promise<boolean> {
    const channel = this.channels.get(camid);
    if (!channel) return false;
    this.channels.delete(camid);
    for (const group of this.groups.values()) group.camids = group.camids.filter((id) => id !== camid);
    if (!channel.siteCamera) await Promise.all([channel.recorder?.dispose(), this.site.pool.stopCamera(camid)]);
    return true;
  }

  createGroup(name: string, camids: number[] = []): ChannelGroup {
    const group: ChannelGroup = { id: this.nextGroup++, name, camids };
    this.groups.set(group.id, group);
    return group;
  }

  group(id: number): ChannelGroup | undefined {
    return this.groups.get(id);
  }

  async dispose(): Promise<void> {
    await Promise.all(
      [...this.channels.values()].filter((channel) => !channel.siteCamera).map((channel) => Promise.all([channel.recorder?.dispose(), this.site.pool.stopCamera(channel.camid)])),
    );
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
