import { useMemo, useState } from 'react';
import type { ServerSettings, ServerTestResult } from '../../../shared/model/server-config';
import type { FieldSpec, VendorInfo } from '../../../shared/model/server-form';
import { useClient } from '../../ipc/context';
import { useServers } from '../../stores/servers';
import { draftOf, emptyForm, formOf, idFromName, missingField, missingSettings, type ServerForm, visibleFields } from './server-form-model';

export interface ServerFormPanelProps {
  /** The server being edited; undefined adds a new one. */
  readonly existing: ServerSettings | undefined;
  /** Ids in use, which a new server's generated id avoids. */
  readonly takenIds: ReadonlySet<string>;
  readonly onDone: () => void;
  readonly onCancel: () => void;
}

type TestState = { readonly kind: 'idle' } | { readonly kind: 'testing' } | { readonly kind: 'done'; readonly result: ServerTestResult };

/**
 * One server's settings, with the fields its vendor asks for (described by the core, so
 * every vendor gets its own form from one component). Test tries them without saving;
 * Save adds or changes the server. A stored secret is never shown: the field says one is
 * stored, and left empty keeps it. A server from the deployment file is shown read-only
 * (it can still be tested).
 */
export function ServerFormPanel({ existing, takenIds, onDone, onCancel }: ServerFormPanelProps) {
  const client = useClient();
  const vendors = useServers((state) => state.vendors);
  const [form, setForm] = useState<ServerForm>(() => (existing ? formOf(existing) : emptyForm()));
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const vendor = vendors.find((candidate) => candidate.kind === form.type);
  const stored = existing?.type === form.type ? existing.storedSecrets : [];
  const readOnly = existing?.managed === true;
  const missing = missingField(form, vendor, stored);
  const untestable = missingSettings(form, vendor, stored);

  const change = (patch: Partial<ServerForm>): void => {
    setForm((current) => {
      const next = { ...current, ...patch };
      return !existing && !next.idEdited && 'name' in patch ? { ...next, id: next.name.trim() ? idFromName(next.name, takenIds) : '' } : next;
    });
    setTest({ kind: 'idle' });
  };
  const setValue = (key: string, value: string): void => change({ values: { ...form.values, [key]: value } });

  const runTest = async (): Promise<void> => {
    setTest({ kind: 'testing' });
    const draft = draftOf({ ...form, name: form.name.trim() || 'server', id: form.id.trim() || 'server' }, vendor);
    const result = await client.invoke('servers.test', draft);
    setTest({ kind: 'done', result: result.ok ? result.value : { ok: false, reason: result.error.message } });
  };

  const save = async (): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    const result = await client.invoke(existing ? 'servers.update' : 'servers.add', draftOf(form, vendor));
    setBusy(false);
    if (result.ok) onDone();
    else setProblem(result.error.message);
  };

  return (
    <form
      className="servers__form"
      data-testid="server-form"
      data-kind={form.type}
      autoComplete="off"
      // The core validates with the deployment file's rules and says what is wrong in words.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!readOnly && !missing) void save();
      }}
    >
      <header className="dialog__head">{existing ? `${readOnly ? 'Server' : 'Edit server'} “${existing.name}”` : 'Add a server'}</header>
      {readOnly && <p className="editor__hint">Set up by the deployment file (--config): change it there.</p>}
      <div className="servers__grid">
        <label className="picker__label">
          Type
          <select
            data-testid="server-field-type"
            className="picker__input"
            disabled={readOnly || existing !== undefined}
            value={form.type}
            onChange={(event) => change({ type: event.target.value as ServerForm['type'], values: {} })}
          >
            {vendors.map(({ kind, label, supported }) => (
              <option key={kind} value={kind} disabled={!supported}>
                {supported ? label : `${label} (not supported yet)`}
              </option>
            ))}
          </select>
        </label>
        <label className="picker__label">
          Name
          <input data-testid="server-field-name" className="picker__input" disabled={readOnly} maxLength={80} value={form.name} autoFocus={!existing} onChange={(event) => change({ name: event.target.value })} />
        </label>
        <label className="picker__label">
          Id (letters, digits, “.”, “_”, “-”)
          <input data-testid="server-field-id" className="picker__input" maxLength={64} value={form.id} disabled={readOnly || existing !== undefined} onChange={(event) => change({ id: event.target.value, idEdited: true })} />
        </label>
        {visibleFields(form, vendor).map((field) => (
          <Field key={field.key} field={field} vendor={vendor} value={form.values[field.key] ?? ''} stored={stored.includes(field.key)} disabled={readOnly} onChange={(value) => setValue(field.key, value)} />
        ))}
      </div>
      {vendor?.notes.map((note) => (
        <p key={note} className="editor__hint" data-testid="server-note">
          {note}
        </p>
      ))}
      <div className="servers__test">
        <button type="button" className="button" data-testid="server-test" disabled={test.kind === 'testing' || untestable !== undefined} title={untestable} onClick={() => void runTest()}>
          {test.kind === 'testing' ? 'Testing…' : 'Test'}
        </button>
        {test.kind === 'done' && (
          <span className={`servers__test-result servers__test-result--${test.result.ok ? 'ok' : 'bad'}`} data-testid="server-test-result" data-ok={test.result.ok} role="status">
            {test.result.ok ? `Connected: ${test.result.cameraCount} camera${test.result.cameraCount === 1 ? '' : 's'}` : test.result.reason}
          </span>
        )}
      </div>
      {problem && (
        <p className="picker__problem" role="alert" data-testid="server-form-problem">
          {problem}
        </p>
      )}
      <footer className="dialog__foot">
        <span className="picker__spacer" />
        <button type="button" className="button" data-testid="server-cancel" onClick={onCancel}>
          {readOnly ? 'Back' : 'Cancel'}
        </button>
        {!readOnly && (
          <button type="submit" className="button button--primary" data-testid="server-save" disabled={busy || missing !== undefined} title={missing}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        )}
      </footer>
    </form>
  );
}

