import { formatTime } from '../../format';
import { useAlerts } from '../../stores/alerts';
import { usePanels } from '../../stores/panels';

/**
 * The one line of alerts a wall-only screen keeps: how many are open and the newest few,
 * each opening its details; and the way back to the full window.
 */
export function AlertTicker({ children }: { readonly children?: React.ReactNode }) {
  const open = useAlerts((state) => state.counts.open);
  // The list itself is selected (a stable value); a filtered copy as the selection would be new on every read.
  const records = useAlerts((state) => state.records);
  const newest = records.filter((record) => record.state === 'open').slice(0, 4);
  const openAlert = useAlerts((state) => state.open);
  const toggle = usePanels((state) => state.toggle);
  return (
    <div className={`ticker${open > 0 ? ' ticker--on' : ''}`} data-testid="alert-ticker" role="status" aria-label="Open alerts">
      <strong className="ticker__count">{open} unacknowledged</strong>
      <span className="ticker__items">
        {newest.map((record) => (
          <button key={record.id} type="button" className={`ticker__item sev--text-${record.severity}`} onClick={() => openAlert(record.id)}>
            {formatTime(record.time)} {record.label} · {record.cameraName ?? record.cameraId ?? ''}
          </button>
        ))}
      </span>
      {children}
      <button type="button" className="button" data-testid="wall-only-exit" title="Show the camera list and the alerts again (F11)" onClick={() => toggle('wallOnly')}>
        Exit wall-only <kbd>F11</kbd>
      </button>
    </div>
  );
}
