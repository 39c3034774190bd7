import { z } from 'zod';

/**
 * Shapes of IVMS Pro TS API replies (seed 001, specs/videonetics). Objects are parsed
 * with zod's default "strip", so fields we do not list (the camera's own `username` and
 * `password`, sent in clear text) are dropped at the door and never travel further.
 */

const Id = z.union([z.number(), z.string().min(1)]).transform((value) => String(value));

/** `{status, code, description, message, uri, result}` around every JSON reply. */
export const IvmsEnvelope = z.object({
  status: z.number(),
  code: z.number().optional(),
  description: z.string().optional(),
  message: z.string().optional(),
  uri: z.string().optional(),
  result: z.unknown(),
});
export type IvmsEnvelope = z.infer<typeof IvmsEnvelope>;

export const IvmsChannel = z.object({
  id: Id,
  name: z.string().optional(),
  model: z.string().optional(),
  ip: z.string().optional(),
  groupId: z.union([z.number(), z.string()]).optional(),
  /**
   * Where the channel's recording starts; its unit is not documented (see oldestClipTimeMs).
   * Anything goes: a hint the timeline can do without must never fail the camera list.
   */
  oldestClipTime: z.unknown().optional(),
});
export type IvmsChannel = z.infer<typeof IvmsChannel>;

export const IvmsChannelList = z.array(IvmsChannel);

export const IvmsChannelStatusList = z.array(
  z.object({
    channelId: Id,
    channelStatus: z.number(),
  }),
);

/**
 * startlive / startarchive: the key is really spelled `sesssionId` (three s) in the
 * field; `sessionId` is accepted too in case a server version fixes it.
 */
export const IvmsSessionStart = z
  .array(
    z
      .object({
        sesssionId: Id.optional(),
        sessionId: Id.optional(),
        hlsURL: z.string().optional(),
        hlsUrl: z.string().optional(),
      })
      .transform((row, ctx) => {
        const sessionId = row.sesssionId ?? row.sessionId;
        const hlsUrl = row.hlsURL ?? row.hlsUrl;
        if (sessionId === undefined || hlsUrl === undefined) {
          ctx.addIssue({ code: 'custom', message: 'expected sesssionId and hlsURL' });
          return z.NEVER;
        }
        return { sessionId, hlsUrl };
      }),
  )
  .min(1);
