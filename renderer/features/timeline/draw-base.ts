import type { TimeRange } from '../../../shared/model/timeline';
import type { CoverageSpan } from './coverage';
import type { MarkerBins } from './marker-bins';
import type { MarkerRaster } from './marker-raster';
import type { TimelineTheme } from './theme';
import type { TickSet } from './ticks';
import type { TimelineLayout } from './timeline-layout';
import type { TimelineRow } from './timeline-props';
import { timeToX } from './time-scale';

/**
 * Everything that changes only with the view, the data or the size: track, recordings,
 * markers, ruler. Drawn on the lower canvas; the playhead and hover live on the upper one,
 * so scrubbing and hovering never redraw 100,000 markers.
 */
export interface BaseScene {
  readonly view: TimeRange;
  readonly width: number;
  readonly layout: TimelineLayout;
  readonly now: number;
  readonly rows: readonly TimelineRow[];
  /** For the merged lane: how many rows recorded when. */
  readonly coverage: readonly CoverageSpan[] | undefined;
  /** Binned at `columnsFor(width)` columns. */
  readonly bins: MarkerBins | undefined;
  readonly markerRaster: MarkerRaster;
  readonly dpr: number;
  readonly ticks: TickSet;
  /** Diagonal stripes that mark a gap in the recording. */
  readonly gapPattern: CanvasPattern | null;
}

const RULER_FONT_PX = 11;
const CONTEXT_FONT_PX = 11;
const LANE_FONT_PX = 10;
/** The ruler's upper row names the day; the lower one carries the ticks. */
const CONTEXT_ROW = 15;

export function drawBase(ctx: CanvasRenderingContext2D, scene: BaseScene, theme: TimelineTheme): void {
  const { width, layout } = scene;
  const nowX = Math.min(width, Math.max(0, timeToX(scene.view, width, scene.now)));
  ctx.fillStyle = theme.track;
  ctx.fillRect(0, 0, width, layout.height);
  if (nowX < width) {
    ctx.fillStyle = theme.future;
    ctx.fillRect(nowX, layout.ruler.height, width - nowX, layout.height - layout.ruler.height);
  }
  drawGrid(ctx, scene, theme);
  drawLanes(ctx, scene, theme, nowX);
  scene.markerRaster.paint(ctx, scene.bins, layout.markers, scene.dpr, scene.ticks.majors.map((tick) => timeToX(scene.view, width, tick.time)), nowX);
  drawRuler(ctx, scene, theme, nowX);
  if (nowX > 0 && nowX < width) {
    ctx.fillStyle = theme.now;
    ctx.fillRect(Math.round(nowX) - 1, 0, 2, layout.height);
  }
}

/** Faint lines down the track at the labelled ticks, to read a marker's time off the ruler. */
function drawGrid(ctx: CanvasRenderingContext2D, scene: BaseScene, theme: TimelineTheme): void {
  const { layout, width, view } = scene;
  ctx.beginPath();
  for (const tick of scene.ticks.majors) ctx.rect(Math.round(timeToX(view, width, tick.time)), layout.ruler.height, 1, layout.height - layout.ruler.height);
  ctx.fillStyle = theme.grid;
  ctx.fill();
}

function drawLanes(ctx: CanvasRenderingContext2D, scene: BaseScene, theme: TimelineTheme, nowX: number): void {
  const { layout, rows, view, width } = scene;
  // Set once for every label: parsing a font string for each lane of each frame showed in
  // the page's profile while a burst of events redrew the timeline every frame.
  ctx.font = `500 ${LANE_FONT_PX}px ${theme.font}`;
  for (const lane of layout.lanes) {
    const known = lane.rows.some((row) => rows[row]?.recordings !== undefined);
    // Only the past can be a gap; the future is simply not there yet.
    ctx.fillStyle = known ? (scene.gapPattern ?? theme.lane) : theme.unknown;
    ctx.fillRect(0, lane.top, nowX, lane.height);
    ctx.fillStyle = theme.recorded;
    if (layout.merged) {
      // Shade by how many cameras recorded: a gap in all is a gap, a gap in some is lighter.
      for (const span of scene.coverage ?? []) {
        if (span.to < view.from || span.from > view.to) continue;
        ctx.globalAlpha = 0.35 + (0.65 * span.count) / lane.rows.length;
        fillSpan(ctx, view, width, span, lane.top, lane.height);
      }
      ctx.globalAlpha = 1;
    } else {
      ctx.beginPath();
      for (const range of rows[lane.rows[0] ?? -1]?.recordings ?? []) {
        if (range.to < view.from || range.from > view.to) continue;
        spanRect(ctx, view, width, range, lane.top, lane.height);
      }
      ctx.fill();
    }
    if (!known) {
      const note = laneNote(lane.rows.map((row) => rows[row]), layout.merged);
      if (note) centredNote(ctx, note, lane.top, lane.height, nowX, theme);
    }
    const label = layout.merged ? `${lane.rows.length} cameras` : (rows[lane.rows[0] ?? -1]?.label ?? '');
    laneLabel(ctx, label, lane.top, lane.height, theme);
  }
}

/**
 * Why a lane has no recordings drawn, when every camera on it has the same reason: its VMS
 * does not list them, or the list could not be read (not a gap, not loading).
 */
export function laneNote(rows: ReadonlyArray<Pick<TimelineRow, 'unlisted' | 'unreadable'> | undefined>, merged: boolean): string | undefined {
  if (rows.length === 0) return undefined;
  if (rows.every((row) => row?.unlisted === true)) return 'recordings not listed by this VMS';
  if (!rows.every((row) => row?.unreadable !== undefined)) return undefined;
  return merged || !rows[0]?.unreadable ? 'recordings could not be read' : `recordings could not be read: ${rows[0].unreadable}`;
}

