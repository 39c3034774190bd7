import type { z } from 'zod';
import { formatIssuePath } from '../config';

export interface KnownPart<T> {
  /** The file's content as this version understands it (parsed when it validates once unknown fields are left out). */
  readonly parsed: z.ZodSafeParseResult<T>;
  /** The content with the unknown fields left out, for salvaging when it still does not validate. */
  readonly value: Record<string, unknown>;
  /** Where each field this version does not know was, e.g. `walls[0].colour`. */
  readonly unknown: readonly string[];
}

/**
 * Reads a store's content the way this version understands it, and says which fields it
 * does not know (a newer Tessera wrote them; going back a version must not lose them
 * silently). Fields a strict schema refuses are left out, so a wall with one new field
 * is still that wall; fields a plain schema drops without a word are found by comparing
 * what went in with what came out.
 */
export function knownPart<T>(schema: z.ZodType<T>, content: Record<string, unknown>): KnownPart<T> {
  const unknown: string[] = [];
  let value = content;
  let parsed = schema.safeParse(value);
  // Each pass removes the unknown keys zod named; a key inside one only shows on the next.
  for (let pass = 0; !parsed.success && pass < 8; pass++) {
    const refused = parsed.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
    if (refused.length === 0) break;
    value = structuredClone(value);
    for (const issue of refused) {
      const holder = at(value, issue.path);
      for (const key of issue.keys) {
        if (holder && key in holder) {
          Reflect.deleteProperty(holder, key);
          unknown.push(formatIssuePath([...issue.path, key]));
        }
      }
    }
    parsed = schema.safeParse(value);
  }
  if (parsed.success) collectDropped(value, parsed.data, [], unknown);
  return { parsed, value, unknown };
}

function at(root: unknown, path: readonly PropertyKey[]): Record<PropertyKey, unknown> | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>) : undefined;
}

function collectDropped(before: unknown, after: unknown, path: PropertyKey[], out: string[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    before.forEach((item, index) => collectDropped(item, after[index], [...path, index], out));
    return;
  }
  if (!isRecord(before) || !isRecord(after)) return;
  for (const [key, item] of Object.entries(before)) {
    if (key in after) collectDropped(item, after[key], [...path, key], out);
    else out.push(formatIssuePath([...path, key]));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
