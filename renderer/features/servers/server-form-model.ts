import type { VmsKind } from '../../../shared/model/server';
import type { ServerDraft, ServerSettings } from '../../../shared/model/server-config';

/** What the form holds while the operator types. The password is never filled in from the core. */
export interface ServerForm {
  readonly type: VmsKind;
  readonly name: string;
  readonly id: string;
  /** True once the operator typed an id: it then stops following the name. */
  readonly idEdited: boolean;
  readonly url: string;
  readonly pathPrefix: string;
  readonly redundantUrl: string;
  readonly timeZone: string;
  readonly username: string;
  /** Empty keeps the stored password (if any). */
  readonly password: string;
}

export const VMS_KINDS: ReadonlyArray<{ readonly kind: VmsKind; readonly label: string; readonly supported: boolean }> = [
  { kind: 'ivms', label: 'Videonetics IVMS Pro', supported: true },
  { kind: 'vxg', label: 'VXG Cloud VMS', supported: false },
  { kind: 'een', label: 'Eagle Eye Networks', supported: false },
  { kind: 'milestone', label: 'Milestone XProtect', supported: false },
];

export function kindLabel(kind: VmsKind): string {
  return VMS_KINDS.find((entry) => entry.kind === kind)?.label ?? kind;
}

export const EMPTY_FORM: ServerForm = { type: 'ivms', name: '', id: '', idEdited: false, url: '', pathPrefix: '', redundantUrl: '', timeZone: '', username: '', password: '' };

export function formOf(settings: ServerSettings): ServerForm {
  return {
    type: settings.type,
    name: settings.name,
    id: settings.id,
    idEdited: true,
    url: settings.url,
    pathPrefix: settings.pathPrefix,
    redundantUrl: settings.redundantUrl ?? '',
    timeZone: settings.timeZone ?? '',
    username: settings.username ?? '',
    password: '',
  };
}

/**
 * An id from a name, in the characters ids allow (letters, digits, ".", "_", "-"), not one
 * of `taken`: "Head office" becomes "head-office", then "head-office-2".
 */
export function idFromName(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-._]+|[-._]+$/g, '')
      .slice(0, 56) || 'server';
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** The draft the core validates; blank optional fields are left out. */
export function draftOf(form: ServerForm): ServerDraft {
  const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());
  return {
    id: form.id.trim(),
    type: form.type,
    name: form.name.trim(),
    url: form.url.trim(),
    pathPrefix: form.pathPrefix.trim(),
    redundantUrl: optional(form.redundantUrl),
    timeZone: optional(form.timeZone),
    username: optional(form.username),
    // Passwords may begin or end with spaces: sent as typed.
    password: form.password === '' ? undefined : form.password,
  };
}

/** What must be filled in before the form can be sent, in words; undefined when nothing. */
export function missingField(form: ServerForm): string | undefined {
  if (form.name.trim() === '') return 'Enter a name';
  if (form.id.trim() === '') return 'Enter an id';
  if (form.url.trim() === '') return 'Enter the server’s URL';
  return undefined;
}
