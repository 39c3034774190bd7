import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { TesseraBridge } from './ipc/bridge';
import { TesseraClient } from './ipc/client';
import { ClientContext } from './ipc/context';
import { takeLaunchKey } from './ipc/launch-key';
import { createWebBridge } from './ipc/web-bridge';
import { preloadTransmuxer } from './players/hls-player';
import { pushedPlaylists, reportTaking } from './players/pushed-playlists';
import { useConnection } from './stores/connection';
import './styles.css';

/**
 * Entry point. In Electron the preload has already put `window.tessera` in place; in a
 * browser the web bridge provides the same surface (and installs it on window, so
 * automation sees one API in both transports) once the page has its launch key.
 */
function webBridge(key: string): TesseraBridge {
  const bridge = createWebBridge(key, {
    onLost: () => {
      useConnection.setState({ lost: true });
      reloadWhenCoreIsBack();
    },
    onRefused: () => showKeyProblem('Tessera did not answer this window: it is not running, or it was started again since this window was opened. Open the address Tessera printed when it started ("Tessera wall: …").'),
  });
  window.tessera = bridge;
  return bridge;
}

/**
 * The core released this window's sessions when the socket dropped, so the way back
 * is a clean start: poll the app origin and reload once it answers again.
 */
function reloadWhenCoreIsBack(delay = 1000): void {
  window.setTimeout(() => {
    const again = (): void => reloadWhenCoreIsBack(Math.min(delay * 2, 15_000));
    fetch(location.pathname, { method: 'HEAD', cache: 'no-store' })
      .then((response) => (response.ok ? location.reload() : again()))
      .catch(again);
  }, delay);
}

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');
const root = createRoot(container);

/** Instead of the wall: this window cannot reach the core, and what the operator can do. */
function showKeyProblem(message: string): void {
  root.render(
    <p className="key-problem" role="alert" data-testid="key-problem">
      {message}
    </p>,
  );
}

const key = window.tessera ? undefined : takeLaunchKey();
if (!window.tessera && key === undefined) {
  showKeyProblem('This window was opened without the wall\'s key. Open the address Tessera printed when it started ("Tessera wall: http://127.0.0.1:…/?k=…"), or a monitor link from a window that has it.');
} else {
  const bridge = window.tessera ?? webBridge(key ?? '');
  preloadTransmuxer();
  const client = new TesseraClient(bridge);
  // For the whole life of the window: live players take their playlists, and the segments
  // each adds, from these events; the core hears which streams still take them.
  client.on('stream.playlist', (event) => pushedPlaylists.put(event));
  reportTaking(pushedPlaylists, (streamIds) => void client.invoke('stream.taking', { streamIds }));
  root.render(
    <StrictMode>
      <ClientContext.Provider value={client}>
        <App />
      </ClientContext.Provider>
    </StrictMode>,
  );
}
