import { useMemo, useState } from 'react';
import type { ServerSettings, ServerTestResult } from '../../../shared/model/server-config';
import { useClient } from '../../ipc/context';
import { draftOf, EMPTY_FORM, formOf, idFromName, missingField, type ServerForm, VMS_KINDS } from './server-form-model';

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
 * One server's settings. Test tries them without saving; Save adds or changes the server.
 * A stored password is never shown: the field says one is stored, and left empty keeps it.
 * A server from the deployment file is shown read-only (it can still be tested).
 */
export function ServerFormPanel({ existing, takenIds, onDone, onCancel }: ServerFormPanelProps) {
  const client = useClient();
  const [form, setForm] = useState<ServerForm>(() => (existing ? formOf(existing) : EMPTY_FORM));
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const readOnly = existing?.managed === true;
  const missing = missingField(form);

  const change = (patch: Partial<ServerForm>): void => {
    setForm((current) => {
      const next = { ...current, ...patch };
      return !existing && !next.idEdited && 'name' in patch ? { ...next, id: next.name.trim() ? idFromName(next.name, takenIds) : '' } : next;
    });
    setTest({ kind: 'idle' });
  };

  const runTest = async (): Promise<void> => {
    setTest({ kind: 'testing' });
    const draft = draftOf({ ...form, name: form.name.trim() || form.url || 'server', id: form.id.trim() || 'server' });
    const result = await client.invoke('servers.test', draft);
    setTest({ kind: 'done', result: result.ok ? result.value : { ok: false, reason: result.error.message } });
  };

  const save = async (): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    const result = await client.invoke(existing ? 'servers.update' : 'servers.add', draftOf(form));
    setBusy(false);
    if (result.ok) onDone();
    else setProblem(result.error.message);
  };

  const field = (name: keyof ServerForm) => ({ 'data-testid': `server-field-${name}`, className: 'picker__input', disabled: readOnly });

  return (
    <form
      className="servers__form"
      data-testid="server-form"
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
          <select {...field('type')} value={form.type} onChange={(event) => change({ type: event.target.value as ServerForm['type'] })}>
            {VMS_KINDS.map(({ kind, label, supported }) => (
              <option key={kind} value={kind} disabled={!supported}>
                {supported ? label : `${label} (not supported yet)`}
              </option>
            ))}
          </select>
        </label>
        <label className="picker__label">
          Name
          <input {...field('name')} maxLength={80} value={form.name} autoFocus={!existing} onChange={(event) => change({ name: event.target.value })} />
        </label>
        <label className="picker__label">
          Id (letters, digits, “.”, “_”, “-”)
          <input {...field('id')} maxLength={64} value={form.id} disabled={readOnly || existing !== undefined} onChange={(event) => change({ id: event.target.value, idEdited: true })} />
        </label>
        <label className="picker__label">
          URL of the API server
          <input {...field('url')} type="url" placeholder="http://10.0.0.5:8080" value={form.url} onChange={(event) => change({ url: event.target.value })} />
        </label>
        <label className="picker__label">
          Path prefix
          <input {...field('pathPrefix')} placeholder="e.g. /V-Pro-IVMS-APIServer (if any)" value={form.pathPrefix} onChange={(event) => change({ pathPrefix: event.target.value })} />
        </label>
        <label className="picker__label">
          Redundant URL (standby server)
          <input {...field('redundantUrl')} type="url" placeholder="none" value={form.redundantUrl} onChange={(event) => change({ redundantUrl: event.target.value })} />
        </label>
        <label className="picker__label">
          Time zone of the server
          <input {...field('timeZone')} list="server-time-zones" placeholder={`this computer’s (${Intl.DateTimeFormat().resolvedOptions().timeZone})`} value={form.timeZone} onChange={(event) => change({ timeZone: event.target.value })} />
          <datalist id="server-time-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </label>
        <label className="picker__label">
          User name (where a proxy asks for one)
          <input {...field('username')} autoComplete="off" value={form.username} onChange={(event) => change({ username: event.target.value })} />
        </label>
        <label className="picker__label">
          Password
          <input
            {...field('password')}
            type="password"
            autoComplete="new-password"
            placeholder={existing?.hasPassword ? '••• stored (leave empty to keep)' : ''}
            value={form.password}
            onChange={(event) => change({ password: event.target.value })}
          />
        </label>
      </div>
      <div className="servers__test">
        <button type="button" className="button" data-testid="server-test" disabled={test.kind === 'testing' || form.url.trim() === ''} onClick={() => void runTest()}>
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
