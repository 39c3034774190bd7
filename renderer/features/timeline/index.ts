/** The timeline under the wall: the component, and what a parent or a test needs to feed and drive it. */
export { Timeline } from './Timeline';
export type { GesturePhase, TimelineProps, TimelineRow } from './timeline-props';
export { toMarkerSet, type MarkerSet } from './marker-set';
export { timeToX, xToTime, MIN_SPAN_MS, MAX_SPAN_MS } from './time-scale';
export { typeColor } from './palette';
