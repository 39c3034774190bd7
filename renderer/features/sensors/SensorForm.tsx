import { useState } from 'react';
import { SEVERITIES } from '../../../shared/model/event';
import type { MappingPreset, SensorCamera, SensorDraft, SensorSettings } from '../../../shared/model/sensor';
import { useClient } from '../../ipc/context';
import { useServers } from '../../stores/servers';

export interface SensorFormProps {
  readonly existing: SensorSettings | undefined;
  readonly onDone: () => void;
  readonly onCancel: () => void;
}

interface FormState {
  id: string;
  name: string;
  kind: 'mqtt' | 'webhook';
  url: string;
  topic: string;
  username: string;
  password: string;
  path: string;
  signature: 'sha256' | 'sequr';
  secret: string;
  preset: MappingPreset;
  type: string;
  label: string;
  severity: string;
  idPath: string;
  timePath: string;
  cameras: SensorCamera[];
  vxg: string;
  een: string;
  milestone: string;
}

const PRESET_WORDS: Readonly<Record<MappingPreset, string>> = { json: 'Plain JSON', 'frigate-events': 'Frigate events (frigate/events)', 'frigate-reviews': 'Frigate reviews (frigate/reviews)' };

function initial(existing: SensorSettings | undefined): FormState {
  const config = existing?.config;
  const source = config?.source;
  return {
    id: config?.id ?? '',
    name: config?.name ?? '',
    kind: source?.kind ?? 'mqtt',
    url: source?.kind === 'mqtt' ? source.url : 'mqtt://127.0.0.1:1883',
    topic: source?.kind === 'mqtt' ? source.topic : '',
    username: source?.kind === 'mqtt' ? (source.username ?? '') : '',
    password: '',
    path: source?.kind === 'webhook' ? source.path : '/hooks/',
    signature: source?.kind === 'webhook' ? source.signature : 'sha256',
    secret: '',
    preset: config?.mapping.preset ?? 'json',
    type: config?.mapping.type ?? '',
    label: config?.mapping.label ?? '',
    severity: config?.mapping.severity ?? '',
    idPath: config?.mapping.id ?? '',
    timePath: config?.mapping.time ?? '',
    cameras: config?.cameras ?? [],
    vxg: config?.targets.vxg ?? '',
    een: config?.targets.een ?? '',
    milestone: config?.targets.milestone ?? '',
  };
}

function draftOf(form: FormState, existing: SensorSettings | undefined): SensorDraft {
  const optional = (value: string): string | undefined => (value.trim() ? value.trim() : undefined);
  return {
    id: form.id.trim(),
    name: form.name.trim(),
    source:
      form.kind === 'mqtt'
        ? { kind: 'mqtt', url: form.url.trim(), topic: form.topic.trim(), username: optional(form.username), password: form.password || undefined }
        : { kind: 'webhook', path: form.path.trim(), signature: form.signature, secret: form.secret || undefined },
    cameras: form.cameras,
    mapping: {
      ...(existing?.config.mapping ?? {}),
      preset: form.preset,
      type: optional(form.type),
      label: optional(form.label),
      severity: SEVERITIES.find((severity) => severity === form.severity),
      id: optional(form.idPath),
      time: optional(form.timePath),
    },
    targets: { vxg: optional(form.vxg), een: optional(form.een), milestone: optional(form.milestone) },
    enabled: existing?.config.enabled ?? true,
  };
}

