import type { Clock } from '../../common/clock';
import type { HttpAnswer } from '../../common/http-answer';
import type { Logger } from '../../common/logger';
import type { HttpFetch } from '../../vms/http';
import { vendorOf, type ServerConfig } from '../../vms/registry';
import { CoreError } from '../errors';
import { listenForCallback, type LoopbackCallback } from './loopback-callback';

/** Where the VMS's sign-in page sends the browser back to, on the app's own origin (web transport) or a loopback listener (Electron). */
export const SIGN_IN_CALLBACK_PATH = '/oauth/callback';
/**
 * How long a started sign-in waits for its callback. Eagle Eye's codes live 5 minutes
 * (developer.eagleeyenetworks.com, authorization code flow); the operator may need a few
 * more to type a password on the VMS's page.
 */
export const SIGN_IN_TTL_MS = 10 * 60_000;

/**
 * How the host brings the browser back: a route on the app's own HTTP origin (the web
 * transport: the page opens the VMS's page itself), or a loopback listener per sign-in with
 * the system browser opened by the host (Electron's pages are on a scheme no VMS redirects to).
 */
export type SignInRedirect = { readonly kind: 'route'; readonly uri: string } | { readonly kind: 'loopback'; readonly open: (url: string) => Promise<void>; readonly port?: number };

export interface BrowserSignInDeps {
  /** The server as configured; throws when there is none. */
  readonly config: (serverId: string) => ServerConfig;
  /** Seals the secrets the sign-in obtained (atomically, before it returns) where the server's adapter finds them. */
  readonly saveSecrets: (config: ServerConfig, values: Readonly<Record<string, string>>) => void;
  /** Starts the server again with the new secrets. */
  readonly reconnect: (serverId: string) => Promise<void>;
  readonly fetch: HttpFetch | undefined;
  readonly clock: Clock;
  readonly log: Logger;
}

interface Pending {
  readonly serverId: string;
  readonly redirectUri: string;
  readonly verifier: string;
  readonly expiresAt: number;
  readonly loopback: LoopbackCallback | undefined;
}

/**
 * The OAuth authorization-code sign-in of servers that sign in through the operator's
 * browser (Eagle Eye API v3). `begin` builds the VMS's authorize URL and remembers the
 * sign-in under its `state`; the callback is accepted only with a `state` it issued, once,
 * within SIGN_IN_TTL_MS — the `state` is what authorises that route, which the browser
 * reaches without the launch key. The code is exchanged here (the client secret never
 * leaves the core), the refresh token sealed, and the server started again with it.
 */
export class BrowserSignInService {
  private redirect: SignInRedirect | undefined;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: BrowserSignInDeps) {}

  /** The host says how the browser comes back (set once the web transport knows its origin, or by Electron). */
  useRedirect(redirect: SignInRedirect): void {
    this.redirect = redirect;
  }

  /** Whether a server signs in through the browser. */
  applies(config: ServerConfig): boolean {
    return vendorOf(config).browserSignIn?.applies(config) ?? false;
  }

  /**
   * Starts a sign-in: the URL of the VMS's sign-in page, and whether the host opened it
   * already (Electron: the system browser); otherwise the window opens it.
   */
  async begin(serverId: string): Promise<{ authorizeUrl: string; opened: boolean }> {
    const config = this.deps.config(serverId);
    const signIn = vendorOf(config).browserSignIn;
    if (!signIn?.applies(config)) throw new CoreError('invalid-request', `${config.name ?? serverId} does not sign in through the browser`);
    const redirect = this.redirect;
    if (!redirect) throw new CoreError('unavailable', 'Sign-in through the browser is not available in this window');
    this.sweep();
    let loopback: LoopbackCallback | undefined;
    if (redirect.kind === 'loopback') loopback = await listenForCallback({ path: SIGN_IN_CALLBACK_PATH, ttlMs: SIGN_IN_TTL_MS, port: redirect.port, onCallback: (url) => this.callback(url) });
    const redirectUri = loopback?.uri ?? (redirect.kind === 'route' ? redirect.uri : '');
    const started = signIn.start(config, redirectUri);
    this.pending.set(started.state, { serverId, redirectUri, verifier: started.verifier, expiresAt: this.deps.clock.now() + SIGN_IN_TTL_MS, loopback });
    this.deps.log.info(`sign-in of server ${serverId} started`, { redirectUri });
    if (redirect.kind === 'loopback') {
      try {
        await redirect.open(started.authorizeUrl);
      } catch (error) {
        this.forget(started.state);
        throw new CoreError('unavailable', `The browser could not be opened (${error instanceof Error ? error.message : String(error)})`);
      }
      return { authorizeUrl: started.authorizeUrl, opened: true };
    }
    return { authorizeUrl: started.authorizeUrl, opened: false };
  }

  /** The browser came back from the VMS's page: `?code&state`, or `?error&state`. Answers the page the browser shows. */
  async callback(url: URL): Promise<HttpAnswer> {
    const state = url.searchParams.get('state') ?? '';
    const entry = this.pending.get(state);
    // Single use: whatever comes of it, this state is spent.
    if (entry) this.forget(state);
    if (!entry || entry.expiresAt <= this.deps.clock.now()) {
      return page(400, 'Sign-in link not valid', 'This sign-in link was used already or is more than 10 minutes old. Start again with Sign in… in the Servers dialog.');
    }
    const denied = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (denied || !code) {
      this.deps.log.warn(`sign-in of server ${entry.serverId} came back without a code`, { error: denied });
      return page(400, 'Not signed in', `The VMS did not sign you in (${denied ?? 'no code'}). Start again with Sign in… in the Servers dialog.`);
    }
    let config: ServerConfig;
    try {
      config = this.deps.config(entry.serverId);
    } catch {
      return page(404, 'Server removed', 'This server was removed while you were signing in.');
    }
    const signIn = vendorOf(config).browserSignIn;
    if (!signIn) return page(400, 'Not signed in', 'This server does not sign in through the browser any more.');
    try {
      const secrets = await signIn.finish(config, { code, redirectUri: entry.redirectUri, verifier: entry.verifier }, this.deps.fetch);
      this.deps.saveSecrets(config, secrets);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.deps.log.warn(`sign-in of server ${entry.serverId} failed`, { error });
      return page(502, 'Not signed in', `${reason}. Start again with Sign in… in the Servers dialog.`);
    }
    this.deps.log.info(`server ${entry.serverId} signed in through the browser`);
    await this.deps.reconnect(entry.serverId).catch((error: unknown) => this.deps.log.error(`server ${entry.serverId} could not start again after its sign-in`, { error }));
    return page(200, 'Signed in', `Tessera is signed in to ${config.name ?? config.id}. You can close this tab; the wall shows its cameras.`);
  }

  dispose(): void {
    for (const state of [...this.pending.keys()]) this.forget(state);
  }

  private sweep(): void {
    const now = this.deps.clock.now();
    for (const [state, entry] of this.pending) if (entry.expiresAt <= now) this.forget(state);
  }

  private forget(state: string): void {
    const entry = this.pending.get(state);
    this.pending.delete(state);
    // The loopback listener closes itself once it has answered; one never called closes here.
    if (entry?.loopback) setTimeout(() => entry.loopback?.close(), 1000).unref();
  }
}

/** A small page of words for the browser tab the VMS sent back; no script, nothing loaded. */
function page(status: number, title: string, message: string): HttpAnswer {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tessera — ${escapeHtml(title)}</title></head><body style="font-family:sans-serif;margin:3em"><h1 data-testid="sign-in-result">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'referrer-policy': 'no-referrer' },
    body: new TextEncoder().encode(html),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
