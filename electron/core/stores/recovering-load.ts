import type { z } from 'zod';
import { formatIssuePath } from '../config';
import type { Logger } from '../../common/logger';
import type { ProblemLog } from './problem-log';
import type { StoreFile } from './store-file';
import { knownPart } from './unknown-fields';

/** What could be kept of a file that parsed but did not validate, and what was not, in words. */
export interface Salvaged<T> {
  readonly value: T;
  /** E.g. "reset alertRules to defaults", "dropped 1 wall". */
  readonly lost: string;
}

export interface RecoveringLoad<T> {
  readonly file: StoreFile;
  /** The store's name in messages: "settings", "walls". */
  readonly label: string;
  readonly schema: z.ZodType<T>;
  /** What the store holds when there is no file, or nothing could be read from it. */
  readonly fresh: () => T;
  /** How the store starts over, in words: "the wall starts empty". */
  readonly freshStart: string;
  /** Keeps every part of a file that validates on its own. */
  readonly salvage: (stored: Record<string, unknown>) => Salvaged<T>;
  readonly problems: ProblemLog;
  readonly log: Logger;
  readonly now: () => number;
  /**
   * Fields this version does not know (a newer Tessera wrote them) are left out rather than
   * failing the part they are in, and the file is copied aside before it is rewritten
   * without them. Only for schemas without transforms: a field a transform migrates looks
   * like one that was dropped.
   */
  readonly keepsNewerFields?: boolean;
}

/**
 * Reads a store's file so that a damaged one never stops the app and never loses more
 * than the damaged part: a file that is not JSON is moved aside to a timestamped backup
 * and the store starts fresh; one that is JSON but does not validate is copied aside,
 * every part that validates on its own is kept, and the rest is reset. A file with fields
 * this version does not know (written by a newer one) is copied aside before it is
 * rewritten without them (keepsNewerFields). Either way the operator is told, with the backup's path,
 * through the problem log.
 */
export function loadRecovering<T extends Record<string, unknown>>(options: RecoveringLoad<T>): T {
  const { file, label } = options;
  const content = file.read();
  if (content.state === 'missing') return options.fresh();
  if (content.state === 'unreadable') {
    const backup = keepAside(options, 'corrupt', true);
    options.problems.report({
      message: `The ${label} file was unreadable (${firstLine(content.reason)}); ${backup ? `it was kept as ${backup}` : 'it could not be kept aside'} and ${options.freshStart}.`,
      ...(backup ? { backup } : {}),
    });
    return options.fresh();
  }
  const known = options.keepsNewerFields ? knownPart(options.schema, content.value) : { parsed: options.schema.safeParse(content.value), value: content.value, unknown: [] };
  const parsed = known.parsed;
  if (parsed.success && known.unknown.length === 0) return parsed.data;
  if (parsed.success) {
    // A newer version's fields: kept in a copy before this version rewrites the file without them.
    const backup = keepAside(options, 'newer', false);
    const fields = known.unknown.length > 5 ? `${known.unknown.slice(0, 5).join(', ')} and ${known.unknown.length - 5} more` : known.unknown.join(', ');
    options.problems.report({
      message: `The ${label} file ${file.path} has fields this version of Tessera does not know (${fields}), perhaps from a newer version: they are left out here; ${backup ? `the file as it was is kept as ${backup}` : 'it could not be kept aside'}.`,
      ...(backup ? { backup } : {}),
    });
    file.write(parsed.data);
    return parsed.data;
  }
  const { value, lost } = options.salvage(known.value);
  const backup = keepAside(options, 'invalid', false);
  options.problems.report({
    message: `The ${label} file ${file.path} did not validate (${firstIssue(parsed.error)}): ${lost}; ${backup ? `the file as it was is kept as ${backup}` : 'it could not be kept aside'}.`,
    ...(backup ? { backup } : {}),
  });
  file.write(value);
  return value;
}

function keepAside(options: RecoveringLoad<unknown>, kind: string, move: boolean): string | undefined {
  try {
    return options.file.keepAside(kind, move, options.now());
  } catch (error) {
    options.log.error(`could not keep the ${options.label} file aside`, { path: options.file.path, error });
    return undefined;
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${formatIssuePath(issue.path) || 'top level'}: ${issue.message}` : 'invalid';
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? 'invalid').trim();
}