/** Adds or edits a sensor: its source and credentials, how its payload becomes an event, its cameras, and the event each VMS gets. */
export function SensorForm({ existing, onDone, onCancel }: SensorFormProps) {
  const client = useClient();
  const servers = useServers((state) => state.servers);
  const cameras = useServers((state) => state.cameras);
  const [form, setForm] = useState<FormState>(() => initial(existing));
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const readOnly = existing?.managed ?? false;
  const change = (patch: Partial<FormState>): void => setForm((current) => ({ ...current, ...patch }));
  const chosen = (ref: SensorCamera): boolean => form.cameras.some((camera) => camera.serverId === ref.serverId && camera.cameraId === ref.cameraId);
  const toggle = (ref: SensorCamera): void => change({ cameras: chosen(ref) ? form.cameras.filter((camera) => camera.serverId !== ref.serverId || camera.cameraId !== ref.cameraId) : [...form.cameras, ref] });
  const kinds = new Set(form.cameras.map((camera) => servers.find((server) => server.id === camera.serverId)?.kind));

  const submit = async (): Promise<void> => {
    setBusy(true);
    const result = await client.invoke('sensors.save', draftOf(form, existing));
    setBusy(false);
    if (result.ok) onDone();
    else setProblem(result.error.message);
  };

  const text = (key: keyof FormState, label: string, props: { placeholder?: string; type?: string; testId?: string; help?: string } = {}) => (
    <label className="picker__label">
      {label}
      <input
        data-testid={props.testId ?? `sensor-field-${key}`}
        className="picker__input"
        type={props.type ?? 'text'}
        disabled={readOnly || (key === 'id' && existing !== undefined)}
        placeholder={props.placeholder}
        value={form[key] as string}
        onChange={(event) => change({ [key]: event.target.value })}
      />
      {props.help && <span className="picker__help">{props.help}</span>}
    </label>
  );

  return (
    <form className="servers__form" data-testid="sensor-form" onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}>
      <header className="dialog__head">{existing ? `${readOnly ? 'Sensor' : 'Edit sensor'} “${existing.config.name}”` : 'Add a sensor'}</header>
      {readOnly && <p className="editor__hint">Set up by the deployment file (--config): change it there.</p>}
      <div className="servers__grid">
        {text('name', 'Name', { placeholder: 'North door' })}
        {text('id', 'Id', { placeholder: 'north-door' })}
        <label className="picker__label">
          Source
          <select data-testid="sensor-field-kind" className="picker__input" disabled={readOnly} value={form.kind} onChange={(event) => change({ kind: event.target.value === 'webhook' ? 'webhook' : 'mqtt' })}>
            <option value="mqtt">MQTT topic</option>
            <option value="webhook">HTTP webhook</option>
          </select>
        </label>
        {form.kind === 'mqtt' && (
          <>
            {text('url', 'Broker', { placeholder: 'mqtt://broker:1883 or mqtts://…' })}
            {text('topic', 'Topic', { placeholder: 'frigate/events or site/doors/+/state' })}
            {text('username', 'User name (if the broker asks)')}
            {text('password', 'Password', { type: 'password', placeholder: existing?.hasPassword ? 'stored — type to replace' : '' })}
          </>
        )}
        {form.kind === 'webhook' && (
          <>
            {text('path', 'Path on the webhook port', { placeholder: '/hooks/doors' })}
            <label className="picker__label">
              Signature
              <select data-testid="sensor-field-signature" className="picker__input" disabled={readOnly} value={form.signature} onChange={(event) => change({ signature: event.target.value === 'sequr' ? 'sequr' : 'sha256' })}>
                <option value="sha256">HMAC-SHA256 (X-Signature-256)</option>
                <option value="sequr">Genea (x-sequr-signature, SHA-1)</option>
              </select>
            </label>
            {text('secret', 'Secret', { type: 'password', placeholder: existing?.hasSecret ? 'stored — type to replace' : '' })}
          </>
        )}
        <label className="picker__label">
          Payload
          <select data-testid="sensor-field-preset" className="picker__input" disabled={readOnly} value={form.preset} onChange={(event) => change({ preset: event.target.value as MappingPreset })}>
            {Object.entries(PRESET_WORDS).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </label>
        {text('type', 'Event type', { placeholder: 'read from the payload', help: 'e.g. door.forced; alerts show it as sensor:door.forced' })}
        {text('label', 'Alert words', { placeholder: '{door} forced open', help: '{path} is replaced by the payload’s value' })}
        <label className="picker__label">
          Severity
          <select data-testid="sensor-field-severity" className="picker__input" disabled={readOnly} value={form.severity} onChange={(event) => change({ severity: event.target.value })}>
            <option value="">As the alert rules say</option>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </label>
        {text('idPath', 'Event id (JSON path)', { placeholder: 'id', help: 'one event per id, however often it is sent' })}
        {text('timePath', 'Event time (JSON path)', { placeholder: 'time' })}
      </div>
      <fieldset className="sensors__cameras" data-testid="sensor-cameras" disabled={readOnly}>
        <legend>Cameras</legend>
        {servers.map((server) => (
          <div key={server.id} className="sensors__server">
            <span className="servers__meta">{server.name}</span>
            {(cameras[server.id] ?? []).map((camera) => (
              <label key={camera.cameraId} className="sensors__camera">
                <input type="checkbox" data-testid="sensor-camera" data-server-id={server.id} data-camera-id={camera.cameraId} checked={chosen({ serverId: server.id, cameraId: camera.cameraId })} onChange={() => toggle({ serverId: server.id, cameraId: camera.cameraId })} />
                {camera.name}
              </label>
            ))}
          </div>
        ))}
      </fieldset>
      {(kinds.has('vxg') || kinds.has('een') || kinds.has('milestone') || kinds.has('ivms')) && (
        <div className="servers__grid">
          {kinds.has('vxg') && text('vxg', 'VXG event name', { placeholder: 'the event type' })}
          {kinds.has('een') && text('een', 'Eagle Eye event type', { placeholder: 'een.deviceIOEvent.v1' })}
          {kinds.has('milestone') && text('milestone', 'Milestone user-defined event (id)', { help: 'required: the event Milestone raises for this sensor' })}
          {kinds.has('ivms') && <p className="editor__hint">IVMS Pro takes no events from Tessera: its cameras get the alerts here only (local).</p>}
        </div>
      )}
      {problem && (
        <p className="picker__problem" role="alert" data-testid="sensor-form-problem">
          {problem}
        </p>
      )}
      <footer className="dialog__foot">
        <span className="picker__spacer" />
        <button type="button" className="button" data-testid="sensor-cancel" onClick={onCancel}>
          {readOnly ? 'Back' : 'Cancel'}
        </button>
        {!readOnly && (
          <button type="submit" className="button button--primary" data-testid="sensor-save" disabled={busy || !form.name.trim() || !form.id.trim()}>
            Save
          </button>
        )}
      </footer>
    </form>
  );
}
