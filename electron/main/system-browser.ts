import type { Shell } from 'electron';

/**
 * Opens a VMS's sign-in page in the operator's own browser (RFC 8252: native apps sign in
 * through the system browser, never an embedded one, so the app never sees the password).
 * Only http(s) addresses: `shell.openExternal` hands anything else to whatever program
 * claims the scheme, which a URL from a VMS's configuration must never choose.
 */
export async function openInSystemBrowser(shell: Pick<Shell, 'openExternal'>, url: string): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('the sign-in address is not a URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error(`a sign-in address must be http or https, not ${parsed.protocol}`);
  await shell.openExternal(parsed.toString(), { activate: true });
}
