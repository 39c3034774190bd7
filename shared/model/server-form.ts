import { z } from 'zod';
import { VmsKind } from './server';

/**
 * How the Servers dialog asks for one setting of a server. Each vendor module in the core
 * describes its own fields; the dialog renders whatever it is given, so a new vendor needs
 * no new form code.
 */
export const FieldKind = z.enum([
  /** One line of text. */
  'text',
  /** An http(s) address. */
  'url',
  /** An IANA time zone (with suggestions). */
  'timezone',
  /** A whole number. */
  'number',
  /** On or off. */
  'boolean',
  /** Several values, one per line. */
  'list',
  /** One of `choices`. */
  'choice',
  /** Write-only: never sent back to a window; left empty keeps the stored one. */
  'secret',
  /** Write-only list, one entry per line (e.g. pasted channel tokens). */
  'secret-list',
]);
export type FieldKind = z.infer<typeof FieldKind>;

export const FieldSpec = z.object({
  /** The key in the server's configuration (as the deployment file spells it). */
  key: z.string().min(1).max(64),
  label: z.string(),
  kind: FieldKind,
  required: z.boolean().default(false),
  placeholder: z.string().optional(),
  /** A line under the field saying what it is for. */
  help: z.string().optional(),
  choices: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  /** A stored secret that belongs to another field (a password to its user name): kept only while that field has a value. */
  requires: z.string().optional(),
  /** Shown (and sent) only while another field has this value, e.g. VXG's kind of credential. */
  when: z.object({ key: z.string(), equals: z.string() }).optional(),
});
export type FieldSpec = z.infer<typeof FieldSpec>;

/** One vendor as the Servers dialog offers it. */
export const VendorInfo = z.object({
  kind: VmsKind,
  label: z.string(),
  /** False for a vendor this version lists but cannot connect to yet. */
  supported: z.boolean(),
  fields: z.array(FieldSpec),
  /** Sentences the dialog shows under the vendor's fields (what is not offered, and why). */
  notes: z.array(z.string()).default([]),
  /** The vendor's event types this version knows, `vendor:code` → words (for rule pickers). */
  eventTypes: z.record(z.string(), z.string()).default({}),
});
export type VendorInfo = z.infer<typeof VendorInfo>;

/** A value typed into a field: text, a list (one per line), a number or a switch. */
export const FieldValue = z.union([z.string().max(20_000), z.array(z.string().max(20_000)).max(1000), z.number(), z.boolean()]);
export type FieldValue = z.infer<typeof FieldValue>;
