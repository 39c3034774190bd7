import { z } from 'zod';
import type { CameraManagement, NewCameraRequest } from '../adapter';
import { VmsError } from '../errors';
import type { VxgClient } from './vxg-client';
import { V3Channel } from './vxg-schemas';

const Deleted = z.unknown();

/** The addresses a VXG channel can pull from: what a camera on a network serves. */
const SOURCE_SCHEMES = new Set(['rtsp:', 'rtsps:', 'http:', 'https:', 'rtmp:']);

/**
 * Adds and removes an account's channels with its cloud key (`LKey`): `POST
 * /api/v3/channels/` with the channel's name, recording mode and source (`url`, `login`,
 * `password`), `DELETE /api/v3/channels/{id}/` (VXG.API.Samples.Python
 * admin_api_create_channel.py; VXG-WEB api/v1/core/MCamera.php). The camera's own
 * password goes to VXG in that call and is kept nowhere here. `afterChange` re-reads the
 * channel list, so that the new channel's tokens are known before it is played.
 */
export class VxgCameraAdmin implements CameraManagement {
  constructor(
    private readonly client: VxgClient,
    private readonly apiUrl: string,
    private readonly cloudKey: string,
    private readonly afterChange: (signal?: AbortSignal) => Promise<void>,
  ) {}

  async add(request: NewCameraRequest, signal?: AbortSignal): Promise<{ readonly cameraId: string }> {
    const name = request.name.trim();
    if (name.length === 0 || name.length > 200) throw rejected('A camera needs a name of 1 to 200 characters');
    let source: URL;
    try {
      source = new URL(request.sourceUrl.trim());
    } catch {
      throw rejected(`“${request.sourceUrl}” is not an address a camera serves (rtsp://… or http://…)`);
    }
    if (!SOURCE_SCHEMES.has(source.protocol)) throw rejected(`VXG pulls cameras over RTSP, RTMP or HTTP, not ${source.protocol.replace(':', '')}`);
    const body = {
      name,
      rec_mode: request.record ? 'on' : 'off',
      source: { url: source.toString(), ...(request.login ? { login: request.login } : {}), ...(request.password ? { password: request.password } : {}) },
    };
    const channel = await this.client.call(this.apiUrl, '/api/v3/channels/', this.auth(), { method: 'POST', body, schema: V3Channel, signal });
    await this.afterChange(signal);
    return { cameraId: String(channel.id) };
  }

  async remove(cameraId: string, signal?: AbortSignal): Promise<void> {
    if (!/^\d+$/.test(cameraId)) throw rejected(`VXG has no channel “${cameraId}”`);
    await this.client.call(this.apiUrl, `/api/v3/channels/${cameraId}/`, this.auth(), { method: 'DELETE', schema: Deleted, signal });
    await this.afterChange(signal);
  }

  private auth(): { readonly scheme: 'LKey'; readonly token: string } {
    return { scheme: 'LKey', token: this.cloudKey };
  }
}

function rejected(message: string): VmsError {
  return new VmsError({ kind: 'rejected', url: 'vxg://channels' }, message);
}
