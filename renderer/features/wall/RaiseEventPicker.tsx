import { useEffect, useState } from 'react';
import type { Camera } from '../../../shared/model/camera';
import { useClient } from '../../ipc/context';
import { notify } from '../../stores/notices';

export interface RaiseEventPickerProps {
  readonly camera: Camera;
  readonly onClose: () => void;
}

/**
 * The VMS's own user-defined events (Milestone), for an operator to raise one on this
 * camera by hand: a door to open, an alarm to start. The VMS decides what follows; the
 * event comes back into the alert list through the VMS's event stream like any other.
 */
export function RaiseEventPicker({ camera, onClose }: RaiseEventPickerProps) {
  const client = useClient();
  const [events, setEvents] = useState<ReadonlyArray<{ id: string; name: string }> | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    void client.invoke('events.raisable', { serverId: camera.serverId }).then((result) => {
      if (!current) return;
      if (result.ok) setEvents(result.value);
      else setProblem(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [client, camera.serverId]);

  const raise = async (event: { id: string; name: string }): Promise<void> => {
    setBusy(true);
    const result = await client.invoke('events.raise', { serverId: camera.serverId, cameraId: camera.cameraId, type: event.id });
    setBusy(false);
    if (!result.ok) {
      setProblem(`“${event.name}” was not raised: ${result.error.message}`);
      return;
    }
    notify(`“${event.name}” raised on ${camera.name}`);
    onClose();
  };

  return (
    <div
      className="picker"
      data-testid="raise-event-picker"
      role="dialog"
      aria-label={`Raise an event on ${camera.name}`}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <span className="picker__label">Raise on {camera.name}</span>
      {events === undefined && problem === undefined && <span className="editor__hint">Asking the VMS…</span>}
      {events?.length === 0 && <span className="editor__hint">This VMS has no user-defined events.</span>}
      {problem && (
        <span className="picker__problem" role="alert">
          {problem}
        </span>
      )}
      <div className="picker__row">
        {events?.map((event) => (
          <button key={event.id} type="button" className="button" data-testid="raise-event" data-event-id={event.id} disabled={busy} onClick={() => void raise(event)}>
            {event.name}
          </button>
        ))}
        <span className="picker__spacer" />
        <button type="button" className="button" autoFocus onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