function centredNote(ctx: CanvasRenderingContext2D, note: string, top: number, height: number, nowX: number, theme: TimelineTheme): void {
  if (nowX < 200) return;
  ctx.fillStyle = theme.label;
  ctx.globalAlpha = 0.6;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(fittedText(ctx, note, Math.round(nowX - 24)).text, nowX / 2, top + height / 2 + 0.5);
  ctx.textAlign = 'start';
  ctx.globalAlpha = 1;
}

/** A recorded span, at least a pixel wide so a short clip in a long view still shows. */
function spanRect(ctx: CanvasRenderingContext2D, view: TimeRange, width: number, span: TimeRange, top: number, height: number): void {
  const left = Math.max(-1, Math.round(timeToX(view, width, span.from)));
  const right = Math.min(width + 1, Math.round(timeToX(view, width, span.to)));
  ctx.rect(left, top, Math.max(1, right - left), height);
}

function fillSpan(ctx: CanvasRenderingContext2D, view: TimeRange, width: number, span: TimeRange, top: number, height: number): void {
  ctx.beginPath();
  spanRect(ctx, view, width, span, top, height);
  ctx.fill();
}

/** Texts as fitted and measured, by font, width and text: lanes keep their names and notes from frame to frame. */
const fittedTexts = new Map<string, { readonly text: string; readonly width: number }>();

function fittedText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): { readonly text: string; readonly width: number } {
  const key = `${ctx.font}|${maxWidth}|${text}`;
  let fitted = fittedTexts.get(key);
  if (!fitted) {
    if (fittedTexts.size > 500) fittedTexts.clear();
    const shown = fitText(ctx, text, maxWidth);
    fitted = { text: shown, width: ctx.measureText(shown).width };
    fittedTexts.set(key, fitted);
  }
  return fitted;
}

/** Draws a lane's name in the lane font, which the caller has set. */
function laneLabel(ctx: CanvasRenderingContext2D, label: string, top: number, height: number, theme: TimelineTheme): void {
  if (!label) return;
  const { text, width: textWidth } = fittedText(ctx, label, 160);
  ctx.fillStyle = 'rgba(11, 14, 18, 0.78)';
  ctx.fillRect(0, top, textWidth + 10, height);
  ctx.fillStyle = theme.label;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 5, top + height / 2 + 0.5);
  ctx.textBaseline = 'alphabetic';
}

function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let end = text.length;
  while (end > 1 && ctx.measureText(`${text.slice(0, end)}…`).width > maxWidth) end--;
  return `${text.slice(0, end)}…`;
}

function drawRuler(ctx: CanvasRenderingContext2D, scene: BaseScene, theme: TimelineTheme, nowX: number): void {
  const { layout, width, view, ticks } = scene;
  const bottom = layout.ruler.height;
  ctx.fillStyle = theme.ruler;
  ctx.fillRect(0, 0, width, bottom);
  if (nowX < width) {
    ctx.fillStyle = theme.future;
    ctx.globalAlpha = 0.6;
    ctx.fillRect(nowX, 0, width - nowX, bottom);
    ctx.globalAlpha = 1;
  }
  ctx.fillStyle = theme.rulerEdge;
  ctx.fillRect(0, bottom - 1, width, 1);

  ctx.beginPath();
  for (const time of ticks.minors) ctx.rect(Math.round(timeToX(view, width, time)), bottom - 5, 1, 4);
  ctx.fillStyle = theme.tickMinor;
  ctx.fill();
  ctx.beginPath();
  for (const tick of ticks.majors) ctx.rect(Math.round(timeToX(view, width, tick.time)), CONTEXT_ROW + 1, 1, bottom - CONTEXT_ROW - 2);
  ctx.fillStyle = theme.tick;
  ctx.fill();

  ctx.font = `${RULER_FONT_PX}px ${theme.font}`;
  ctx.fillStyle = theme.label;
  for (const tick of ticks.majors) ctx.fillText(tick.label, Math.round(timeToX(view, width, tick.time)) + 4, bottom - 6);

  drawContexts(ctx, scene, theme);
}

/**
 * The day (or month) each stretch of ticks belongs to, on the ruler's upper row. The
 * label of a day that began before the view sticks to the left edge until the next day
 * pushes it out, as sticky headers do, so the date is always on screen.
 */
function drawContexts(ctx: CanvasRenderingContext2D, scene: BaseScene, theme: TimelineTheme): void {
  const { view, width, ticks } = scene;
  ctx.font = `600 ${CONTEXT_FONT_PX}px ${theme.font}`;
  ctx.fillStyle = theme.rulerEdge;
  ctx.beginPath();
  for (const context of ticks.contexts) {
    const x = timeToX(view, width, context.time);
    if (x >= 0) ctx.rect(Math.round(x), 0, 1, CONTEXT_ROW);
  }
  ctx.fill();
  ctx.fillStyle = theme.context;
  ticks.contexts.forEach((context, index) => {
    const x = timeToX(view, width, context.time);
    const next = ticks.contexts[index + 1];
    const nextX = next ? timeToX(view, width, next.time) : Infinity;
    const labelWidth = ctx.measureText(context.label).width;
    const left = Math.min(Math.max(x, 0) + 6, nextX - labelWidth - 10);
    ctx.fillText(context.label, left, CONTEXT_ROW - 3);
  });
}
