import { z } from 'zod';

/**
 * VXG Cloud's access tokens. A channel token (`Acc`) and a channel-group token (`SI`) are
 * base64 JSON naming the API host they are for: `{"access","token":"share.…","camid"?,
 * "cmngrid"?,"api"?,"api_p"?,"api_sp"?,"path"?}`. One with `camid` is a channel's; one with
 * a `token` but no `camid` is a group's. The API is at `https://{api}[:{api_sp}][/{path}]`,
 * or `http://{api}:{api_p}` where only a plain port is given; no `api` means VXG's own cloud
 * host. (VXG.Web.Client core/vxg_cloud_api.js `getHeader` and `getBaseURLFromToken`,
 * VXG.API.Samples.Python README.md.)
 */
const TokenBody = z
  .object({
    token: z.string().min(1),
    access: z.string().optional(),
    camid: z.number().int().positive().optional(),
    cmngrid: z.number().int().optional(),
    api: z.string().min(1).optional(),
    api_p: z.number().int().positive().optional(),
    api_sp: z.number().int().positive().optional(),
    path: z.string().optional(),
  })
  .loose();

export type VxgScheme = 'Acc' | 'SI';

export interface VxgToken {
  /** The token as given, sent in `Authorization: <scheme> <token>`. */
  readonly raw: string;
  readonly scheme: VxgScheme;
  /** The channel a channel token is for. */
  readonly camid: number | undefined;
  /** `all` or `watch` for channel tokens. */
  readonly access: string | undefined;
  /** Where the API that honours this token is: `scheme://host:port[/path]`. */
  readonly baseUrl: string;
}

/** VXG's cloud API host, for tokens that name none. */
export const VXG_CLOUD_HOST = 'web.skyvr.videoexpertsgroup.com';

/** Reads a token; throws an Error saying what is wrong with it in words. */
export function decodeToken(raw: string): VxgToken {
  const trimmed = raw.trim();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(trimmed, 'base64').toString('utf8'));
  } catch {
    throw new Error('is not a VXG access token (base64 JSON)');
  }
  const parsed = TokenBody.safeParse(json);
  if (!parsed.success) throw new Error('is not a VXG access token (it names no share token)');
  const body = parsed.data;
  return { raw: trimmed, scheme: body.camid === undefined ? 'SI' : 'Acc', camid: body.camid, access: body.access, baseUrl: baseUrlOf(body) };
}

function baseUrlOf(body: z.infer<typeof TokenBody>): string {
  const host = body.api ?? VXG_CLOUD_HOST;
  const path = body.path ? `/${body.path.replace(/^\/+|\/+$/g, '')}` : '';
  if (body.api_sp !== undefined) return `https://${host}${body.api_sp === 443 ? '' : `:${body.api_sp}`}${path}`;
  if (body.api_p !== undefined) return `http://${host}${body.api_p === 80 ? '' : `:${body.api_p}`}${path}`;
  return `https://${host}${path}`;
}
