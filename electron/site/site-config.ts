import { z } from 'zod';
import { SiteName } from '../../shared/model/site';

/**
 * The `site` section of the deployment file: the broker every PC of the site joins, and
 * who this PC is. Example:
 *   "site": { "id": "hq", "broker": { "url": "mqtts://broker.hq:8883", "username": "wall-1", "password": "…" }, "pc": "wall-1", "acceptPushFrom": ["supervisor"] }
 * The password may be given sealed (as Tessera seals server passwords): it is opened at start.
 */
export const SiteBrokerConfig = z
  .object({
    url: z
      .url()
      .refine((url) => /^(mqtts?|wss?):\/\//.test(url), 'an mqtt://, mqtts://, ws:// or wss:// address'),
    username: z.string().min(1).max(200).optional(),
    password: z.string().min(1).max(2000).optional(),
    tls: z
      .object({
        /** A PEM file of the CA that signed the broker's certificate (a site's own CA). */
        caFile: z.string().min(1).optional(),
        /** Off only for a test broker with a self-signed certificate. */
        rejectUnauthorized: z.boolean().default(true),
      })
      .strict()
      .optional(),
  })
  .strict();

export const SiteConfig = z
  .object({
    /** The site's name: the first level under `tessera/` of every topic. */
    id: SiteName.default('site'),
    broker: SiteBrokerConfig,
    /** This PC's name, unique in the site ("wall-1", "desk-3"). */
    pc: SiteName,
    /** Take pushes only from these PCs; absent: from any PC of the site. */
    acceptPushFrom: z.array(SiteName).max(256).optional(),
    /** How many monitors this PC offers to the site (at least those that show something). */
    monitors: z.number().int().min(1).max(16).optional(),
    /** How long an acknowledgement stays on the broker for a PC that was away to catch up. */
    ackHorizonDays: z.number().int().min(1).max(90).default(7),
  })
  .strict();
export type SiteConfig = z.infer<typeof SiteConfig>;
