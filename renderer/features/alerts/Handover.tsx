import { useEffect, useState } from 'react';
import { type EventRecord, SEVERITIES } from '../../../shared/model/event';
import { formatTime } from '../../format';
import { useClient } from '../../ipc/context';
import { resourceLink } from '../../ipc/resources';
import { useAlerts } from '../../stores/alerts';

/**
 * The shift handover: every alert still open, by camera (worst first), oldest first, with the audit
 * trail to take away as CSV. It is read fresh from the journal, not from the list's filter.
 */
export function Handover() {
  const client = useClient();
  const counts = useAlerts((state) => state.counts);
  const open = useAlerts((state) => state.open);
  const [alerts, setAlerts] = useState<readonly EventRecord[] | undefined>(undefined);

  useEffect(() => {
    let current = true;
    void client.invoke('events.query', { filter: { state: 'open' }, limit: 1000 }).then((result) => {
      if (current) setAlerts(result.ok ? result.value : []);
    });
    return () => {
      current = false;
    };
  }, [client, counts.open]);

  const byCamera = new Map<string, EventRecord[]>();
  for (const alert of [...(alerts ?? [])].reverse()) {
    const key = alert.cameraName ?? alert.cameraId ?? 'Unknown camera';
    byCamera.set(key, [...(byCamera.get(key) ?? []), alert]);
  }
  // The camera with the worst open alert comes first; among equals, the one waiting longest.
  const cameras = [...byCamera].sort(([, a], [, b]) => worst(b) - worst(a) || (a[0]?.time ?? 0) - (b[0]?.time ?? 0));
  return (
    <div className="handover" data-testid="handover">
      <div className="handover__head">
        <strong>{counts.open} open</strong>
        <a className="button" data-testid="audit-export" {...resourceLink('/export/audit.csv')} download>
          Export audit log (CSV)
        </a>
      </div>
      {alerts === undefined && <p className="sidebar__note">Loading…</p>}
      {alerts?.length === 0 && <p className="sidebar__note">Nothing open. A quiet shift.</p>}
      {cameras.map(([camera, list]) => (
        <section key={camera} className="handover__camera">
          <header>
            {camera} <span className="server__count">{list.length}</span>
          </header>
          <ul>
            {list.map((alert) => (
              <li key={alert.id}>
                <button type="button" className="handover__item" onClick={() => open(alert.id)} data-testid="handover-item">
                  <span className={`sev sev--${alert.severity}`}>{alert.severity}</span>
                  <span>{alert.label}</span>
                  <time>{formatTime(alert.time)}</time>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/** The rank of the most severe alert in a list (higher is worse). */
function worst(list: readonly EventRecord[]): number {
  return Math.max(...list.map((alert) => SEVERITIES.indexOf(alert.severity)));
}
