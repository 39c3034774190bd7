import { useEffect } from 'react';
import { CameraTree } from './features/cameras/CameraTree';
import { EventPanel } from './features/events/EventPanel';
import { Wall } from './features/wall/Wall';
import { WallToolbar } from './features/wall/WallToolbar';
import { useClient } from './ipc/context';
import { useConnection } from './stores/connection';
import { syncEvents } from './stores/events';
import { allCameras, syncServers, useServers } from './stores/servers';
import { useWall } from './stores/wall';

export function App() {
  const client = useClient();
  const connectionLost = useConnection((state) => state.lost);
  const loaded = useServers((state) => state.loaded);
  const servers = useServers((state) => state.servers);
  const cameraCount = useServers((state) => allCameras(state).length);

  useEffect(() => syncServers(client), [client]);
  useEffect(() => syncEvents(client), [client]);

  // At first start the wall fills itself with the first cameras, in list order.
  useEffect(() => {
    if (cameraCount === 0 || useWall.getState().autoFilled) return;
    useWall.getState().fill(allCameras(useServers.getState()));
  }, [cameraCount]);

  useEffect(() => {
    document.body.dataset['appState'] = loaded ? 'ready' : 'loading';
  }, [loaded]);

  const offline = servers.filter((server) => server.state === 'offline').length;
  return (
    <div className="app">
      <header className="topbar">
        <span className="topbar__brand">Tessera</span>
        <span className="topbar__summary">
          {servers.length} server{servers.length === 1 ? '' : 's'} · {cameraCount} camera{cameraCount === 1 ? '' : 's'}
          {offline > 0 && <span className="topbar__alarm"> · {offline} offline</span>}
        </span>
        {connectionLost && (
          <span className="topbar__alarm" role="alert">
            Connection to the Tessera core lost, reconnecting…
          </span>
        )}
      </header>
      <div className="workspace">
        <CameraTree />
        <main className="stage">
          <WallToolbar />
          <div className="stage__scroll">
            <Wall />
          </div>
        </main>
        <EventPanel />
      </div>
    </div>
  );
}
