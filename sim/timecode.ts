/**
 * (Kept at the top of sim/: it is the contract between the simulated cameras and the
 * tests that read their pictures.)
 *
 * A machine-readable clock burnt into every simulated camera's picture, next to the
 * human-readable one: a strip of black and white cells along the bottom left, two marker
 * cells (white, black) then the frame's wall-clock time in whole epoch seconds, 32 bits,
 * most significant first. Tests read it off a decoded frame to check that a tile shows
 * the moment it should (archive seeks, synchronised playback, frozen pictures).
 */
export const TIMECODE_BITS = 32;
const MARKER_CELLS = 2;

export interface TimecodeLayout {
  /** Side of one square cell, in pixels of the encoded picture. */
  readonly cell: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export function timecodeLayout(frameHeight: number): TimecodeLayout {
  const cell = Math.max(4, Math.round(frameHeight / 40));
  return { cell, x: cell, y: frameHeight - 2 * cell, width: (MARKER_CELLS + TIMECODE_BITS) * cell, height: cell };
}

/**
 * The ffmpeg `geq` expression drawing the strip for a source whose time 0 is `epochSeconds`.
 * Applied to a small gray source the size of the strip, then overlaid: evaluating it per
 * pixel of the full frame would cost far more.
 */
export function timecodeExpression(layout: TimecodeLayout, epochSeconds: number): string {
  const c = layout.cell;
  const k = `floor(X/${c})`;
  const bit = `255*mod(floor((${epochSeconds.toFixed(3)}+T)/pow(2,${MARKER_CELLS + TIMECODE_BITS - 1}-${k})),2)`;
  return `if(eq(${k},0),255,if(eq(${k},1),0,${bit}))`;
}

/**
 * Reads the strip from a decoded frame; `luma(x, y)` returns 0..255. Undefined when the
 * markers are not where they should be (no strip, or a picture too damaged to trust).
 */
export function decodeTimecode(luma: (x: number, y: number) => number, frameHeight: number): number | undefined {
  const layout = timecodeLayout(frameHeight);
  const cellValue = (index: number): number => {
    const cx = layout.x + index * layout.cell + layout.cell / 2;
    const cy = layout.y + layout.cell / 2;
    return luma(Math.floor(cx), Math.floor(cy)) > 128 ? 1 : 0;
  };
  if (cellValue(0) !== 1 || cellValue(1) !== 0) return undefined;
  let value = 0;
  for (let bit = 0; bit < TIMECODE_BITS; bit++) value = value * 2 + cellValue(MARKER_CELLS + bit);
  return value;
}
