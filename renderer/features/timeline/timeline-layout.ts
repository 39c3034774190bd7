/**
 * The timeline's vertical layout, in CSS pixels, top to bottom: the ruler (day or month on
 * top, tick labels under it), one thin recording lane per selected camera (or a single
 * merged lane when there are more than `MAX_LANES`), then the band of event markers.
 * Pure, so the component sizes its box from it and the drawing agrees.
 */
export interface Band {
  readonly top: number;
  readonly height: number;
}

export interface Lane extends Band {
  /** The rows drawn in this lane: one, or all of them when merged. */
  readonly rows: readonly number[];
}

export interface TimelineLayout {
  readonly height: number;
  readonly ruler: Band;
  readonly lanes: readonly Lane[];
  readonly merged: boolean;
  readonly markers: Band;
}

/** More cameras than this share one lane: eight 12-pixel lanes would crowd out the wall. */
export const MAX_LANES = 4;

const RULER = 32;
const LANE = 12;
const MERGED_LANE = 16;
const LANE_GAP = 3;
const PADDING = 5;
const MARKER_BAND = 32;

export function timelineLayout(rowCount: number): TimelineLayout {
  const ruler = { top: 0, height: RULER };
  const lanes: Lane[] = [];
  const merged = rowCount > MAX_LANES;
  let y = RULER + PADDING;
  if (merged) {
    lanes.push({ top: y, height: MERGED_LANE, rows: Array.from({ length: rowCount }, (_, index) => index) });
    y += MERGED_LANE + LANE_GAP;
  } else {
    for (let row = 0; row < rowCount; row++) {
      lanes.push({ top: y, height: LANE, rows: [row] });
      y += LANE + LANE_GAP;
    }
  }
  if (lanes.length > 0) y += PADDING - LANE_GAP;
  const markers = { top: y, height: MARKER_BAND };
  return { height: y + MARKER_BAND + PADDING, ruler, lanes, merged, markers };
}