interface FieldProps {
  readonly field: FieldSpec;
  readonly vendor: VendorInfo | undefined;
  readonly value: string;
  /** A secret with a stored value: the field says so, and left empty keeps it. */
  readonly stored: boolean;
  readonly disabled: boolean;
  readonly onChange: (value: string) => void;
}

/** One field of a vendor's form, drawn for its kind. */
function Field({ field, value, stored, disabled, onChange }: FieldProps) {
  const zones = useMemo(() => (field.kind === 'timezone' ? Intl.supportedValuesOf('timeZone') : []), [field.kind]);
  const common = { 'data-testid': `server-field-${field.key}`, className: 'picker__input', disabled } as const;
  let input;
  switch (field.kind) {
    case 'choice':
      input = (
        <select {...common} value={value || field.choices?.[0]?.value} onChange={(event) => onChange(event.target.value)}>
          {field.choices?.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'boolean':
      input = <input {...common} type="checkbox" checked={value === 'true'} onChange={(event) => onChange(event.target.checked ? 'true' : 'false')} />;
      break;
    case 'list':
    case 'secret-list':
      input = (
        <textarea
          {...common}
          rows={3}
          spellCheck={false}
          placeholder={stored ? '••• stored (leave empty to keep)' : field.placeholder}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      );
      break;
    case 'secret':
      input = <input {...common} type="password" autoComplete="new-password" placeholder={stored ? '••• stored (leave empty to keep)' : field.placeholder} value={value} onChange={(event) => onChange(event.target.value)} />;
      break;
    case 'timezone':
      input = (
        <>
          <input {...common} list={`zones-${field.key}`} placeholder={field.placeholder ?? `this computer’s (${Intl.DateTimeFormat().resolvedOptions().timeZone})`} value={value} onChange={(event) => onChange(event.target.value)} />
          <datalist id={`zones-${field.key}`}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </>
      );
      break;
    default:
      input = <input {...common} type={field.kind === 'url' ? 'url' : field.kind === 'number' ? 'number' : 'text'} placeholder={field.placeholder} value={value} onChange={(event) => onChange(event.target.value)} />;
  }
  return (
    <label className={`picker__label${field.kind === 'list' || field.kind === 'secret-list' ? ' picker__label--wide' : ''}`}>
      {field.label}
      {input}
      {field.help && <span className="picker__help">{field.help}</span>}
    </label>
  );
}
