/** The longest a carousel or a monitor cycle shows one thing: an hour. */
export const MAX_DWELL_S = 3600;

/** Why a typed dwell time (seconds) cannot be used, or undefined when it can. */
export function dwellProblem(seconds: number, minSeconds: number): string | undefined {
  return !Number.isFinite(seconds) || seconds < minSeconds || seconds > MAX_DWELL_S ? `Show each for ${minSeconds} to ${MAX_DWELL_S} seconds` : undefined;
}
