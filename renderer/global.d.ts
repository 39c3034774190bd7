import type { TesseraBridge } from './ipc/bridge';

declare global {
  interface Window {
    /** Set by the Electron preload, or by the web bridge in a browser. */
    tessera?: TesseraBridge;
  }
}

export {};
