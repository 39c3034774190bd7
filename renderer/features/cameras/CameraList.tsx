import type { Camera } from '../../../shared/model/camera';
import type { ServerInfo } from '../../../shared/model/server';
import { useServers } from '../../stores/servers';
import { useWall } from '../../stores/wall';

const EVENT_STATE_WORDS: Readonly<Record<ServerInfo['events']['state'], string>> = {
  connecting: 'connecting…',
  open: 'live',
  reconnecting: 'reconnecting…',
  closed: 'off',
  unsupported: 'not available',
};

/** Cameras of every server, with live status; choosing one shows it in the selected tile. */
export function CameraList() {
  const { servers, cameras, loaded, problem } = useServers();
  const { selected, tiles, assign } = useWall();

  const show = (camera: Camera): void => {
    const firstEmpty = tiles.findIndex((tile) => tile === null);
    assign(tiles[selected] === null || firstEmpty < 0 ? selected : firstEmpty, camera);
  };

  if (!loaded) return <aside className="sidebar"><p className="sidebar__note">Loading servers…</p></aside>;
  return (
    <aside className="sidebar" aria-label="Cameras">
      {problem && <p className="sidebar__problem">{problem}</p>}
      {servers.length === 0 && <p className="sidebar__note">No VMS server is configured. Start Tessera with --config, or without --no-demo for the demo VMS.</p>}
      {servers.map((server) => (
        <section key={server.id} className="server" data-testid="server" data-server-id={server.id} data-server-state={server.state} data-endpoint={server.endpoint ?? 'primary'}>
          <header className="server__header">
            <span className={`server__dot server__dot--${server.state}`} aria-hidden="true" />
            <span className="server__name">{server.name}</span>
            <span className="server__count">{server.cameraCount}</span>
          </header>
          {server.reason && <p className="server__reason">{server.reason}</p>}
          {server.endpoint === 'standby' && <p className="server__note">Running on the standby server</p>}
          <p className={`server__events server__events--${server.events.state}`} data-testid="server-events" data-events-state={server.events.state}>
            Events: {EVENT_STATE_WORDS[server.events.state]}
            {server.events.reason && ` — ${server.events.reason}`}
          </p>
          <ul className="cameras">
            {(cameras[server.id] ?? []).map((camera) => (
              <li key={camera.cameraId}>
                <button type="button" className="camera" data-testid="camera" data-camera-id={camera.cameraId} data-status={camera.status} onClick={() => show(camera)} title={camera.model ? `${camera.name} · ${camera.model}` : camera.name}>
                  <span className={`camera__dot camera__dot--${camera.status}`} aria-hidden="true" />
                  <span className="camera__name">{camera.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
