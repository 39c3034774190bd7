import { create } from 'zustand';
import type { Markers, TimeRange } from '../../shared/model/timeline';
import type { CameraRef } from '../../shared/model/camera';

const HOUR = 3_600_000;

export interface TimelineState {
  /** The span the timeline shows; it follows "now" while `following`. */
  readonly view: TimeRange;
  /** True while the view's right edge tracks the present (live, untouched). */
  readonly following: boolean;
  /** The markers loaded for the view (a little wider), and the cameras they index. */
  readonly markers: Markers | undefined;
  readonly markerCameras: readonly CameraRef[];
  readonly setView: (view: TimeRange, following?: boolean) => void;
  /** The timeline panel is shown (the operator may fold it away to give the wall the room). */
  readonly shown: boolean;
  readonly toggleShown: () => void;
}

const SHOWN_KEY = 'tessera.timeline.shown';

export const useTimeline = create<TimelineState>()((set) => ({
  view: { from: Date.now() - HOUR, to: Date.now() + HOUR / 12 },
  following: true,
  markers: undefined,
  markerCameras: [],
  setView: (view, following = false) => set({ view, following }),
  shown: readShown(),
  toggleShown: () =>
    set((state) => {
      try {
        localStorage.setItem(SHOWN_KEY, state.shown ? 'no' : 'yes');
      } catch {
        // Storage refused (private mode): the choice lasts this window's life.
      }
      return { shown: !state.shown };
    }),
}));

/** Folded or not, as this window's operator last left it. */
function readShown(): boolean {
  try {
    return localStorage.getItem(SHOWN_KEY) !== 'no';
  } catch {
    return true;
  }
}

/** The nearest event before or after a moment, among the loaded markers. */
export function neighbourEvent(markers: Markers | undefined, at: number, direction: -1 | 1): { time: number; index: number } | undefined {
  if (!markers) return undefined;
  const times = markers.time;
  // Half a second of slack: "previous" from a moment just jumped to must not find the same event.
  if (direction < 0) {
    for (let index = times.length - 1; index >= 0; index--) if ((times[index] ?? 0) < at - 500) return { time: times[index] ?? 0, index };
  } else {
    for (let index = 0; index < times.length; index++) if ((times[index] ?? 0) > at + 500) return { time: times[index] ?? 0, index };
  }
  return undefined;
}

/**
 * The events `◂ Event` and `Event ▸` go to, each played from `leadMs` before it. Live
 * (no clock), ◂ is the latest event. Playing back, the event on screen is the latest
 * whose lead-in has begun; ◂ is the one before it and ▸ the first whose lead-in is still
 * ahead. (Looked up from the clock alone, ▸ from an event's lead-in found that same event
 * again and went nowhere, and ◂ a few seconds into it did the same.)
 */
export function eventSteps(markers: Markers | undefined, clock: number | undefined, now: number, leadMs: number): { previous?: { time: number }; next?: { time: number } } {
  if (clock === undefined) return { previous: neighbourEvent(markers, now, -1) };
  const onScreen = neighbourEvent(markers, clock + leadMs + 1000, -1);
  const previous = onScreen ? neighbourEvent(markers, onScreen.time, -1) : neighbourEvent(markers, clock, -1);
  return { previous, next: neighbourEvent(markers, clock + leadMs, 1) };
}
