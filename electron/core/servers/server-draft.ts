import { z } from 'zod';
import type { VmsKind } from '../../../shared/model/server';
import type { ServerDraft, ServerSettings } from '../../../shared/model/server-config';
import { formatIssuePath, ServerConfig } from '../config';
import { CoreError } from '../errors';
import type { StoredServer } from './server-store';

const KIND_NAMES: Readonly<Record<VmsKind, string>> = { ivms: 'IVMS Pro', vxg: 'VXG Cloud', een: 'Eagle Eye Networks', milestone: 'Milestone XProtect' };

/** The fields of a server the UI edits; everything else keeps its value (or default). */
type EditableField = 'type' | 'name' | 'url' | 'redundantUrl' | 'pathPrefix' | 'timeZone' | 'username' | 'password';

/**
 * The server a draft describes, validated by the same schema as the deployment file (URLs,
 * time zone, user name). `current` is the server as it is now, when the draft edits or
 * tests an existing one: its other settings are kept, and so is its password when the
 * draft brings none — but only while every address stays one it was saved for, so a
 * changed URL cannot carry a stored password to another host.
 */
export function configFromDraft(draft: ServerDraft, current: ServerConfig | undefined): ServerConfig {
  if (draft.type !== 'ivms') throw invalid(`${KIND_NAMES[draft.type]} servers are not supported yet`);
  const username = blankToUndefined(draft.username);
  const url = draft.url.trim();
  const redundantUrl = blankToUndefined(draft.redundantUrl);
  for (const [field, address] of [['url', url], ['redundantUrl', redundantUrl]] as const) {
    if (address !== undefined && hasUserInfo(address)) throw invalid(`${field}: put the user name and password in their own fields, not in the address`);
  }
  const password = draft.password ? draft.password : keptPassword(current, username, [url, redundantUrl]);
  if (password !== undefined && username === undefined) throw invalid('username: enter the user name that goes with the password');
  const edited: Record<EditableField, unknown> = {
    type: draft.type,
    name: draft.name.trim() || undefined,
    url,
    redundantUrl,
    pathPrefix: draft.pathPrefix.trim(),
    timeZone: blankToUndefined(draft.timeZone),
    username,
    password,
  };
  const base: Record<string, unknown> = current ? { ...current } : {};
  const parsed = ServerConfig.safeParse(dropUndefined({ ...base, ...edited, id: draft.id }));
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => `${formatIssuePath(issue.path) || 'server'}: ${issue.message}`).join('; '));
  return parsed.data;
}

/** The stored password, when the draft keeps the user name and sends it nowhere new. */
function keptPassword(current: ServerConfig | undefined, username: string | undefined, addresses: ReadonlyArray<string | undefined>): string | undefined {
  if (!current?.password || username === undefined) return undefined;
  const savedFor = new Set([current.url, current.redundantUrl].flatMap((address) => (address === undefined ? [] : [originOf(address)])));
  const goesTo = addresses.flatMap((address) => (address === undefined ? [] : [originOf(address)]));
  if (goesTo.every((origin) => savedFor.has(origin))) return current.password;
  throw invalid('password: the address changed, so enter the password again (a stored password is only sent to the address it was saved for)');
}

/** A server as the renderer may see it: never its password. */
export function settingsOf(config: ServerConfig, managed: boolean): ServerSettings {
  return {
    id: config.id,
    type: config.type,
    // The deployment file allows longer names than the form; the form's limit applies here.
    name: (config.name ?? config.id).slice(0, 80),
    url: config.url,
    redundantUrl: config.redundantUrl,
    pathPrefix: config.pathPrefix,
    timeZone: config.timeZone,
    username: config.username,
    hasPassword: config.password !== undefined,
    managed,
  };
}

/** What `servers.json` keeps of a server: its sealed password, never the plain one. */
export function storedOf(config: ServerConfig, sealedPassword: string | undefined): StoredServer {
  return dropUndefined({
    id: config.id,
    type: config.type,
    name: config.name ?? config.id,
    url: config.url,
    redundantUrl: config.redundantUrl,
    pathPrefix: config.pathPrefix,
    timeZone: config.timeZone,
    username: config.username,
    sealedPassword: config.password === undefined ? undefined : sealedPassword,
  });
}

/** A stored server as the core runs it, with its password opened; throws CoreError naming the field. */
export function configFromStored(stored: StoredServer, password: string | undefined): ServerConfig {
  // Only the fields this version knows: a newer one's extra fields are kept on disk, not run.
  const { id, type, name, url, redundantUrl, pathPrefix, timeZone, username } = stored;
  const parsed = ServerConfig.safeParse(dropUndefined({ id, type, name, url, redundantUrl, pathPrefix, timeZone, username, password }));
  if (!parsed.success) throw invalid(z.prettifyError(parsed.error).split('\n').join(' '));
  return parsed.data;
}

function invalid(message: string): CoreError {
  return new CoreError('invalid-request', message);
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function hasUserInfo(address: string): boolean {
  try {
    const url = new URL(address);
    return url.username !== '' || url.password !== '';
  } catch {
    return false; // the schema says what is wrong with it
  }
}

function originOf(address: string): string {
  try {
    return new URL(address).origin;
  } catch {
    return address;
  }
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
