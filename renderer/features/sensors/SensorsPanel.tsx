import { useState } from 'react';
import type { SensorsState, SensorStatus, TargetQueue } from '../../../shared/model/sensor';
import { formatTime } from '../../format';
import { useClient } from '../../ipc/context';
import { useServers } from '../../stores/servers';

export interface SensorsPanelProps {
  readonly state: SensorsState;
  readonly onAdd: () => void;
  readonly onEdit: (id: string) => void;
  readonly onClose: () => void;
}

/**
 * Each sensor's health (connected or not and why, its last event) and each VMS target's
 * queue (pending, failed with the reason, delivered; "local" for a VMS that takes no events).
 */
export function SensorsPanel({ state, onAdd, onEdit, onClose }: SensorsPanelProps) {
  return (
    <>
      <header className="dialog__head">Sensors</header>
      {state.sensors.length === 0 && <p className="editor__hint">No sensor yet. Add door controllers, smoke detectors or motion sensors that publish to an MQTT broker or call a webhook.</p>}
      <ul className="servers__list" data-testid="sensor-list">
        {state.sensors.map((sensor) => (
          <SensorRow key={sensor.id} sensor={sensor} onEdit={() => onEdit(sensor.id)} />
        ))}
      </ul>
      <h3 className="sensors__heading">Delivery to the VMS</h3>
      {state.queues.length === 0 && <p className="editor__hint">Nothing delivered yet.</p>}
      {state.queues.length > 0 && (
        <table className="sensors__queues" data-testid="sensor-queues">
          <thead>
            <tr>
              <th>Server</th>
              <th>Pending</th>
              <th>Failed</th>
              <th>Delivered</th>
              <th>Last delivered</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {state.queues.map((queue) => (
              <QueueRow key={queue.serverId} queue={queue} />
            ))}
          </tbody>
        </table>
      )}
      <footer className="dialog__foot">
        <button type="button" className="button" data-testid="sensor-add" onClick={onAdd}>
          Add sensor…
        </button>
        <span className="picker__spacer" />
        <button type="button" className="button" data-testid="sensors-close" onClick={onClose}>
          Close
        </button>
      </footer>
    </>
  );
}

function SensorRow({ sensor, onEdit }: { readonly sensor: SensorStatus; readonly onEdit: () => void }) {
  const client = useClient();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  // The store's camera map is selected as it is (a stable reference): a list made in the
  // selector would be new at every call, and React would render without end.
  const cameras = useServers((servers) => servers.cameras);
  const cameraNames = sensor.cameras.map((ref) => cameras[ref.serverId]?.find((camera) => camera.cameraId === ref.cameraId)?.name ?? `${ref.serverId}/${ref.cameraId}`);
  const health = !sensor.enabled ? 'off' : sensor.connected ? 'online' : 'offline';
  const remove = async (): Promise<void> => {
    const result = await client.invoke('sensors.remove', { id: sensor.id });
    if (!result.ok) setProblem(result.error.message);
    setConfirming(false);
  };
  return (
    <li className="servers__row" data-testid="sensor-row" data-sensor-id={sensor.id} data-connected={sensor.connected}>
      <span className={`server__dot server__dot--${health === 'off' ? 'offline' : health}`} aria-hidden="true" />
      <div className="servers__main">
        <div className="servers__title">
          <strong>{sensor.name}</strong>
          <span className="servers__meta">
            {sensor.id} · {sensor.source}
          </span>
          {sensor.managed && (
            <span className="servers__badge" title="Set up by the deployment file (--config)">
              managed
            </span>
          )}
        </div>
        <div className="servers__state" data-testid="sensor-health">
          {health === 'off' ? 'Turned off' : sensor.connected ? (sensor.sourceKind === 'mqtt' ? 'Connected' : 'Listening') : 'Not connected'}
          {sensor.reason && !sensor.connected && <span className="servers__reason"> — {sensor.reason}</span>}
          {' · '}
          <span data-testid="sensor-last-event">{sensor.lastEventAt === undefined ? 'no event yet' : `last event ${formatTime(sensor.lastEventAt)}`}</span>
          {sensor.events > 0 && ` · ${sensor.events} received`}
        </div>
        <div className="servers__meta">Cameras: {cameraNames.length > 0 ? cameraNames.join(', ') : 'none'}</div>
        {problem && <p className="picker__problem">{problem}</p>}
      </div>
      {!sensor.managed && (
        <div className="servers__actions">
          {confirming ? (
            <span className="servers__confirm">
              Remove “{sensor.name}”?
              <button type="button" className="button button--primary" data-testid="sensor-remove-confirm" onClick={() => void remove()}>
                Remove
              </button>
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          ) : (
            <>
              <button type="button" className="button" data-testid="sensor-edit" onClick={onEdit}>
                Edit
              </button>
              <button type="button" className="button" data-testid="sensor-remove" onClick={() => setConfirming(true)}>
                Remove
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}

function QueueRow({ queue }: { readonly queue: TargetQueue }) {
  const client = useClient();
  return (
    <tr data-testid="sensor-queue" data-server-id={queue.serverId} data-mode={queue.mode} data-pending={queue.pending} data-failed={queue.failed} data-delivered={queue.delivered}>
      <td>
        {queue.serverName}
        {queue.mode === 'local' && (
          <span className="servers__badge" title="This VMS takes no events from Tessera: its cameras' sensor events live in Tessera's journal only">
            local
          </span>
        )}
        {queue.reason && <div className="servers__reason sensors__reason">{queue.reason}</div>}
      </td>
      <td>{queue.mode === 'local' ? '—' : queue.pending}</td>
      <td className={queue.failed > 0 ? 'servers__reason' : undefined}>{queue.mode === 'local' ? '—' : queue.failed}</td>
      <td>{queue.delivered}</td>
      <td>{queue.lastDeliveredAt === undefined ? '—' : formatTime(queue.lastDeliveredAt)}</td>
      <td>
        {queue.failed > 0 && (
          <button type="button" className="button" data-testid="sensor-queue-retry" onClick={() => void client.invoke('sensors.retry', { serverId: queue.serverId })}>
            Send again
          </button>
        )}
      </td>
    </tr>
  );
}
