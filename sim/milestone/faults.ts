import { z } from 'zod';

/** Faults of the Milestone front, from CLI flags or `PUT /_sim/faults`. */
export const MilestoneFaults = z
  .object({
    /** The IDP refuses every password (a changed password): 400 invalid_grant. */
    refuseTokens: z.boolean().default(false),
    /** ICE never connects: the gateway's candidate pairs all fail. */
    iceFailure: z.boolean().default(false),
    /** The recording server answers 503 to everything (stopped, or its service restarting). */
    recorderDown: z.boolean().default(false),
    /** Added before every REST answer. */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
  })
  .strict();
export type MilestoneFaults = z.infer<typeof MilestoneFaults>;

export const NO_MILESTONE_FAULTS: MilestoneFaults = MilestoneFaults.parse({});

export function updateMilestoneFaults(current: MilestoneFaults, patch: unknown): MilestoneFaults {
  const parsed = MilestoneFaults.partial().parse(patch);
  const named = Object.fromEntries(Object.entries(parsed).filter(([key]) => Object.hasOwn(patch as object, key)));
  return MilestoneFaults.parse({ ...current, ...named });
}
