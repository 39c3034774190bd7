import type { TimeRange } from '../../../shared/model/timeline';
import type { MarkerSet } from './marker-set';

/** One lane of recordings: a selected camera. */
export interface TimelineRow {
  readonly key: string;
  /** The camera's name, written on its lane. */
  readonly label: string;
  /** What is recorded; gaps are what is not covered. Undefined while not known yet. */
  readonly recordings: readonly TimeRange[] | undefined;
  /** The camera's VMS does not say what it recorded (an IVMS channel without its oldest clip time): the lane says so. */
  readonly unlisted?: boolean;
  /** Why the VMS's list of recordings could not be read (a recorder that does not answer): the lane says so. */
  readonly unreadable?: string;
}

/**
 * `move` while a gesture goes on (at most once per animation frame), `end` once when it is
 * over (release, the wheel at rest, a key). A parent may store only `end`s: the timeline
 * draws from its own state while the gesture lasts.
 */
export type GesturePhase = 'move' | 'end';

export interface TimelineProps {
  /** The visible span (epoch ms). Controlled: the parent keeps it, the timeline asks through `onViewChange`. */
  readonly view: TimeRange;
  /**
   * Wheel zooms around the pointer (one minute to seven days), shift+wheel or a horizontal
   * wheel and dragging the track pan, +/- and the arrows do the same when focused.
   */
  readonly onViewChange: (view: TimeRange, phase: GesturePhase) => void;
  /** Where the group's playback is (epoch ms); undefined when everything is live. */
  readonly playhead: number | undefined;
  /**
   * Scrub: dragging the playhead or along the ruler (`move` … `end`), or a click on the
   * track (`move` then `end`). The playhead and its time follow the pointer in the same
   * frame whatever the parent does; after release it stays there until `playhead` changes.
   * Never later than `now`.
   */
  readonly onScrub: (time: number, phase: GesturePhase) => void;
  /** One lane per selected camera; more than four share one merged lane. */
  readonly rows: readonly TimelineRow[];
  /** Built once per reply with `toMarkerSet`. Marker indices below are indices into it. */
  readonly markers: MarkerSet | undefined;
  /** Hover: words for the nearest marker. Default: its type label and time. */
  readonly describeMarker?: (index: number) => { readonly title: string; readonly detail: string };
  /** A click on a marker (the parent plays from a few seconds before it). */
  readonly onMarkerClick: (index: number) => void;
  /** The right edge of what can exist: later is drawn as the future, never recorded. */
  readonly now: number;
}
