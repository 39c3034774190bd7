import type { VmsKind } from '../../../shared/model/server';
import type { ServerDraftInput, ServerSettings } from '../../../shared/model/server-config';
import type { FieldSpec, FieldValue, VendorInfo } from '../../../shared/model/server-form';

/**
 * What the form holds while the operator types: every field as text (lists one entry per
 * line). Secrets are never filled in from the core: empty keeps the stored one.
 */
export interface ServerForm {
  readonly type: VmsKind;
  readonly name: string;
  readonly id: string;
  /** True once the operator typed an id: it then stops following the name. */
  readonly idEdited: boolean;
  readonly values: Readonly<Record<string, string>>;
}

export function emptyForm(type: VmsKind = 'ivms'): ServerForm {
  return { type, name: '', id: '', idEdited: false, values: {} };
}

export function kindLabel(kind: VmsKind, vendors: readonly VendorInfo[]): string {
  return vendors.find((vendor) => vendor.kind === kind)?.label ?? kind;
}

export function formOf(settings: ServerSettings): ServerForm {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(settings.values)) values[key] = Array.isArray(value) ? value.join('\n') : String(value);
  return { type: settings.type, name: settings.name, id: settings.id, idEdited: true, values };
}

/** The fields shown now: those whose condition (`when`) the form meets. */
export function visibleFields(form: ServerForm, vendor: VendorInfo | undefined): FieldSpec[] {
  return (vendor?.fields ?? []).filter((field) => field.when === undefined || (form.values[field.when.key] ?? firstChoice(vendor, field.when.key)) === field.when.equals);
}

/** A choice field's value when the operator has not picked one: its first choice. */
export function firstChoice(vendor: VendorInfo | undefined, key: string): string | undefined {
  return vendor?.fields.find((field) => field.key === key)?.choices?.[0]?.value;
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

/** The draft the core validates: every visible field (blank clears it), secrets only when typed. */
export function draftOf(form: ServerForm, vendor: VendorInfo | undefined): ServerDraftInput {
  const values: Record<string, FieldValue> = {};
  for (const field of visibleFields(form, vendor)) {
    const raw = form.values[field.key] ?? (field.kind === 'choice' ? (field.choices?.[0]?.value ?? '') : '');
    switch (field.kind) {
      case 'secret':
        // Secrets may begin or end with spaces: sent as typed, and only when typed.
        if (raw !== '') values[field.key] = raw;
        break;
      case 'secret-list':
      case 'list': {
        const lines = raw
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== '');
        if (field.kind === 'list' || lines.length > 0) values[field.key] = lines;
        break;
      }
      case 'number':
        if (raw.trim() !== '') values[field.key] = Number(raw);
        break;
      case 'boolean':
        values[field.key] = raw === 'true';
        break;
      default:
        values[field.key] = raw.trim();
    }
  }
  return { id: form.id.trim(), type: form.type, name: form.name.trim(), values };
}

/** What must be filled in before the form can be sent, in words; undefined when nothing. */
export function missingField(form: ServerForm, vendor: VendorInfo | undefined, stored: readonly string[] = []): string | undefined {
  if (form.name.trim() === '') return 'Enter a name';
  if (form.id.trim() === '') return 'Enter an id';
  return missingSettings(form, vendor, stored);
}

/** A required field of the vendor left blank (a stored secret counts as filled). */
export function missingSettings(form: ServerForm, vendor: VendorInfo | undefined, stored: readonly string[] = []): string | undefined {
  if (vendor && !vendor.supported) return `${vendor.label} servers are not supported yet`;
  const blank = visibleFields(form, vendor).find((field) => field.required && field.kind !== 'choice' && (form.values[field.key] ?? '').trim() === '' && !stored.includes(field.key));
  return blank ? `Enter the ${blank.label.toLowerCase()}` : undefined;
}
