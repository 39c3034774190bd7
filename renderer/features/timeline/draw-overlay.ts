import type { TimeRange } from '../../../shared/model/timeline';
import { formatTime } from '../../format';
import type { TimelineTheme } from './theme';
import type { TimelineLayout } from './timeline-layout';
import { timeToX } from './time-scale';

/**
 * What moves with the pointer and the clock: the playhead with its time, the hover line
 * with the time under the pointer, and the hovered marker's outline. A cheap redraw on the
 * upper canvas, so a scrub is drawn in the frame of the pointer event that caused it.
 */
export interface OverlayScene {
  readonly view: TimeRange;
  readonly width: number;
  readonly layout: TimelineLayout;
  readonly now: number;
  readonly playhead: number | undefined;
  readonly scrubbing: boolean;
  /** The pointer, when it hovers the timeline and no drag is under way. */
  readonly hoverX: number | undefined;
  /** The hovered marker's position, outlined in the marker band. */
  readonly markerX: number | undefined;
}

const CHIP_HEIGHT = 15;
const CHIP_PADDING = 6;

export function drawOverlay(ctx: CanvasRenderingContext2D, scene: OverlayScene, theme: TimelineTheme): void {
  const { width, layout } = scene;
  ctx.clearRect(0, 0, width, layout.height);
  ctx.font = `600 11px ${theme.font}`;
  ctx.textBaseline = 'middle';

  if (scene.hoverX !== undefined) {
    ctx.fillStyle = theme.hover;
    ctx.fillRect(Math.round(scene.hoverX), layout.ruler.height, 1, layout.height - layout.ruler.height);
  }
  if (scene.markerX !== undefined) {
    ctx.strokeStyle = theme.playhead;
    ctx.lineWidth = 1;
    ctx.strokeRect(Math.round(scene.markerX) - 2.5, layout.markers.top + 0.5, 6, layout.markers.height - 1);
  }
  if (scene.hoverX !== undefined && !scene.scrubbing) {
    const time = scene.view.from + (scene.hoverX / width) * (scene.view.to - scene.view.from);
    // The day is on the ruler above; the pointer's chip keeps to the time, so it stays small.
    chip(ctx, clockTime(time), scene.hoverX, layout.ruler.height - CHIP_HEIGHT - 1, width, theme.ruler, theme.label, theme.rulerEdge);
  }
  drawPlayhead(ctx, scene, theme);
  ctx.textBaseline = 'alphabetic';
}

function drawPlayhead(ctx: CanvasRenderingContext2D, scene: OverlayScene, theme: TimelineTheme): void {
  const { width, layout, playhead } = scene;
  if (playhead === undefined) return;
  const x = timeToX(scene.view, width, playhead);
  const colour = scene.scrubbing ? theme.scrub : theme.playhead;
  if (x < 0 || x > width) {
    // Off screen: an arrow at the edge says which way the playback is.
    const edge = x < 0 ? 0 : width;
    const towards = x < 0 ? 1 : -1;
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.moveTo(edge, 8);
    ctx.lineTo(edge + towards * 8, 2);
    ctx.lineTo(edge + towards * 8, 14);
    ctx.closePath();
    ctx.fill();
    return;
  }
  const left = Math.round(x) - 1;
  ctx.fillStyle = colour;
  ctx.fillRect(left, 0, 2, layout.height);
  // A head on the ruler's edge: the handle to grab for scrubbing.
  ctx.beginPath();
  ctx.moveTo(left - 5, layout.ruler.height - 7);
  ctx.lineTo(left + 7, layout.ruler.height - 7);
  ctx.lineTo(left + 1, layout.ruler.height);
  ctx.closePath();
  ctx.fill();
  chip(ctx, formatTime(playhead, scene.now), x, 0, width, colour, theme.playheadText, colour);
}

function clockTime(time: number): string {
  const date = new Date(time);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** A time in a small box centred on `x`, kept inside the timeline. */
function chip(ctx: CanvasRenderingContext2D, text: string, x: number, top: number, width: number, fill: string, ink: string, edge: string): void {
  const textWidth = ctx.measureText(text).width;
  const boxWidth = Math.ceil(textWidth + CHIP_PADDING * 2);
  const left = Math.round(Math.min(Math.max(x - boxWidth / 2, 0), width - boxWidth));
  ctx.fillStyle = fill;
  ctx.fillRect(left, top, boxWidth, CHIP_HEIGHT);
  ctx.strokeStyle = edge;
  ctx.lineWidth = 1;
  ctx.strokeRect(left + 0.5, top + 0.5, boxWidth - 1, CHIP_HEIGHT - 1);
  ctx.fillStyle = ink;
  ctx.fillText(text, left + CHIP_PADDING, top + CHIP_HEIGHT / 2 + 0.5);
}
