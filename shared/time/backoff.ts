export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** 0..1: the share of each delay that is randomised, so that many clients do not retry in step. */
  readonly jitter: number;
}

/**
 * The one retry policy of Tessera, for anything that talks to a VMS: servers, sessions,
 * event sockets and the renderer's players. Exponential from 1 s, capped, with jitter so
 * that many tiles or servers failing together do not retry in step.
 */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, jitter: 0.3 };

/** Players on the wall: the same curve with a lower cap, because the operator is looking at the tile. */
export const PLAYER_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 15_000, jitter: 0.3 };

/** Delay before retry number `attempt` (0-based): exponential, capped, with jitter. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt));
  const spread = exponential * options.jitter;
  return Math.round(exponential - spread + random() * spread);
}
