import { type MarkerBins, stackHeightShare } from './marker-bins';
import type { Band } from './timeline-layout';

/**
 * Paints the marker band pixel by pixel into one ImageData and puts it on the canvas in a
 * single call. With every column of a day busy, thousands of rectangles would be
 * rasterised by the canvas on the main thread (most of a frame's time without a GPU);
 * writing the few hundred thousand pixels of the band ourselves costs a fraction of that.
 *
 * Columns are CSS pixels (bin with `columnsFor`), each as many device pixels wide as the
 * screen's density: finer columns on a 2x screen read as noise, not detail. Each column is a stack of its types' counts, bottom up in type order, as tall as
 * `stackHeightShare` says; a column with empty neighbours is three CSS pixels wide, so a
 * lone event is a visible tick rather than a hairline.
 */
export class MarkerRaster {
  private image: ImageData | undefined;
  private pixels = new Uint32Array(0);
  private colors = new Uint32Array(0);
  private background = 0;
  private grid = 0;
  private future = 0;
  private readonly probe: CanvasRenderingContext2D | null;

  constructor() {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    this.probe = canvas.getContext('2d', { willReadFrequently: true });
  }

  /** Colours as the canvas understands them (any CSS colour), packed once, not per frame. */
  setColors(types: readonly string[], background: string, grid: string, future: string): void {
    this.colors = Uint32Array.from(types, (colour) => this.pack(colour));
    this.background = this.pack(background);
    this.grid = this.pack(grid);
    this.future = this.pack(future);
  }

  /**
   * `bins` must have `columnsFor(width)` columns. `gridX` are the CSS x of the lines to show
   * through, `nowX` where the future (drawn darker, as on the rest of the track) begins.
   */
  paint(ctx: CanvasRenderingContext2D, bins: MarkerBins | undefined, band: Band, dpr: number, gridX: readonly number[], nowX: number): void {
    const width = ctx.canvas.width;
    const top = Math.round(band.top * dpr);
    const height = Math.max(1, Math.round((band.top + band.height) * dpr) - top);
    if (this.image?.width !== width || this.image.height !== height) {
      this.image = new ImageData(width, height);
      this.pixels = new Uint32Array(this.image.data.buffer);
    }
    const pixels = this.pixels;
    const futureFrom = Math.min(width, Math.max(0, Math.round(nowX * dpr)));
    for (let y = 0; y < height; y++) {
      pixels.fill(this.background, y * width, y * width + futureFrom);
      pixels.fill(this.future, y * width + futureFrom, (y + 1) * width);
    }
    const lineWidth = Math.max(1, Math.round(dpr));
    for (const x of gridX) {
      const left = Math.round(Math.round(x) * dpr);
      const right = Math.min(width, left + lineWidth);
      for (let y = 0; y < height; y++) for (let column = Math.max(0, left); column < right; column++) pixels[y * width + column] = this.grid;
    }
    if (bins) this.stacks(bins, width, height, dpr);
    ctx.putImageData(this.image, 0, top);
  }

  private stacks(bins: MarkerBins, width: number, height: number, dpr: number): void {
    const { counts, totals, occupied, occupiedCount, typeCount } = bins;
    const pixels = this.pixels;
    const colors = this.colors;
    const margin = Math.round(2 * dpr);
    const bottom = height - margin;
    const full = height - 2 * margin;
    const scale = width / bins.columns;
    for (let k = 0; k < occupiedCount; k++) {
      const column = occupied[k] as number;
      const lonely = (k === 0 || occupied[k - 1] !== column - 1) && (k === occupiedCount - 1 || occupied[k + 1] !== column + 1);
      const left = Math.max(0, Math.round((lonely ? column - 1 : column) * scale));
      const right = Math.min(width, Math.round((lonely ? column + 2 : column + 1) * scale));
      const total = totals[column] as number;
      const stack = Math.max(1, Math.round(full * stackHeightShare(total)));
      const base = column * typeCount;
      let below = 0;
      let drawn = 0;
      for (let type = 0; type < typeCount; type++) {
        const count = counts[base + type] as number;
        if (count === 0) continue;
        below += count;
        // Cumulative rounding: the segments tile the stack with no gap and no overlap.
        const upTo = Math.round((stack * below) / total);
        const colour = colors[type] ?? this.grid;
        for (let y = bottom - upTo; y < bottom - drawn; y++) {
          const row = y * width;
          for (let x = left; x < right; x++) pixels[row + x] = colour;
        }
        drawn = upTo;
      }
    }
  }

  private pack(colour: string): number {
    const probe = this.probe;
    if (!probe) return 0xff808080;
    probe.clearRect(0, 0, 1, 1);
    probe.fillStyle = colour;
    probe.fillRect(0, 0, 1, 1);
    // Read back through the same byte order the ImageData view uses, whatever the platform's.
    return new Uint32Array(probe.getImageData(0, 0, 1, 1).data.buffer)[0] ?? 0;
  }
}

/** Marker columns for a width in CSS pixels: one per CSS pixel. */
export function columnsFor(width: number): number {
  return Math.max(0, Math.round(width));
}
