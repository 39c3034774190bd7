import { redactUrl } from '../core/redact';

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
  | 'auth' // 401/403: credentials or token refused
  | 'protocol' // an answer we cannot understand: not JSON, wrong shape
  | 'http'; // any other HTTP failure

export interface VmsErrorDetails {
  readonly kind: VmsErrorKind;
  readonly url: string;
  readonly httpStatus?: number;
  /** The vendor's own status code where it has one (IVMS `status`, e.g. 1504). */
  readonly vendorStatus?: number;
}

export class VmsError extends Error {
  override readonly name = 'VmsError';
  readonly kind: VmsErrorKind;
  /** The request URL with any secret masked; safe to log and to show. */
  readonly url: string;
  readonly httpStatus: number | undefined;
  readonly vendorStatus: number | undefined;

  constructor(details: VmsErrorDetails, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = details.kind;
    this.url = redactUrl(details.url);
    this.httpStatus = details.httpStatus;
    this.vendorStatus = details.vendorStatus;
  }

  /** Failures that may pass by themselves: retrying (or failing over) can help. */
  get transient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout' || this.kind === 'site-down' || (this.kind === 'http' && (this.httpStatus ?? 0) >= 500);
  }
}

export function isVmsError(value: unknown): value is VmsError {
  return value instanceof VmsError;
}
