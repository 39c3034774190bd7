import { z } from 'zod';
import { VmsKind } from './server';
import { FieldValue } from './server-form';

const ServerId = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"');

/**
 * A VMS server as the operator edits it in the UI: its id, type and name, and the values of
 * the fields its vendor asks for (see VendorInfo). Secrets go one way only: the renderer may
 * send one; the core never returns it (`storedSecrets` says which are stored), and a secret
 * left out or empty keeps the stored one.
 */
export const ServerDraft = z
  .object({
    id: ServerId,
    type: VmsKind,
    name: z.string().min(1).max(80),
    values: z.record(z.string().min(1).max(64), FieldValue).default({}),
  })
  .strict();
export type ServerDraft = z.infer<typeof ServerDraft>;
export type ServerDraftInput = z.input<typeof ServerDraft>;

/** A server's settings as the renderer may see them: never a secret. */
export const ServerSettings = z.object({
  id: ServerId,
  type: VmsKind,
  name: z.string(),
  /** The non-secret fields' values. */
  values: z.record(z.string(), FieldValue),
  /** Which secret fields have a stored value. */
  storedSecrets: z.array(z.string()),
  /** Where the server is, in a few words for the list (an address, or "3 channel tokens"). */
  summary: z.string(),
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
