import { useEffect, useState } from 'react';

interface Ticker {
  readonly timer: number;
  readonly listeners: Set<(now: number) => void>;
}

const tickers = new Map<number, Ticker>();

/**
 * Calls `listener` every `periodMs`, on one timer shared by everyone who asked for that
 * period. A wall of 36 tiles each refreshing its overlay on a timer of its own makes 36
 * separate tasks, each with a React render and a frame of style, layout and paint of its
 * own; on one timer their state updates land in the same task, React renders them
 * together, and the page paints once per tick. Returns the unsubscribe.
 */
export function onTick(periodMs: number, listener: (now: number) => void): () => void {
  let ticker = tickers.get(periodMs);
  if (!ticker) {
    const listeners = new Set<(now: number) => void>();
    const timer = window.setInterval(() => {
      const now = Date.now();
      for (const each of [...listeners]) each(now);
    }, periodMs);
    ticker = { timer, listeners };
    tickers.set(periodMs, ticker);
  }
  ticker.listeners.add(listener);
  const owner = ticker;
  return () => {
    owner.listeners.delete(listener);
    if (owner.listeners.size === 0 && tickers.get(periodMs) === owner) {
      window.clearInterval(owner.timer);
      tickers.delete(periodMs);
    }
  };
}

/** The time (epoch ms), re-rendering on the shared tick of `periodMs`. */
export function useNow(periodMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => onTick(periodMs, setNow), [periodMs]);
  return now;
}
