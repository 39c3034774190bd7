import type { EventName, InvokeChannel } from '../../shared/ipc/channels';

/**
 * What the renderer talks to, in either transport: in Electron the preload exposes it
 * as `window.tessera`; in a browser the web bridge installs the same shape. Raw and
 * untyped on purpose: `TesseraClient` adds types and validation on top.
 */
export interface TesseraBridge {
  invoke(channel: InvokeChannel, payload: unknown): Promise<unknown>;
  on(name: EventName, listener: (payload: unknown) => void): () => void;
  /**
   * Web transport only (Electron's app protocol needs none of these): one of the core's
   * resources as an `<img>` or a link must request it, with a short-lived capability.
   */
  resourceUrl?(url: string): string;
  /** Web transport only: the headers of requests the page makes itself (hls.js). */
  requestHeaders?(): Readonly<Record<string, string>>;
  /** Web transport only: an address of this app that opens another window of this launch. */
  windowUrl?(href: string): string;
}
