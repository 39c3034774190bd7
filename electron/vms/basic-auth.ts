/** A user name and password for HTTP Basic authentication (RFC 7617). */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The `Authorization` header value for Basic authentication. UTF-8, as RFC 7617's
 * `charset="UTF-8"` asks and as browsers and common reverse proxies send it.
 */
export function basicAuthorization(credentials: BasicCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}
