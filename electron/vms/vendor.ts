import type { z } from 'zod';
import type { VmsKind } from '../../shared/model/server';
import type { FieldSpec } from '../../shared/model/server-form';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import type { VmsAdapter } from './adapter';
import type { HttpFetch } from './http';
import type { BaseServerConfig } from './server-base';

/**
 * Secrets an adapter obtains while it runs (a rotated OAuth refresh token, a new access
 * token) and must find again after a restart. `save` seals and writes atomically before
 * it returns, so the new secret is on disk before anyone uses it.
 */
export interface SecretSink {
  save(values: Readonly<Record<string, string>>): void;
}

export interface AdapterDeps {
  readonly fetch: HttpFetch | undefined;
  readonly clock: Clock;
  readonly log: Logger;
  readonly secrets: SecretSink;
}

/** What a browser sign-in started: the page to open, and what the core keeps for its callback. */
export interface BrowserSignInStart {
  readonly authorizeUrl: string;
  /** Unguessable; the callback is accepted only with it. */
  readonly state: string;
  /** The PKCE verifier (RFC 7636), sent with the code; never leaves the core. */
  readonly verifier: string;
}

/**
 * Sign-in through the operator's browser (OAuth2 authorization code): the VMS's own page
 * asks the operator, and redirects back with a code the core exchanges for a refresh token.
 * The client secret and the tokens stay in the core.
 */
export interface BrowserSignIn<C> {
  /** Whether this server signs in so (Eagle Eye API v3, not its legacy API). */
  applies(config: C): boolean;
  start(config: C, redirectUri: string): BrowserSignInStart;
  /** The code that came back → the secrets to seal (the refresh token), keyed as the configuration names them. */
  finish(config: C, callback: { readonly code: string; readonly redirectUri: string; readonly verifier: string }, fetch: HttpFetch | undefined): Promise<Record<string, string>>;
}

/**
 * Everything vendor-specific, in one place per vendor (`electron/vms/<vendor>/`): its
 * configuration schema, which fields are secret, how the Servers dialog asks for them, its
 * event types and its adapter. The core knows vendors only through the registry of these.
 */
export interface VendorModule<C extends BaseServerConfig = BaseServerConfig> {
  readonly kind: VmsKind;
  /** The vendor and product, as operators know it. */
  readonly label: string;
  /** The server's configuration as the deployment file writes it (strict: a typo is an error). */
  readonly schema: z.ZodType<C>;
  /** The configuration keys holding secrets: sealed at rest, never sent to a window, never logged. */
  readonly secretKeys: readonly string[];
  /** What the Servers dialog asks for, in order. */
  readonly form: readonly FieldSpec[];
  /** Sentences the dialog shows for this vendor (what is not offered, and why). */
  readonly notes?: readonly string[];
  /** Event type codes this version knows → words. */
  readonly eventTypes: Readonly<Record<string, string>>;
  /**
   * Where the secrets go: a stored secret is kept by an edit only while every one of these
   * stays an origin it was saved for, so a changed address cannot carry it elsewhere.
   */
  secretOrigins(config: C): string[];
  /** Where the server is, in a few words for the servers list. */
  summary(config: C): string;
  /** The configurations "Test" tries, one per address (IVMS: the primary and the standby). */
  testTargets(config: C): Array<{ readonly label: string; readonly config: C }>;
  createAdapter(config: C, deps: AdapterDeps): VmsAdapter;
  /** Servers that sign in through the operator's browser (OAuth); absent for vendors that take a password. */
  readonly browserSignIn?: BrowserSignIn<C>;
}
