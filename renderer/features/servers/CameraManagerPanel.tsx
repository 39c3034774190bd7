import { useState } from 'react';
import type { Camera } from '../../../shared/model/camera';
import type { ServerInfo } from '../../../shared/model/server';
import { useClient } from '../../ipc/context';
import { useServers } from '../../stores/servers';

export interface CameraManagerPanelProps {
  readonly server: ServerInfo;
  readonly onBack: () => void;
}

const NO_CAMERAS: readonly Camera[] = [];

/**
 * The cameras of a VMS that takes camera addresses (a VXG account with its cloud key): add
 * one by its name and address, remove one. The VMS pulls the camera's video; its password
 * goes to the VMS through the core and is kept nowhere by Tessera. The tree and the wall
 * get the change with the server's camera list, which the core reads again at once.
 */
export function CameraManagerPanel({ server, onBack }: CameraManagerPanelProps) {
  const cameras = useServers((state) => state.cameras[server.id] ?? NO_CAMERAS);
  return (
    <div className="servers__form" data-testid="camera-manager" data-server-id={server.id}>
      <header className="dialog__head">Cameras of {server.name}</header>
      <p className="editor__hint">These cameras are on the VMS itself: adding one here adds it to the account, removing one deletes it there with its recordings.</p>
      <ul className="servers__list">
        {cameras.map((camera) => (
          <CameraRow key={camera.cameraId} server={server} camera={camera} />
        ))}
        {cameras.length === 0 && <li className="editor__hint">No camera yet.</li>}
      </ul>
      <AddCameraForm server={server} />
      <footer className="dialog__foot">
        <span className="picker__spacer" />
        <button type="button" className="button" data-testid="camera-manager-back" onClick={onBack}>
          Back
        </button>
      </footer>
    </div>
  );
}

function CameraRow({ server, camera }: { readonly server: ServerInfo; readonly camera: Camera }) {
  const client = useClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const remove = async (): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    const result = await client.invoke('cameras.remove', { serverId: server.id, cameraId: camera.cameraId });
    setBusy(false);
    if (!result.ok) setProblem(result.error.message);
    // On success the row goes with the server's next camera list.
  };
  return (
    <li className="servers__row" data-testid="managed-camera" data-camera-id={camera.cameraId}>
      <span className={`server__dot server__dot--${camera.status === 'online' ? 'online' : camera.status === 'offline' ? 'offline' : 'connecting'}`} aria-hidden="true" />
      <div className="servers__main">
        <strong>{camera.name}</strong>
        {problem && <p className="picker__problem" role="alert">{problem}</p>}
        {confirming && (
          <div className="servers__confirm" role="alert">
            Delete “{camera.name}” from {server.name}, with its recordings?
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
            <button type="button" className="button button--primary" data-testid="managed-camera-remove-confirm" disabled={busy} onClick={() => void remove()}>
              {busy ? 'Deleting…' : 'Delete'}
            </button>
          </div>
        )}
      </div>
      <div className="servers__actions">
        <button type="button" className="button" data-testid="managed-camera-remove" disabled={confirming} onClick={() => setConfirming(true)}>
          Remove…
        </button>
      </div>
    </li>
  );
}

function AddCameraForm({ server }: { readonly server: ServerInfo }) {
  const client = useClient();
  const [name, setName] = useState('');
  const [sourceUrl, setSourceUrl] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [record, setRecord] = useState(true);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ readonly ok: boolean; readonly text: string } | undefined>(undefined);
  const missing = !name.trim() ? 'Give the camera a name' : !sourceUrl.trim() ? 'Give the address the VMS pulls the camera from' : undefined;

  const add = async (): Promise<void> => {
    setBusy(true);
    setOutcome(undefined);
    const result = await client.invoke('cameras.add', { serverId: server.id, name: name.trim(), sourceUrl: sourceUrl.trim(), ...(login ? { login } : {}), ...(password ? { password } : {}), record });
    setBusy(false);
    if (result.ok) {
      setOutcome({ ok: true, text: `“${name.trim()}” was added to ${server.name}.` });
      setName('');
      setSourceUrl('');
      setLogin('');
      setPassword('');
    } else setOutcome({ ok: false, text: result.error.message });
  };

  return (
    <form
      className="servers__form"
      data-testid="camera-add-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!missing && !busy) void add();
      }}
    >
      <div className="servers__grid">
        <label className="picker__label">
          Name
          <input className="picker__input" data-testid="camera-add-name" value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="picker__label">
          Address
          <input className="picker__input" data-testid="camera-add-url" placeholder="rtsp://192.168.1.20:554/stream1" value={sourceUrl} onChange={(event) => setSourceUrl(event.target.value)} />
          <span className="picker__help">Where the VMS pulls the camera&apos;s video: RTSP, RTMP or HTTP.</span>
        </label>
        <label className="picker__label">
          Camera user
          <input className="picker__input" data-testid="camera-add-login" autoComplete="off" value={login} onChange={(event) => setLogin(event.target.value)} />
        </label>
        <label className="picker__label">
          Camera password
          <input className="picker__input" data-testid="camera-add-password" type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
          <span className="picker__help">Handed to the VMS; Tessera keeps no copy.</span>
        </label>
        <label className="picker__label">
          Record continuously
          <input type="checkbox" data-testid="camera-add-record" checked={record} onChange={(event) => setRecord(event.target.checked)} />
        </label>
      </div>
      <div className="servers__test">
        <button type="submit" className="button button--primary" data-testid="camera-add" disabled={busy || missing !== undefined} title={missing}>
          {busy ? 'Adding…' : 'Add camera'}
        </button>
        {outcome && (
          <span className={outcome.ok ? 'servers__test-result--ok' : 'servers__test-result--bad'} role={outcome.ok ? 'status' : 'alert'} data-testid="camera-add-result">
            {outcome.text}
          </span>
        )}
      </div>
    </form>
  );
}
