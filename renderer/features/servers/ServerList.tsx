import { useState } from 'react';
import type { ServerInfo } from '../../../shared/model/server';
import type { ServerSettings } from '../../../shared/model/server-config';
import { useClient } from '../../ipc/context';
import { useServers, vendorLabel } from '../../stores/servers';

const STATE_WORDS: Readonly<Record<ServerInfo['state'], string>> = { connecting: 'Connecting…', online: 'Online', degraded: 'Degraded', offline: 'Offline', 'sign-in': 'Sign-in needed' };

export interface ServerListProps {
  readonly settings: readonly ServerSettings[];
  /** Live state of each server, by the same ids. */
  readonly infos: readonly ServerInfo[];
  readonly loading: boolean;
  readonly onAdd: () => void;
  readonly onEdit: (serverId: string) => void;
  /** Opens the cameras of a server whose VMS lets Tessera add and remove them. */
  readonly onCameras: (serverId: string) => void;
  readonly onClose: () => void;
}

/** Every server with its state and the reason it is not online; remove asks first. */
export function ServerList({ settings, infos, loading, onAdd, onEdit, onCameras, onClose }: ServerListProps) {
  return (
    <>
      <header className="dialog__head">Servers</header>
      {loading && <p className="editor__hint">Loading…</p>}
      {!loading && settings.length === 0 && <p className="editor__hint">No server yet. Add the VMS servers this wall shows.</p>}
      <ul className="servers__list">
        {settings.map((server) => (
          <ServerRow key={server.id} server={server} info={infos.find((info) => info.id === server.id)} onEdit={() => onEdit(server.id)} onCameras={() => onCameras(server.id)} />
        ))}
      </ul>
      <footer className="dialog__foot">
        <button type="button" className="button" data-testid="server-add" onClick={onAdd}>
          Add server…
        </button>
        <span className="picker__spacer" />
        <button type="button" className="button" data-testid="servers-close" onClick={onClose}>
          Close
        </button>
      </footer>
    </>
  );
}

function ServerRow({ server, info, onEdit, onCameras }: { readonly server: ServerSettings; readonly info: ServerInfo | undefined; readonly onEdit: () => void; readonly onCameras: () => void }) {
  const client = useClient();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  /** A sign-in through the browser under way: the VMS's page, for a link when the window could not open it. */
  const [signingIn, setSigningIn] = useState<string | undefined>(undefined);
  const state = info?.state ?? 'connecting';
  const kind = useServers((current) => vendorLabel(current, server.type));

  const remove = async (): Promise<void> => {
    setBusy(true);
    const result = await client.invoke('servers.remove', { id: server.id });
    setBusy(false);
    if (!result.ok) setProblem(result.error.message);
    // On success the row goes with the next list.
  };

  const signIn = async (): Promise<void> => {
    setProblem(undefined);
    const result = await client.invoke('servers.signIn', { id: server.id });
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    // The browser transport: the VMS's page opens in a tab of this browser (Electron opened the system browser already).
    if (!result.value.opened) window.open(result.value.authorizeUrl, '_blank', 'noopener,noreferrer');
    setSigningIn(result.value.authorizeUrl);
  };

  return (
    <li className="servers__row" data-testid="server-row" data-server-id={server.id} data-managed={server.managed} data-state={state}>
      <span className={`server__dot server__dot--${state}`} aria-hidden="true" />
      <div className="servers__main">
        <div className="servers__title">
          <strong>{server.name}</strong>
          <span className="servers__meta">
            {server.id} · {kind} · {server.summary}
          </span>
          {server.managed && (
            <span className="servers__badge" title="Set up by the deployment file (--config)">
              managed
            </span>
          )}
        </div>
        <div className="servers__state" data-testid="server-state">
          {STATE_WORDS[state]}
          {info && info.state !== 'connecting' && ` · ${info.cameraCount} camera${info.cameraCount === 1 ? '' : 's'}`}
          {info?.reason && <span className="servers__reason"> — {info.reason}</span>}
        </div>
        {problem && <p className="picker__problem" role="alert">{problem}</p>}
        {signingIn && state !== 'online' && (
          <p className="editor__hint" data-testid="server-sign-in-waiting">
            Finish signing in on the VMS’s page in the browser; this row turns Online.{' '}
            {/* With noopener, window.open cannot tell whether a blocker stopped it: the link is always there. */}
            <a href={signingIn} target="_blank" rel="noopener noreferrer" data-testid="server-sign-in-link">
              Open the sign-in page
            </a>
          </p>
        )}
        {confirming && (
          <div className="servers__confirm" role="alert">
            Remove “{server.name}”? Its cameras leave the wall.
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
            <button type="button" className="button button--primary" data-testid="server-remove-confirm" disabled={busy} onClick={() => void remove()}>
              {busy ? 'Removing…' : 'Remove'}
            </button>
          </div>
        )}
      </div>
      <div className="servers__actions">
        {info?.browserSignIn && (
          <button type="button" className="button" data-testid="server-sign-in" title="Sign in on the VMS’s own page, in the browser" onClick={() => void signIn()}>
            Sign in…
          </button>
        )}
        {info?.manageCameras && (
          <button type="button" className="button" data-testid="server-cameras" title="Add or remove this account's cameras" onClick={onCameras}>
            Cameras…
          </button>
        )}
        <button type="button" className="button" data-testid="server-edit" onClick={onEdit}>
          {server.managed ? 'View' : 'Edit'}
        </button>
        {!server.managed && (
          <button type="button" className="button" data-testid="server-remove" disabled={confirming} onClick={() => setConfirming(true)}>
            Remove
          </button>
        )}
      </div>
    </li>
  );
}
