import { createHmac, timingSafeEqual } from 'node:crypto';

export type Access = 'all' | 'watch';

/** Who is calling, as the token it presented says. */
export type Principal =
  | { readonly scheme: 'LKey' }
  | { readonly scheme: 'Acc'; readonly camid: number; readonly access: Access; readonly token: string; readonly inner: string }
  | { readonly scheme: 'SI'; readonly groupId: number; readonly token: string; readonly inner: string };

export type Resolution = { readonly principal: Principal } | { readonly error: string };

/** Where the tokens say the API is: `api` and `api_p` (plain HTTP), as VXG's tokens carry them. */
export interface ApiLocation {
  readonly host: string;
  readonly port: number;
}

/** Share ids encode what they share, so a token signed in an earlier run (same secret) still resolves. */
const GROUP_SHARE_BASE = 9_000_000;
const ACCESS_CODE: Record<Access, number> = { all: 1, watch: 2 };

/**
 * Issues and checks VXG's three kinds of credential, built as the real ones are
 * (VXG-PY ai_integration.py, VXG.Web.Client core/vxg_cloud_api.js `getHeader`): a cloud
 * key `v3.<random>` sent as `LKey`; channel tokens, base64 JSON
 * `{"access","token":"share.<base64 {"si":N}>.<hex>.<sig>","camid","cmngrid","api","api_p"}`
 * sent as `Acc`; group tokens, the same without `camid`, sent as `SI`. The inner share
 * token is signed with this run's secret (HMAC-SHA256) and verified on every call; the
 * same secret gives the same tokens, so a demo can keep them across runs.
 */
export class TokenAuthority {
  readonly cloudKey: string;

  constructor(
    private readonly secret: Buffer,
    private readonly api: () => ApiLocation,
  ) {
    this.cloudKey = `v3.${this.mac('cloud-key').toString('base64url').slice(0, 40)}`;
  }

  channelToken(camid: number, cmngrid: number, access: Access): string {
    const { host, port } = this.api();
    return encodeJson({ access, token: this.shareToken(camid * 10 + ACCESS_CODE[access]), camid, cmngrid, api: host, api_p: port });
  }

  groupToken(groupId: number): string {
    const { host, port } = this.api();
    return encodeJson({ token: this.shareToken(GROUP_SHARE_BASE + groupId), api: host, api_p: port });
  }

  /**
   * The caller behind an `Authorization: <scheme> <token>` header or, as VXG's v2 and v4
   * calls also accept, a `?token=<share token>` parameter (VXG-PY storage_api_get_events.py).
   */
  resolve(authorization: string | undefined, queryToken: string | null): Resolution {
    if (!authorization) {
      if (queryToken) return this.fromShare(queryToken, queryToken);
      return { error: 'Authentication credentials were not provided.' };
    }
    const match = /^(\S+)\s+(\S+)\s*$/.exec(authorization);
    if (!match) return { error: 'Invalid Authorization header.' };
    const [, scheme = '', token = ''] = match;
    if (scheme === 'LKey') return safeEqual(token, this.cloudKey) ? { principal: { scheme: 'LKey' } } : { error: 'Invalid license key.' };
    if (scheme !== 'Acc' && scheme !== 'SI') return { error: `Unknown authorization scheme "${scheme}".` };
    const decoded = decodeJson(token);
    if (!decoded || typeof decoded['token'] !== 'string') return { error: 'Invalid token.' };
    const resolved = this.fromShare(decoded['token'], token);
    if ('error' in resolved) return resolved;
    const { principal } = resolved;
    // The outer JSON is not signed: it must agree with what the signed share says.
    if (principal.scheme !== scheme) return { error: `This token is not an ${scheme} token.` };
    if (principal.scheme === 'Acc' && (decoded['camid'] !== principal.camid || decoded['access'] !== principal.access)) return { error: 'Invalid token.' };
    return resolved;
  }

  private fromShare(inner: string, token: string): Resolution {
    const parts = inner.split('.');
    if (parts.length !== 4 || parts[0] !== 'share') return { error: 'Invalid token.' };
    const [, body = '', hex = ''] = parts;
    if (!safeEqual(inner, this.signShare(body, hex))) return { error: 'Invalid token.' };
    const si = (decodeJson(body) ?? {})['si'];
    if (typeof si !== 'number' || !Number.isSafeInteger(si)) return { error: 'Invalid token.' };
    if (si > GROUP_SHARE_BASE) return { principal: { scheme: 'SI', groupId: si - GROUP_SHARE_BASE, token, inner } };
    const access = (Object.keys(ACCESS_CODE) as Access[]).find((candidate) => ACCESS_CODE[candidate] === si % 10);
    if (!access) return { error: 'Invalid token.' };
    return { principal: { scheme: 'Acc', camid: Math.floor(si / 10), access, token, inner } };
  }

  private shareToken(si: number): string {
    const body = Buffer.from(JSON.stringify({ si })).toString('base64');
    const hex = this.mac(`share-hex:${si}`).toString('hex').slice(0, 32);
    return this.signShare(body, hex);
  }

  private signShare(body: string, hex: string): string {
    return `share.${body}.${hex}.${this.mac(`share.${body}.${hex}`).toString('base64url').slice(0, 27)}`;
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.secret).update(text).digest();
  }
}

export function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64');
}

export function decodeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
