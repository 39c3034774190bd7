import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { VmsError } from '../errors';
import { type HttpFetch, httpFetch } from '../http';

/**
 * The first half of Eagle Eye's OAuth2 authorization-code sign-in, for the core to drive:
 * the authorize URL the operator's browser opens, and the exchange of the code that comes
 * back to the redirect URI for the first token pair. `state` (unguessable, checked by the
 * callback) and the PKCE verifier stay in the core with the client secret. (EEN-V3 Agent
 * Skills een-api/01-authenticate.md: `https://auth.eagleeyenetworks.com/oauth2/authorize?
 * scope=vms.all&client_id&response_type=code&redirect_uri`, redirect_uri matched exactly,
 * code valid 5 minutes; token exchange with Basic client authentication.)
 */
export interface EenSignInStart {
  readonly authorizeUrl: string;
  readonly state: string;
  readonly codeVerifier: string;
}

export function startSignIn(options: { readonly authUrl: string; readonly clientId: string; readonly redirectUri: string }): EenSignInStart {
  const state = randomBytes(32).toString('base64url');
  const codeVerifier = randomBytes(48).toString('base64url');
  const url = new URL(`${options.authUrl.replace(/\/+$/, '')}/oauth2/authorize`);
  url.searchParams.set('scope', 'vms.all');
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('state', state);
  // PKCE (RFC 7636, S256): harmless where the server ignores it, and a stolen code is then useless without the verifier.
  url.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
  url.searchParams.set('code_challenge_method', 'S256');
  return { authorizeUrl: url.toString(), state, codeVerifier };
}

const TokenPair = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1), expires_in: z.number().positive() });

/** Exchanges the code for the first token pair; returns the refresh token to seal (the access token is fetched again by the adapter). */
export async function exchangeCode(options: {
  readonly authUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly code: string;
  readonly redirectUri: string;
  readonly codeVerifier: string;
  readonly timeoutMs: number;
  readonly fetch?: HttpFetch | undefined;
}): Promise<{ readonly refreshToken: string }> {
  const url = `${options.authUrl.replace(/\/+$/, '')}/oauth2/token`;
  const response = await (options.fetch ?? httpFetch)({
    url,
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'authorization_code', scope: 'vms.all', code: options.code, redirect_uri: options.redirectUri, code_verifier: options.codeVerifier }).toString(),
    timeoutMs: options.timeoutMs,
  });
  if (response.status === 400 || response.status === 401) throw new VmsError({ kind: 'auth', url, httpStatus: response.status }, `Eagle Eye refused the sign-in (HTTP ${response.status}): the code expired or the client id or secret is wrong`);
  if (response.status !== 200) throw new VmsError({ kind: 'http', url, httpStatus: response.status }, `Eagle Eye's token endpoint answered HTTP ${response.status}`);
  try {
    return { refreshToken: TokenPair.parse(JSON.parse(new TextDecoder().decode(response.body))).refresh_token };
  } catch {
    throw new VmsError({ kind: 'protocol', url, httpStatus: 200 }, 'Eagle Eye sent a token reply of an unexpected shape');
  }
}
