import type { EventName, InvokeChannel } from '../../shared/ipc/channels';

/**
 * What the renderer talks to, in either transport: in Electron the preload exposes it
 * as `window.tessera`; in a browser the web bridge installs the same shape. Raw and
 * untyped on purpose: `TesseraClient` adds types and validation on top.
 */
export interface TesseraBridge {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>;
  on(name: EventName, listener: (payload: unknown) => void): () => void;
}
