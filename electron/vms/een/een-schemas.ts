import { z } from 'zod';

/** `POST /g/aaa/authenticate` (EENCloud/api-docs _api_authentication.md). */
export const Authenticated = z.object({
  token: z.string().min(1),
  /** Present only when the user signs in with two-factor authentication. */
  two_factor_authentication_code: z.unknown().optional(),
});

/** `POST /g/aaa/authorize`: the user; only what Tessera uses is checked. */
export const Authorized = z.object({
  active_brand_subdomain: z.string().optional(),
  timezone: z.string().optional(),
});

/** `GET /g/device/list`: an array of arrays, read by index (EENCloud/api-docs _api_camera.md). */
export const DeviceRows = z.array(z.array(z.unknown()));

/** `GET /asset/list/video`: `[{"s": start, "e": end}, ...]` (EEN timestamps). */
export const VideoSpans = z.array(z.object({ s: z.string(), e: z.string().optional() }).loose());

/** `POST /poll` and `GET /poll`: per device, what changed (EENCloud/api-docs _api_poll.md). */
export const PollReply = z.object({
  cameras: z
    .record(
      z.string(),
      z
        .object({
          status: z.number().optional(),
          pre: z.string().optional(),
          event: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
        })
        .loose(),
    )
    .default({}),
  token: z.string().optional(),
});
export type PollReply = z.infer<typeof PollReply>;
