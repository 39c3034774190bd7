import type { CameraCondition } from '../adapter';
import { VmsError } from '../errors';
import type { VxgAuth, VxgClient } from './vxg-client';
import { V2Camera, V3Channels, V5Channels } from './vxg-schemas';
import { decodeToken, type VxgToken } from './vxg-token';

/** How a VXG server was given to Tessera: an account's cloud key, a channel group's token, or channel tokens. */
export type VxgCredentials =
  | { readonly kind: 'cloudKey'; readonly apiUrl: string; readonly cloudKey: string }
  | { readonly kind: 'groupToken'; readonly token: VxgToken }
  | { readonly kind: 'accessTokens'; readonly tokens: readonly VxgToken[] };

/** One channel (camera) with the token that opens it and where its API is. */
export interface VxgChannel {
  readonly camid: number;
  readonly name: string;
  readonly token: VxgToken;
  readonly condition: CameraCondition | undefined;
}

/** Calls per channel at once, where the API has no list with every channel's status. */
const CONCURRENCY = 6;

/**
 * The channels a VXG credential gives access to. A cloud key lists the account's channels
 * with their tokens (`/api/v3/channels/`, every page); a group token lists its channels with
 * each one's token and status in one call (`/api/v5/channels/`); pasted channel tokens are
 * each asked for their channel (`/api/v2/cameras/{id}/`). Every later call for a channel is
 * made with that channel's own token, to the API host the token names.
 */
export class VxgChannels {
  private byId = new Map<number, VxgChannel>();

  constructor(
    private readonly client: VxgClient,
    private readonly credentials: VxgCredentials,
  ) {}

  async list(signal?: AbortSignal): Promise<VxgChannel[]> {
    const channels = await this.fetchAll(signal);
    this.byId = new Map(channels.map((channel) => [channel.camid, channel]));
    return channels;
  }

  /** Status of every channel: one call for a group, one per channel otherwise. */
  async conditions(signal?: AbortSignal): Promise<Map<number, CameraCondition>> {
    if (this.credentials.kind === 'groupToken') {
      const channels = await this.list(signal);
      return new Map(channels.flatMap((channel) => (channel.condition ? [[channel.camid, channel.condition] as const] : [])));
    }
    const known = this.byId.size > 0 ? [...this.byId.values()] : await this.list(signal);
    const conditions = new Map<number, CameraCondition>();
    await inBatches(known, CONCURRENCY, async (channel) => {
      const camera = await this.client.call(channel.token.baseUrl, `/api/v2/cameras/${channel.camid}/`, acc(channel.token), { schema: V2Camera, signal });
      conditions.set(channel.camid, conditionOf(camera.status, camera.recording));
    });
    return conditions;
  }

  channel(camid: number | string): VxgChannel {
    const channel = this.byId.get(Number(camid));
    if (!channel) throw new VmsError({ kind: 'not-found', url: `vxg://channel/${String(camid)}` }, `VXG has no channel ${String(camid)} for these credentials`);
    return channel;
  }

  all(): VxgChannel[] {
    return [...this.byId.values()];
  }

  private async fetchAll(signal?: AbortSignal): Promise<VxgChannel[]> {
    const credentials = this.credentials;
    switch (credentials.kind) {
      case 'cloudKey': {
        const objects = await this.client.all(credentials.apiUrl, '/api/v3/channels/', { scheme: 'LKey', token: credentials.cloudKey }, { limit: 1000 }, V3Channels, signal);
        return objects.flatMap((object) => {
          // The `all` token where the account has one (events can be created with it), else `watch`.
          const raw = object.access_tokens?.all ?? object.access_tokens?.watch;
          if (!raw) return [];
          return [{ camid: object.id, name: object.name?.trim() || `Channel ${object.id}`, token: decodeToken(raw), condition: undefined }];
        });
      }
      case 'groupToken': {
        const objects = await this.client.all(credentials.token.baseUrl, '/api/v5/channels/', { scheme: 'SI', token: credentials.token.raw }, { limit: 1000 }, V5Channels, signal);
        return objects.map((object) => ({ camid: object.id, name: object.name?.trim() || `Channel ${object.id}`, token: decodeToken(object.token), condition: conditionOf(object.status, object.recording) }));
      }
      case 'accessTokens': {
        const channels: VxgChannel[] = [];
        await inBatches(credentials.tokens, CONCURRENCY, async (token) => {
          const camera = await this.client.call(token.baseUrl, `/api/v2/cameras/${token.camid ?? 0}/`, acc(token), { schema: V2Camera, signal });
          channels.push({ camid: camera.id, name: camera.name?.trim() || `Channel ${camera.id}`, token, condition: conditionOf(camera.status, camera.recording) });
        });
        return channels.sort((a, b) => credentials.tokens.findIndex((token) => token.camid === a.camid) - credentials.tokens.findIndex((token) => token.camid === b.camid));
      }
    }
  }
}

export function acc(token: VxgToken): VxgAuth {
  return { scheme: token.scheme, token: token.raw };
}

/**
 * VXG's channel status in the operator's words: `active` is streaming; `offline` the
 * camera does not reach the cloud; `inactive` the channel is switched off; `unauthorized`
 * the cloud has the wrong camera password. Not recording is said beside an online status.
 */
export function conditionOf(status: string | undefined, recording: boolean | undefined): CameraCondition {
  switch (status) {
    case 'active':
      return recording === false ? { status: 'online', detail: 'Not recording', recording } : { status: 'online', ...(recording === undefined ? {} : { recording }) };
    case 'offline':
      return { status: 'offline', detail: 'Offline', ...(recording === undefined ? {} : { recording }) };
    case 'inactive':
      return { status: 'offline', detail: 'Turned off in VXG', ...(recording === undefined ? {} : { recording }) };
    case 'unauthorized':
      return { status: 'offline', detail: 'VXG cannot sign in to the camera', ...(recording === undefined ? {} : { recording }) };
    default:
      return { status: 'unknown', ...(status ? { detail: status } : {}) };
  }
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let at = 0; at < items.length; at += size) await Promise.all(items.slice(at, at + size).map(work));
}
