import { z } from 'zod';

/**
 * What every vendor's server configuration shares, and the field types they are built
 * from. A vendor's schema is `z.object({ ...BASE_SERVER_FIELDS, type: z.literal(kind), ...its own })`.
 */

export const ServerId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-"');

export const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).refine((address) => {
  try {
    const url = new URL(address);
    return url.username === '' && url.password === '';
  } catch {
    return true; // the URL check above says what is wrong
  }
}, 'must not contain a user name or password: put the user name and password in their own fields');

export const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Asia/Kolkata' },
);

export const StreamProfile = z.object({ width: z.number().int().positive(), height: z.number().int().positive() }).strict();
export type StreamProfile = z.infer<typeof StreamProfile>;

export const BASE_SERVER_FIELDS = {
  id: ServerId,
  name: z.string().min(1).optional(),
  /** Deadline of each API call. */
  requestTimeoutMs: z.number().int().min(500).max(120_000).default(8000),
  /** How often camera status is polled. */
  statusPollMs: z.number().int().min(1000).max(600_000).default(10_000),
  /** Receive the server's real-time events. */
  events: z.boolean().default(true),
  /**
   * The sizes the cameras' streams come in (the server picks the smallest at least as
   * large as a tile asks for); tiles ask again when a resize crosses one.
   */
  streamProfiles: z
    .array(StreamProfile)
    .min(1)
    .default([
      { width: 320, height: 180 },
      { width: 1280, height: 720 },
    ]),
} as const;

/** The base fields of a parsed server configuration, whatever its vendor. */
export interface BaseServerConfig {
  readonly id: string;
  readonly type: string;
  readonly name?: string | undefined;
  readonly requestTimeoutMs: number;
  readonly statusPollMs: number;
  readonly events: boolean;
  readonly streamProfiles: readonly StreamProfile[];
}
