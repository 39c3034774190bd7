import { useEffect, useState } from 'react';
import { type EventFilter, SEVERITIES } from '../../../shared/model/event';
import { fromLocalInput, toLocalInput } from '../../format';
import { useAlerts } from '../../stores/alerts';
import { useServers } from '../../stores/servers';
import { useAlertsSync } from './alerts-context';

const STATES: ReadonlyArray<readonly [EventFilter['state'], string]> = [
  ['open', 'Open'],
  ['acknowledged', 'Acknowledged'],
  ['alerts', 'All alerts'],
  ['all', 'All events'],
];

/** Filters of the alert list: state, severity, server, camera, type, time range and words. */
export function AlertFilters() {
  const sync = useAlertsSync();
  const filter = useAlerts((state) => state.filter);
  const records = useAlerts((state) => state.records);
  const { servers, cameras } = useServers();
  const [text, setText] = useState(filter.text ?? '');
  const apply = (change: Partial<EventFilter>): void => void sync.load(clean({ ...filter, ...change }));

  // Words are applied once typing pauses.
  useEffect(() => {
    const wanted = text.trim() || undefined;
    if (wanted === filter.text) return;
    const timer = window.setTimeout(() => apply({ text: wanted }), 300);
    return () => window.clearTimeout(timer);
  });

  const types = new Map<string, string>();
  for (const record of records) if (!types.has(record.type)) types.set(record.type, record.label);
  if (filter.type && !types.has(filter.type)) types.set(filter.type, filter.type);
  const cameraOptions = (filter.serverId ? (cameras[filter.serverId] ?? []) : servers.flatMap((server) => cameras[server.id] ?? [])).slice(0, 500);

  return (
    <div className="filters" data-testid="alert-filters">
      <div className="filters__row">
        <select aria-label="State" data-testid="filter-state" value={filter.state} onChange={(event) => apply({ state: event.target.value as EventFilter['state'] })}>
          {STATES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <input className="filters__text" type="search" placeholder="Search words" aria-label="Search alerts" data-testid="filter-text" value={text} onChange={(event) => setText(event.target.value)} />
      </div>
      <div className="filters__row filters__severities" role="group" aria-label="Severity">
        {SEVERITIES.map((severity) => {
          const on = filter.severity?.includes(severity) ?? false;
          return (
            <button
              key={severity}
              type="button"
              className={`chip chip--${severity}${on ? ' chip--on' : ''}`}
              aria-pressed={on}
              data-testid={`filter-severity-${severity}`}
              onClick={() => {
                const current = new Set(filter.severity ?? []);
                if (!current.delete(severity)) current.add(severity);
                apply({ severity: current.size > 0 ? SEVERITIES.filter((candidate) => current.has(candidate)) : undefined });
              }}
            >
              {severity}
            </button>
          );
        })}
      </div>
      <div className="filters__row">
        <select aria-label="Server" value={filter.serverId ?? ''} onChange={(event) => apply({ serverId: event.target.value || undefined, cameraId: undefined })}>
          <option value="">All servers</option>
          {servers.map((server) => (
            <option key={server.id} value={server.id}>
              {server.name}
            </option>
          ))}
        </select>
        <select aria-label="Camera" data-testid="filter-camera" value={filter.cameraId ?? ''} onChange={(event) => apply({ cameraId: event.target.value || undefined })}>
          <option value="">All cameras</option>
          {cameraOptions.map((camera) => (
            <option key={`${camera.serverId}/${camera.cameraId}`} value={camera.cameraId}>
              {camera.name}
            </option>
          ))}
        </select>
        <select aria-label="Type" data-testid="filter-type" value={filter.type ?? ''} onChange={(event) => apply({ type: event.target.value || undefined })}>
          <option value="">All types</option>
          {[...types].map(([type, label]) => (
            <option key={type} value={type}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__row">
        <input type="datetime-local" step="1" aria-label="From" data-testid="filter-from" value={filter.from === undefined ? '' : toLocalInput(filter.from)} onChange={(event) => apply({ from: fromLocalInput(event.target.value) })} />
        <span className="filters__dash">–</span>
        <input type="datetime-local" step="1" aria-label="To" data-testid="filter-to" value={filter.to === undefined ? '' : toLocalInput(filter.to)} onChange={(event) => apply({ to: fromLocalInput(event.target.value) })} />
      </div>
    </div>
  );
}

/** Drops unset fields, so filters compare and serialise the same however they were made. */
function clean(filter: EventFilter): EventFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => (value as unknown) !== undefined)) as EventFilter;
}
