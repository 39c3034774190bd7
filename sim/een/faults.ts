import { z } from 'zod';

/**
 * Faults the Eagle Eye front can be told to show, from CLI flags or `PUT /_sim/faults`:
 * what the legacy API does to a client on a bad day.
 */
export const EenFaults = z
  .object({
    /** The next n API calls answer 401 (a session the server dropped), then it clears by itself. */
    unauthorizedCalls: z.number().int().min(0).default(0),
    /** 429 with `Retry-After: <n>` on API calls while set. */
    retryAfterSeconds: z.number().int().min(0).max(3600).nullable().default(null),
    /** How many calls get the 429 before it clears by itself; null: every call until cleared. */
    rateLimitedCalls: z.number().int().min(1).nullable().default(null),
    /** The next n `GET /poll` answer 502 (the documented "poll again"). */
    poll502: z.number().int().min(0).default(0),
    /** Added before every API answer (not to the long polls' own wait). */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    /** Cameras (site ids) the bridge reports with the "password needed" bit. */
    passwordNeeded: z.array(z.number().int()).default([]),
  })
  .strict();
export type EenFaults = z.infer<typeof EenFaults>;

export const NO_EEN_FAULTS: EenFaults = EenFaults.parse({});

/** Applies a partial update; throws a ZodError naming the bad field. */
export function updateEenFaults(current: EenFaults, patch: unknown): EenFaults {
  const parsed = EenFaults.partial().parse(patch);
  const named = Object.fromEntries(Object.entries(parsed).filter(([key]) => Object.hasOwn(patch as object, key)));
  return EenFaults.parse({ ...current, ...named });
}
