import { backoffDelay, type BackoffOptions, DEFAULT_BACKOFF } from '../../shared/time/backoff';
import { redactUrl } from '../common/redact';

/**
 * Why a VMS call failed, in the categories an operator can act on. Each maps to words
 * shown on the server row or tile (see `VmsError.message`).
 */
export type VmsErrorKind =
  | 'unreachable' // DNS, refused, reset, TLS: the server itself cannot be reached
  | 'timeout' // no complete answer in time
  | 'site-down' // the API server answers but its site VMS is down (IVMS 1504)
  | 'rejected' // the server refused the request (IVMS 3002 / HTTP 422, expired session)
  | 'not-found' // no such channel, session or resource (IVMS 3110 / HTTP 404)
  | 'auth' // 401/403: credentials or token refused: sign-in needed, no blind retry
  | 'rate-limited' // 429, or 503 with Retry-After: back off as long as the server asks
  | 'protocol' // an answer we cannot understand: not JSON, wrong shape
  | 'http'; // any other HTTP failure

export interface VmsErrorDetails {
  readonly kind: VmsErrorKind;
  readonly url: string;
  readonly httpStatus?: number;
  /** The vendor's own status code where it has one (IVMS `status`, e.g. 1504). */
  readonly vendorStatus?: number;
  /** How long the server asked us to wait (`Retry-After`), in ms. */
  readonly retryAfterMs?: number;
}

export class VmsError extends Error {
  override readonly name = 'VmsError';
  readonly kind: VmsErrorKind;
  /** The request URL with any secret masked; safe to log and to show. */
  readonly url: string;
  readonly httpStatus: number | undefined;
  readonly vendorStatus: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(details: VmsErrorDetails, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = details.kind;
    this.url = redactUrl(details.url);
    this.httpStatus = details.httpStatus;
    this.vendorStatus = details.vendorStatus;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Failures that may pass by themselves: retrying (or failing over) can help. */
  get transient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout' || this.kind === 'site-down' || this.kind === 'rate-limited' || (this.kind === 'http' && (this.httpStatus ?? 0) >= 500);
  }
}

export function isVmsError(value: unknown): value is VmsError {
  return value instanceof VmsError;
}

/**
 * The delay before retry number `attempt` after `error`: the backoff, but never sooner than
 * a server that said how long to wait (429 / 503 with `Retry-After`).
 */
export function retryDelay(error: unknown, attempt: number, backoff: BackoffOptions = DEFAULT_BACKOFF): number {
  const delay = backoffDelay(attempt, backoff);
  return isVmsError(error) && error.retryAfterMs !== undefined ? Math.max(delay, error.retryAfterMs) : delay;
}

/**
 * `Retry-After` in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when
 * absent or unreadable. Capped at an hour: a wall must not give up on a server for a day.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(3_600_000, Math.max(0, Math.round(ms)));
}
