import { randomBytes } from 'node:crypto';

export interface IssuedToken {
  readonly access_token: string;
  readonly expires_in: number;
  readonly token_type: 'Bearer';
  readonly scope: 'managementserver';
  readonly refresh_token?: string;
}

export type TokenCheck = { readonly ok: true; readonly user: string } | { readonly ok: false; readonly reason: string };

/**
 * The gateway's identity provider (`POST /API/IDP/connect/token`): the password grant with
 * `client_id=GrantValidatorClient` gives an access token only; with `VmsClient` it also gives
 * a refresh token, which `grant_type=refresh_token` exchanges (and rotates). Tokens live
 * `lifeSeconds` (Milestone: 3600; seconds in tests, so renewals happen within one).
 */
export class TokenAuthority {
  private readonly access = new Map<string, { user: string; expiresAt: number }>();
  private readonly refresh = new Map<string, string>();
  issued = 0;
  refreshed = 0;

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    private lifeSeconds: number,
  ) {}

  get life(): number {
    return this.lifeSeconds;
  }

  setLife(seconds: number): void {
    this.lifeSeconds = seconds;
  }

  /** The form of a token request → the reply (status and body) the IDP gives. */
  grant(form: URLSearchParams): { status: number; body: unknown } {
    const grantType = form.get('grant_type');
    const clientId = form.get('client_id') ?? '';
    if (clientId !== 'GrantValidatorClient' && clientId !== 'VmsClient') return { status: 400, body: { error: 'invalid_client' } };
    let user: string;
    if (grantType === 'password') {
      const name = form.get('username') ?? '';
      if (this.users.get(name) === undefined || this.users.get(name) !== form.get('password')) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'invalid_username_or_password' } };
      }
      user = name;
    } else if (grantType === 'refresh_token' && clientId === 'VmsClient') {
      const owner = this.refresh.get(form.get('refresh_token') ?? '');
      if (owner === undefined) return { status: 400, body: { error: 'invalid_grant' } };
      this.refresh.delete(form.get('refresh_token') ?? '');
      this.refreshed += 1;
      user = owner;
    } else {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const token = randomBytes(24).toString('base64url');
    this.access.set(token, { user, expiresAt: Date.now() + this.lifeSeconds * 1000 });
    this.issued += 1;
    const body: IssuedToken = { access_token: token, expires_in: this.lifeSeconds, token_type: 'Bearer', scope: 'managementserver' };
    if (clientId !== 'VmsClient') return { status: 200, body };
    const refreshToken = randomBytes(24).toString('base64url');
    this.refresh.set(refreshToken, user);
    return { status: 200, body: { ...body, refresh_token: refreshToken } };
  }

  /** An `Authorization` header (or a bare token) → whose it is, or why it is refused. */
  check(header: string | undefined): TokenCheck {
    const token = header?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return { ok: false, reason: 'No bearer token' };
    const entry = this.access.get(token);
    if (!entry) return { ok: false, reason: 'Invalid token' };
    if (entry.expiresAt <= Date.now()) return { ok: false, reason: 'Token expired' };
    return { ok: true, user: entry.user };
  }

  /** When a token stops working (epoch ms), undefined for one never issued. */
  expiresAt(token: string): number | undefined {
    return this.access.get(token.replace(/^Bearer\s+/i, ''))?.expiresAt;
  }

  /** Every token issued so far stops working (401 mid-stream); refresh tokens too. */
  revokeAll(): void {
    this.access.clear();
    this.refresh.clear();
  }
}
