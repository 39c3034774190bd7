/** Query parameters that carry secrets in the vendors' URLs (VXG tickets, EEN auth keys, tokens). */
const SECRET_PARAMS = /^(ticket|token|access_token|auth_key|a|key|sig|signature|password|pass|pwd)$/i;

/**
 * A URL safe to log or show: user info and secret query values are masked.
 * Anything unparseable is returned as a short marker rather than risk leaking it.
 */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '<invalid url>';
  }
  if (url.username || url.password) {
    url.username = '***';
    url.password = '';
  }
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.test(key)) url.searchParams.set(key, '***');
  }
  return url.toString();
}
