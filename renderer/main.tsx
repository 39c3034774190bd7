import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import type { TesseraBridge } from './ipc/bridge';
import { TesseraClient } from './ipc/client';
import { ClientContext } from './ipc/context';
import { createWebBridge } from './ipc/web-bridge';
import { useConnection } from './stores/connection';
import './styles.css';

/**
 * Entry point. In Electron the preload has already put `window.tessera` in place; in a
 * browser the web bridge provides the same surface (and installs it on window, so
 * automation sees one API in both transports).
 */
function webBridge(): TesseraBridge {
  const bridge = createWebBridge(() => {
    useConnection.setState({ lost: true });
    reloadWhenCoreIsBack();
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

const bridge = window.tessera ?? webBridge();
const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');
createRoot(container).render(
  <StrictMode>
    <ClientContext.Provider value={new TesseraClient(bridge)}>
      <App />
    </ClientContext.Provider>
  </StrictMode>,
);
