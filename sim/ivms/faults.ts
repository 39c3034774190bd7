import { z } from 'zod';

/**
 * Faults the simulator can be told to show, from CLI flags or `PUT /_sim/faults`, so
 * that every failure a field VMS produces can be reproduced on demand.
 */
export const Faults = z
  .object({
    /** The API server is up but its site VMS is not: 1504 / HTTP 500 on every API call. */
    siteDown: z.boolean().default(false),
    /** Regular expressions over API paths (after /REST/local/) answered 3002 / HTTP 422. */
    rejectPaths: z.array(z.string()).default([]),
    /** Added before every API answer. */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    /** API bodies cut short so they are not valid JSON. */
    malformedJson: z.boolean().default(false),
    /** Keepalives answered 3002 and their session dropped, as after a server-side purge. */
    keepaliveReject: z.boolean().default(false),
    /** Overrides the session expiry (sessions expiring early). */
    sessionExpiryMs: z.number().int().min(100).nullable().default(null),
    /** `refuse`: upgrades answered 503. `silent`: connected, but nothing sent, pings unanswered. */
    websocket: z.enum(['normal', 'refuse', 'silent']).default('normal'),
    /** `404`: segments not found. `stall`: segment requests never answered. */
    segments: z.enum(['normal', '404', 'stall']).default('normal'),
  })
  .strict();
export type Faults = z.infer<typeof Faults>;

export const NO_FAULTS: Faults = Faults.parse({});

/** Applies a partial update; throws a ZodError naming the bad field. */
export function updateFaults(current: Faults, patch: unknown): Faults {
  const parsed = Faults.partial().parse(patch);
  // zod fills defaults into a partial parse too: keep only the fields the patch names, so one fault does not reset the others.
  const named = Object.fromEntries(Object.entries(parsed).filter(([key]) => Object.hasOwn(patch as object, key)));
  return Faults.parse({ ...current, ...named });
}

export function isRejectedPath(faults: Faults, apiPath: string): boolean {
  return faults.rejectPaths.some((pattern) => new RegExp(pattern).test(apiPath));
}
