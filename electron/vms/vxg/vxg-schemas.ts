import { z } from 'zod';

/** Replies of the VXG Cloud API, as far as Tessera reads them (VMS-APIS facts, VXG samples). Unknown fields are allowed. */

const Paging = z.object({ next: z.string().nullable().optional(), total_count: z.number().optional() }).loose();

export const V3Channels = z.object({
  meta: Paging,
  objects: z.array(
    z
      .object({
        id: z.number().int(),
        name: z.string().nullable().optional(),
        access_tokens: z.object({ all: z.string().optional(), watch: z.string().optional() }).loose().optional(),
      })
      .loose(),
  ),
});

export const V3Channel = z.object({ id: z.number().int(), name: z.string().nullable().optional(), access_tokens: z.object({ all: z.string().optional(), watch: z.string().optional() }).loose().optional() }).loose();

export const V5Channels = z.object({
  meta: Paging,
  objects: z.array(
    z
      .object({
        id: z.number().int(),
        name: z.string().nullable().optional(),
        token: z.string(),
        status: z.string().optional(),
        recording: z.boolean().optional(),
      })
      .loose(),
  ),
});

export const V2Camera = z.object({ id: z.number().int(), name: z.string().nullable().optional(), status: z.string().optional(), recording: z.boolean().optional() }).loose();

export const LiveWatch = z.object({ hls: z.string().min(1), expire_hls: z.string().optional(), expire: z.string().optional() }).loose();

export const LiveImage = z.object({ url: z.string().min(1) }).loose();

export const Records = z.object({
  meta: Paging,
  objects: z.array(z.object({ start: z.string(), end: z.string(), url: z.string().min(1) }).loose()),
});

/** `objects[0]["<slices>"]` = `[["<start>", durationSeconds], …]`. */
export const Timeline = z.object({ objects: z.array(z.record(z.string(), z.array(z.tuple([z.string(), z.number()])))) }).loose();

export const VxgEventObject = z
  .object({
    id: z.number().int(),
    camid: z.number().int(),
    name: z.string(),
    time: z.string(),
    meta: z.record(z.string(), z.unknown()).nullable().optional(),
    thumb: z.object({ url: z.string() }).loose().nullable().optional(),
  })
  .loose();
export type VxgEventObject = z.infer<typeof VxgEventObject>;

export const VxgEvents = z.object({ meta: Paging, objects: z.array(VxgEventObject) });

export const CreatedVxgEvent = z.object({ id: z.number().int() }).loose();

export const ErrorBody = z.object({ errorDetail: z.string() }).loose();
