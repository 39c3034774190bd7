import { z } from 'zod';
import { VmsKind } from './server';

/**
 * A VMS server as the operator edits it in the UI. The password goes one way only: the
 * renderer may send one; the core never returns it (`hasPassword` says whether one is stored).
 */
export const ServerDraft = z
  .object({
    id: z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"'),
    type: VmsKind,
    name: z.string().min(1).max(80),
    url: z.string().min(1).max(2000),
    redundantUrl: z.string().max(2000).optional(),
    pathPrefix: z.string().max(200).default(''),
    timeZone: z.string().max(64).optional(),
    username: z.string().max(200).optional(),
    /** Only ever sent to the core; an empty or absent one keeps the stored one. */
    password: z.string().max(500).optional(),
  })
  .strict();
export type ServerDraft = z.infer<typeof ServerDraft>;

/** A server's settings as the renderer may see them: no password, ever. */
export const ServerSettings = ServerDraft.omit({ password: true }).extend({
  hasPassword: z.boolean(),
  /** Provisioned by the deployment file (`--config`): shown, not editable in the UI. */
  managed: z.boolean(),
});
export type ServerSettings = z.infer<typeof ServerSettings>;

/** The outcome of "Test": reachable and how many cameras, or why not in words (DNS, refused, TLS, 401, 1504...). */
export const ServerTestResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), cameraCount: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);
export type ServerTestResult = z.infer<typeof ServerTestResult>;
