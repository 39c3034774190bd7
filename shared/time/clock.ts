/**
 * Time as a dependency: keepalive, retry, socket and carousel services take a Clock so that
 * unit tests drive time instead of sleeping (the hls.js task-loop lesson). One interface
 * for the core and the renderer; each side supplies its system implementation.
 */
export interface Clock {
  now(): number;
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}
