import { formatTime } from '../../format';
import { resourceUrl, retryImage } from '../../ipc/resources';
import { useAlerts } from '../../stores/alerts';
import { useServers } from '../../stores/servers';
import { useWall } from '../../stores/wall';
import { cameraImageUrl } from '../cameras/camera-image-url';
import { useAlertsSync } from './alerts-context';

/**
 * The stack of recent alarms, beside the wall and never over a tile: the newest on show
 * with its picture, the others a step away. The operator opens one (to acknowledge it),
 * puts its camera on the selected tile, or dismisses it; the alert stays in the list.
 */
export function AlarmStack() {
  const sync = useAlertsSync();
  const stack = useAlerts((state) => state.stack);
  const at = useAlerts((state) => state.stackAt);
  const openAlert = useAlerts((state) => state.open);
  const alarm = stack[at] ?? stack[0];
  const record = useAlerts((state) => (alarm ? state.records.find((candidate) => candidate.id === alarm.eventId) : undefined));
  const server = useServers((state) => (alarm ? state.servers.find((candidate) => candidate.id === alarm.serverId) : undefined));
  const cameraName = useServers((state) => (alarm ? state.cameras[alarm.serverId]?.find((camera) => camera.cameraId === alarm.cameraId)?.name : undefined));
  if (!alarm) return null;
  const step = (by: number): void => useAlerts.setState({ stackAt: Math.min(stack.length - 1, Math.max(0, at + by)) });
  const camera = alarm.cameraId ? { serverId: alarm.serverId, cameraId: alarm.cameraId } : undefined;
  const picture = record?.image ?? (camera && server?.livePreview ? cameraImageUrl(camera) : undefined);
  const name = cameraName ?? alarm.cameraName ?? (alarm.cameraId ? `Camera ${alarm.cameraId}` : 'A camera');
  const showOnWall = (): void => {
    if (!camera) return;
    const wall = useWall.getState();
    wall.assign(wall.selected, camera);
    wall.touch(wall.selected);
  };
  return (
    <section className={`alarm-stack alarm-stack--${alarm.severity}`} data-testid="alarm-stack" data-count={stack.length} data-alert-id={alarm.eventId} aria-label="Recent alarms">
      {picture ? <img className="alarm-stack__picture" src={resourceUrl(picture)} onError={retryImage(picture)} alt="" /> : <div className="alarm-stack__picture alarm-stack__picture--none" />}
      <div className="alarm-stack__words">
        <strong className="alarm-stack__label" data-testid="alarm-stack-label">
          {alarm.label} · {name}
        </strong>
        <span className="alarm-stack__meta">
          {server?.name ?? alarm.serverId}
          {alarm.time === undefined ? '' : ` · ${formatTime(alarm.time)}`} · alarm {at + 1} of {stack.length}
        </span>
      </div>
      <div className="alarm-stack__actions">
        <button type="button" className="button" data-testid="alarm-stack-newer" disabled={at === 0} title="Newer alarm" aria-label="Newer alarm" onClick={() => step(-1)}>
          ‹
        </button>
        <button type="button" className="button" data-testid="alarm-stack-older" disabled={at >= stack.length - 1} title="Older alarm" aria-label="Older alarm" onClick={() => step(1)}>
          ›
        </button>
        <button type="button" className="button button--primary" data-testid="alarm-stack-open" title="Details and acknowledgement" onClick={() => openAlert(alarm.eventId)}>
          Open
        </button>
        <button type="button" className="button" data-testid="alarm-stack-show" disabled={!camera} title="Show this camera live on the selected tile" onClick={showOnWall}>
          Show on tile
        </button>
        <button type="button" className="button" data-testid="alarm-stack-dismiss" title="Take it off the stack; the alert stays open in the list" onClick={() => sync.dismiss(alarm.eventId)}>
          Dismiss
        </button>
      </div>
    </section>
  );
}
