import { useWallsUi } from './walls-ui';

/** "Monitor N" in the top bar of every window but the first monitor's (counted from 1, as window titles do). */
export function MonitorBadge() {
  const monitor = useWallsUi((state) => state.monitor);
  return monitor > 0 ? (
    <span className="topbar__monitor" data-testid="monitor-number" data-monitor={monitor} title={`This window shows monitor ${monitor + 1} (?monitor=${monitor})`}>
      Monitor {monitor + 1}
    </span>
  ) : null;
}
