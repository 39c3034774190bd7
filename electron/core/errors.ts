import type { ErrorCode } from '../../shared/result';

/** An error the handler registry turns into a typed IPC error with this code and message. */
export class CoreError extends Error {
  override readonly name = 'CoreError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** When the caller may try again (a stream that is starting, a server that asked to wait). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function notFound(message: string): CoreError {
  return new CoreError('not-found', message);
}
