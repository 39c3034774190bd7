import { z } from 'zod';
import type { ServerDraft, ServerSettings } from '../../../shared/model/server-config';
import type { FieldSpec, FieldValue } from '../../../shared/model/server-form';
import { originOf } from '../../vms/upstream';
import { isSupportedKind, type ServerConfig, vendorFor, vendorLabel, vendorOf } from '../../vms/registry';
import { formatIssuePath } from '../config';
import { CoreError } from '../errors';
import type { StoredServer } from './server-store';

/**
 * Servers as the Servers dialog edits them, for every vendor: the dialog sends the values of
 * the fields the vendor's module describes, and this turns them into the vendor's
 * configuration, checked by the same schema as the deployment file. `current` is the server
 * as it is now, when the draft edits or tests an existing one: its other settings are kept,
 * and so are its secrets when the draft brings none — but only while every address they go
 * to stays one they were saved for, so a changed URL cannot carry a stored password elsewhere.
 */
export function configFromDraft(draft: ServerDraft, current: ServerConfig | undefined): ServerConfig {
  if (!isSupportedKind(draft.type)) throw invalid(`${vendorLabel(draft.type)} servers are not supported yet`);
  const vendor = vendorFor(draft.type);
  const sameKind = current?.type === draft.type ? current : undefined;
  const edited: Record<string, unknown> = {};
  const keptSecrets: string[] = [];
  for (const field of vendor.form) {
    const active = field.when === undefined || draft.values[field.when.key] === field.when.equals;
    const value = active ? readField(field, draft.values[field.key]) : undefined;
    const belongs = field.requires === undefined || edited[field.requires] !== undefined;
    if (value === undefined && active && belongs && isSecret(field) && sameKind && (sameKind as Record<string, unknown>)[field.key] !== undefined) {
      keptSecrets.push(field.key);
      edited[field.key] = (sameKind as Record<string, unknown>)[field.key];
      continue;
    }
    edited[field.key] = value;
  }
  const base: Record<string, unknown> = sameKind ? { ...sameKind } : {};
  const parsed = vendor.schema.safeParse(dropUndefined({ ...base, ...edited, type: draft.type, name: draft.name.trim() || undefined, id: draft.id }));
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => `${formatIssuePath(issue.path) || 'server'}: ${issue.message}`).join('; '));
  const config: ServerConfig = parsed.data;
  if (keptSecrets.length > 0 && sameKind) {
    const savedFor = new Set(vendorOf(sameKind).secretOrigins(sameKind).map((address) => originOf(address) ?? address));
    const goesTo = vendorOf(config).secretOrigins(config).map((address) => originOf(address) ?? address);
    if (!goesTo.every((origin) => savedFor.has(origin))) {
      const label = vendor.form.find((field) => field.key === keptSecrets[0])?.label ?? keptSecrets[0] ?? 'secret';
      throw invalid(`${keptSecrets[0] ?? 'secret'}: the address changed, so enter the ${label.toLowerCase()} again (a stored secret is only sent to the address it was saved for)`);
    }
  }
  return config;
}

/** A server as the renderer may see it: never a secret. */
export function settingsOf(config: ServerConfig, managed: boolean): ServerSettings {
  const vendor = vendorOf(config);
  const fields = config as Record<string, unknown>;
  const values: Record<string, FieldValue> = {};
  const storedSecrets: string[] = [];
  for (const field of vendor.form) {
    const value = fields[field.key];
    if (value === undefined) continue;
    if (isSecret(field)) storedSecrets.push(field.key);
    else if (isFieldValue(value)) values[field.key] = value;
  }
  return {
    id: config.id,
    type: config.type,
    // The deployment file allows longer names than the form; the form's limit applies here.
    name: (config.name ?? config.id).slice(0, 80),
    values,
    storedSecrets,
    summary: vendor.summary(config),
    managed,
  };
}

/** The secrets of a configuration, by key (what the vault seals). */
export function secretsOf(config: ServerConfig): Record<string, string> {
  const fields = config as Record<string, unknown>;
  const secrets: Record<string, string> = {};
  for (const key of vendorOf(config).secretKeys) {
    const value = fields[key];
    if (typeof value === 'string') secrets[key] = value;
    else if (Array.isArray(value)) secrets[key] = JSON.stringify(value);
  }
  return secrets;
}

/** What `servers.json` keeps of a server: its form's plain fields, and its secrets sealed (never in clear). */
export function storedOf(config: ServerConfig, sealed: Readonly<Record<string, string>>): StoredServer {
  const fields = config as Record<string, unknown>;
  const plain: Record<string, unknown> = {};
  for (const field of vendorOf(config).form) {
    if (!isSecret(field) && fields[field.key] !== undefined) plain[field.key] = fields[field.key];
  }
  const stored: StoredServer = { ...plain, id: config.id, type: config.type, name: config.name ?? config.id, ...(Object.keys(sealed).length > 0 ? { sealed: { ...sealed } } : {}) };
  return stored;
}

/** A stored server as the core runs it, with its secrets opened; throws CoreError naming the field. */
export function configFromStored(stored: StoredServer, secrets: Readonly<Record<string, string>>): ServerConfig {
  if (!isSupportedKind(stored.type)) throw invalid(`${vendorLabel(stored.type)} servers are not supported by this version`);
  const vendor = vendorFor(stored.type);
  const fields = stored as Record<string, unknown>;
  // Only the fields this version knows: a newer one's extra fields are kept on disk, not run.
  const known: Record<string, unknown> = { id: stored.id, type: stored.type, name: stored.name };
  for (const field of vendor.form) {
    if (isSecret(field)) {
      const secret = secrets[field.key];
      if (secret !== undefined) known[field.key] = field.kind === 'secret-list' ? parseList(secret) : secret;
    } else if (fields[field.key] !== undefined) known[field.key] = fields[field.key];
  }
  const parsed = vendor.schema.safeParse(known);
  if (!parsed.success) throw invalid(z.prettifyError(parsed.error).split('\n').join(' '));
  const config: ServerConfig = parsed.data;
  return config;
}

function isSecret(field: FieldSpec): boolean {
  return field.kind === 'secret' || field.kind === 'secret-list';
}

/** A typed value as the schema wants it; undefined for blank (left out, or cleared). */
function readField(field: FieldSpec, value: FieldValue | undefined): unknown {
  if (value === undefined) return undefined;
  switch (field.kind) {
    case 'number':
      return typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 'true';
    case 'list':
    case 'secret-list': {
      const lines = (Array.isArray(value) ? value : String(value).split(/\r?\n/)).map((line) => line.trim()).filter((line) => line !== '');
      return lines.length > 0 ? lines : field.kind === 'list' ? [] : undefined;
    }
    case 'secret':
      // Secrets may begin or end with spaces: taken as typed.
      return typeof value === 'string' && value !== '' ? value : undefined;
    default: {
      const text = typeof value === 'string' ? value.trim() : String(value);
      return text === '' ? undefined : text;
    }
  }
}

function parseList(sealedValue: string): unknown {
  try {
    return JSON.parse(sealedValue) as unknown;
  } catch {
    return sealedValue;
  }
}

function isFieldValue(value: unknown): value is FieldValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
}

function invalid(message: string): CoreError {
  return new CoreError('invalid-request', message);
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
