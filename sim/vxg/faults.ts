import { z } from 'zod';

/**
 * Faults the VXG front can be told to show, from CLI flags or `PUT /_sim/faults`: what a
 * cloud VMS does to a client on a bad day. They apply to API calls (`/api/...`); media
 * tickets expire on their own.
 */
export const VxgFaults = z
  .object({
    /** 503 on every API call, as during a cloud outage. */
    unavailable: z.boolean().default(false),
    /** 429 with `Retry-After: <n>` on API calls while set. */
    retryAfterSeconds: z.number().int().min(0).max(3600).nullable().default(null),
    /** How many calls get the 429 before it clears by itself; null: every call until cleared. */
    rateLimitedCalls: z.number().int().min(1).nullable().default(null),
    /** API bodies cut short so they are not valid JSON. */
    malformedJson: z.boolean().default(false),
    /** Added before every API answer. */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    /** The cloud key answers 401, as after it was revoked in the account. */
    revokedCloudKey: z.boolean().default(false),
    /** These tokens answer 401: channel or group tokens as sent after the scheme, or their inner share tokens. */
    revokedTokens: z.array(z.string()).default([]),
    /** Every channel token of these channels answers 401. */
    revokedChannels: z.array(z.number().int()).default([]),
  })
  .strict();
export type VxgFaults = z.infer<typeof VxgFaults>;

export const NO_VXG_FAULTS: VxgFaults = VxgFaults.parse({});

/** Applies a partial update; throws a ZodError naming the bad field. */
export function updateVxgFaults(current: VxgFaults, patch: unknown): VxgFaults {
  const parsed = VxgFaults.partial().parse(patch);
  // zod fills defaults into a partial parse too: keep only the fields the patch names, so one fault does not reset the others.
  const named = Object.fromEntries(Object.entries(parsed).filter(([key]) => Object.hasOwn(patch as object, key)));
  return VxgFaults.parse({ ...current, ...named });
}
