/**
 * Results cross the IPC boundary as data: Electron's IPC keeps only an Error's message,
 * so every invoke returns either a value or a typed error, never a thrown exception.
 */
export type ErrorCode =
  | 'invalid-request' // the payload failed its schema
  | 'not-found' // no such server, camera or stream
  | 'unavailable' // the VMS could not be reached or refused the call; may pass (retry, after `retryAfterMs` if given)
  | 'sign-in' // the VMS refused the credentials or token: retrying will not help until they change
  | 'forbidden' // the caller may not do this
  | 'internal'; // a defect in Tessera itself

export interface IpcError {
  readonly code: ErrorCode;
  /** Words an operator can read on a tile or a server row. */
  readonly message: string;
  /** When to try again, where the VMS said (`Retry-After`) or the core knows (a stream that is starting). */
  readonly retryAfterMs?: number;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(code: ErrorCode, message: string, retryAfterMs?: number): Result<T> {
  return { ok: false, error: retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs } };
}
