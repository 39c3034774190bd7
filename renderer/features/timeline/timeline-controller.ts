import type { TimeRange } from '../../../shared/model/timeline';
import { formatDateTime } from '../../format';
import { coverage, type CoverageSpan } from './coverage';
import { drawBase } from './draw-base';
import { drawOverlay } from './draw-overlay';
import { binMarkers, type MarkerBins } from './marker-bins';
import { type MarkerHit, nearestMarker } from './marker-hit';
import { columnsFor, MarkerRaster } from './marker-raster';
import type { MarkerSet } from './marker-set';
import { typeColor } from './palette';
import { readTheme, type TimelineTheme } from './theme';
import { ticksFor } from './ticks';
import { timelineLayout, type TimelineLayout } from './timeline-layout';
import type { GesturePhase, TimelineProps, TimelineRow } from './timeline-props';
import { limitView, panBy, sameView, spanOf, timeToX, xToTime, zoomAround } from './time-scale';

/** The DOM the controller draws into; the React component renders it and hands it over. */
export interface TimelineElements {
  readonly container: HTMLElement;
  readonly base: HTMLCanvasElement;
  readonly overlay: HTMLCanvasElement;
  readonly tooltip: HTMLElement;
}

/** A marker is "under" the pointer this close, in CSS pixels. */
const HIT_RADIUS_PX = 4;
/** A press that moves less than this is a click, not a drag. */
const DRAG_THRESHOLD_PX = 3;
/** The playhead can be grabbed this far either side of its line. */
const PLAYHEAD_GRAB_PX = 6;
/** The wheel counts as one gesture until it rests this long. */
const WHEEL_REST_MS = 200;
/** After a scrub, the playhead stays where it was let go until the parent moves it, or this long. */
const HOLD_MS = 1500;
/** Wheel zoom: e^(0.002 * 100) ≈ 1.22 per notch of a mouse wheel (deltaY 100). */
const WHEEL_ZOOM_RATE = 0.002;
const KEY_ZOOM = 2;
const KEY_PAN_SHARE = 0.1;

type Gesture =
  /** Pressed on the track, not moved yet: becomes a click (scrub or marker) or a pan. */
  | { readonly kind: 'press'; readonly pointerId: number; readonly x: number; readonly view: TimeRange; readonly hit: MarkerHit | undefined }
  | { readonly kind: 'pan'; readonly pointerId: number; readonly x: number; readonly view: TimeRange }
  | { readonly kind: 'scrub'; readonly pointerId: number };

type Cursor = 'grab' | 'grabbing' | 'pointer' | 'scrub';

/**
 * The timeline's engine, outside React: it owns the two canvases, the pointer, wheel and
 * key listeners, a ResizeObserver and one pending animation frame. Transient state (the
 * view while dragging, the scrub time, the hover) lives here and is drawn directly, so a
 * pointer move costs a redraw, never a React render; the parent hears about it at most
 * once per frame. Call `dispose()` to release everything.
 */
export class TimelineController {
  private props: TimelineProps | undefined;
  /** What is on screen: the parent's view, or the user's while a gesture lasts. */
  private view: TimeRange | undefined;
  private width = 0;
  private dpr = 1;
  private layout: TimelineLayout = timelineLayout(0);
  private readonly theme: TimelineTheme;
  private gapPattern: CanvasPattern | null = null;
  private readonly baseContext: CanvasRenderingContext2D;
  private readonly overlayContext: CanvasRenderingContext2D;

  private frame: number | undefined;
  private baseDirty = true;
  private overlayDirty = true;
  private viewMoved = false;

  private gesture: Gesture | undefined;
  private wheelTimer: ReturnType<typeof setTimeout> | undefined;
  private scrubTime: number | undefined;
  private scrubSent: number | undefined;
  private held: { readonly time: number; readonly baseline: number | undefined; readonly timer: ReturnType<typeof setTimeout> } | undefined;
  private hover: { readonly x: number; readonly y: number } | undefined;
  private hit: MarkerHit | undefined;
  private cursor: Cursor | undefined;

  private bins: MarkerBins | undefined;
  private readonly markerRaster = new MarkerRaster();
  private coverage: CoverageSpan[] | undefined;
  private tooltipKey = '';
  private readonly tooltipParts: { readonly title: HTMLElement; readonly detail: HTMLElement; readonly more: HTMLElement };
  private readonly disposers: Array<() => void> = [];
  private unwatchPixelRatio: (() => void) | undefined;

  constructor(private readonly elements: TimelineElements) {
    const base = elements.base.getContext('2d', { alpha: false });
    const overlay = elements.overlay.getContext('2d');
    if (!base || !overlay) throw new Error('timeline: no 2D canvas context');
    this.baseContext = base;
    this.overlayContext = overlay;
    this.theme = readTheme(elements.container);
    this.markerRaster.setColors([], this.theme.markerBand, this.theme.grid, this.theme.future);
    this.tooltipParts = this.buildTooltip();
    this.listen();
  }

  update(props: TimelineProps): void {
    const previous = this.props;
    this.props = props;
    if (this.view === undefined || (!this.interacting() && !sameView(props.view, previous?.view) && !sameView(props.view, this.view))) {
      this.view = props.view;
      this.baseDirty = true;
    }
    if (props.markers !== previous?.markers) {
      this.markerRaster.setColors(props.markers?.typeKeys.map(typeColor) ?? [], this.theme.markerBand, this.theme.grid, this.theme.future);
      this.baseDirty = true;
    }
    let resize = this.width === 0;
    if (!previous || !sameRows(props.rows, previous.rows)) {
      const layout = timelineLayout(props.rows.length);
      resize ||= layout.height !== this.layout.height;
      this.layout = layout;
      this.coverage = layout.merged ? coverage(props.rows.map((row) => row.recordings)) : undefined;
      this.baseDirty = true;
    }
    if (props.now !== previous?.now) this.baseDirty = true;
    if (props.playhead !== previous?.playhead) {
      if (this.held && props.playhead !== this.held.baseline) this.release();
      this.overlayDirty = true;
    }
    // First props or a new height: size and draw now, so the next paint already shows it.
    if (resize) this.resize();
    else this.schedule();
  }

  dispose(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    clearTimeout(this.wheelTimer);
    if (this.held) clearTimeout(this.held.timer);
    for (const dispose of this.disposers.splice(0)) dispose();
    this.unwatchPixelRatio?.();
  }

  // ---- drawing ----------------------------------------------------------------------

  /** At most one draw per frame, however many events asked for one. */
  private schedule(): void {
    if (this.frame === undefined && (this.baseDirty || this.overlayDirty || this.viewMoved)) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = undefined;
    const { props, view } = this;
    if (!props || !view || this.width <= 0 || !(view.to > view.from)) return;
    if (this.baseDirty) {
      this.baseDirty = false;
      this.overlayDirty = true;
      this.bins = props.markers ? binMarkers(props.markers, view, columnsFor(this.width), this.bins) : undefined;
      drawBase(
        this.baseContext,
        { view, width: this.width, dpr: this.dpr, layout: this.layout, now: props.now, rows: props.rows, coverage: this.coverage, bins: this.bins, markerRaster: this.markerRaster, ticks: ticksFor(view, this.width), gapPattern: this.gapPattern },
        this.theme,
      );
      this.refreshHit();
      this.describeView();
    }
    if (this.overlayDirty) {
      this.overlayDirty = false;
      const hoverX = this.gesture === undefined ? this.hover?.x : undefined;
      const markerX = this.hit && props.markers ? timeToX(view, this.width, props.markers.times[this.hit.index] as number) : undefined;
      drawOverlay(this.overlayContext, { view, width: this.width, layout: this.layout, now: props.now, playhead: this.playhead(), scrubbing: this.scrubTime !== undefined, hoverX, markerX }, this.theme);
      this.showTooltip(markerX);
      this.describePlayhead();
    }
    // Tell the parent after drawing: what the user sees must not wait for it.
    if (this.viewMoved) {
      this.viewMoved = false;
      props.onViewChange(view, 'move');
    }
    if (this.scrubTime !== undefined && this.scrubTime !== this.scrubSent) {
      this.scrubSent = this.scrubTime;
      props.onScrub(this.scrubTime, 'move');
    }
  }

  /** Size the canvases in device pixels (crisp at any zoom) and redraw before the next paint. */
  private resize(): void {
    const { container, base, overlay } = this.elements;
    this.width = container.getBoundingClientRect().width;
    this.dpr = window.devicePixelRatio || 1;
    for (const [canvas, context] of [
      [base, this.baseContext],
      [overlay, this.overlayContext],
    ] as const) {
      canvas.width = Math.max(1, Math.round(this.width * this.dpr));
      canvas.height = Math.max(1, Math.round(this.layout.height * this.dpr));
      context.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    }
    this.gapPattern = this.stripes();
    this.baseDirty = true;
    this.overlayDirty = true;
    // Resizing cleared the canvases; waiting a frame would show them blank for one.
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.draw();
  }

  /** Diagonal stripes for gaps, tiled in device pixels so they stay sharp. */
  private stripes(): CanvasPattern | null {
    const size = Math.round(6 * this.dpr);
    const tile = document.createElement('canvas');
    tile.width = size;
    tile.height = size;
    const context = tile.getContext('2d');
    if (!context) return null;
    context.fillStyle = this.theme.lane;
    context.fillRect(0, 0, size, size);
    context.strokeStyle = this.theme.gapStripe;
    context.lineWidth = Math.max(1, this.dpr);
    context.beginPath();
    for (const offset of [-size, 0, size]) {
      context.moveTo(offset, size);
      context.lineTo(offset + size, 0);
    }
    context.stroke();
    const pattern = this.baseContext.createPattern(tile, 'repeat');
    pattern?.setTransform(new DOMMatrix().scale(1 / this.dpr));
    return pattern;
  }

  /** The playhead as drawn: the pointer while scrubbing, the release point for a moment after, else the parent's. */
  private playhead(): number | undefined {
    return this.scrubTime ?? this.held?.time ?? this.props?.playhead;
  }

  // ---- test hooks and accessibility ---------------------------------------------------

  private describeView(): void {
    const { container } = this.elements;
    const { view, bins } = this;
    if (!view) return;
    container.dataset['viewFrom'] = String(Math.round(view.from));
    container.dataset['viewTo'] = String(Math.round(view.to));
    container.dataset['width'] = String(this.width);
    container.dataset['markers'] = String(bins ? bins.end - bins.start : 0);
    container.dataset['markerY'] = String(Math.round(this.layout.markers.top + this.layout.markers.height / 2));
    container.dataset['unlisted'] = String(this.props?.rows.filter((row) => row.unlisted === true).length ?? 0);
    container.dataset['unreadable'] = String(this.props?.rows.filter((row) => row.unreadable !== undefined).length ?? 0);
    container.setAttribute('aria-valuemin', String(Math.round(view.from)));
    container.setAttribute('aria-valuemax', String(Math.round(view.to)));
  }

  private describePlayhead(): void {
    const playhead = this.playhead();
    const { container } = this.elements;
    container.setAttribute('aria-valuenow', String(Math.round(playhead ?? this.props?.now ?? 0)));
    container.setAttribute('aria-valuetext', playhead === undefined ? 'Live' : formatDateTime(playhead));
  }

  // ---- tooltip ------------------------------------------------------------------------

  private buildTooltip(): { title: HTMLElement; detail: HTMLElement; more: HTMLElement } {
    const part = (name: string): HTMLElement => {
      const element = document.createElement('div');
      element.className = `timeline__tooltip-${name}`;
      return element;
    };
    const parts = { title: part('title'), detail: part('detail'), more: part('more') };
    this.elements.tooltip.replaceChildren(parts.title, parts.detail, parts.more);
    return parts;
  }

  private showTooltip(markerX: number | undefined): void {
    const { tooltip } = this.elements;
    const { hit, props } = this;
    const markers = props?.markers;
    if (!hit || !markers || markerX === undefined || this.gesture !== undefined) {
      tooltip.hidden = true;
      this.tooltipKey = '';
      return;
    }
    const key = `${hit.index}:${hit.count}`;
    if (key !== this.tooltipKey) {
      this.tooltipKey = key;
      const words = props.describeMarker?.(hit.index) ?? defaultDescription(markers, hit.index);
      this.tooltipParts.title.textContent = words.title;
      this.tooltipParts.detail.textContent = words.detail;
      this.tooltipParts.more.textContent = hit.count > 1 ? summary(markers, hit) : '';
      this.tooltipParts.more.hidden = hit.count <= 1;
      tooltip.hidden = false;
    }
    const width = tooltip.offsetWidth;
    const left = Math.min(Math.max(markerX - width / 2, 0), Math.max(0, this.width - width));
    tooltip.style.transform = `translateX(${Math.round(left)}px)`;
  }

  // ---- input --------------------------------------------------------------------------

  private listen(): void {
    const { container } = this.elements;
    const on = <K extends keyof HTMLElementEventMap>(type: K, handler: (event: HTMLElementEventMap[K]) => void, options?: AddEventListenerOptions): void => {
      container.addEventListener(type, handler, options);
      this.disposers.push(() => container.removeEventListener(type, handler, options));
    };
    on('pointerdown', (event) => this.onPointerDown(event));
    on('pointermove', (event) => this.onPointerMove(event));
    on('pointerup', (event) => this.onPointerUp(event, true));
    on('pointercancel', (event) => this.onPointerUp(event, false));
    on('pointerleave', () => this.setHover(undefined));
    // Not passive: the wheel zooms the timeline, not the page.
    on('wheel', (event) => this.onWheel(event), { passive: false });
    on('keydown', (event) => this.onKey(event));

    // Only a change of width matters (the height follows the rows, handled in `update`).
    const observer = new ResizeObserver(() => {
      if (container.getBoundingClientRect().width !== this.width) this.resize();
    });
    observer.observe(container);
    this.disposers.push(() => observer.disconnect());
    this.watchPixelRatio();
  }

  /** A window dragged to a screen of another density: the canvases must follow (ResizeObserver does not fire). */
  private watchPixelRatio(): void {
    const query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    const onChange = (): void => {
      this.resize();
      this.watchPixelRatio();
    };
    query.addEventListener('change', onChange, { once: true });
    this.unwatchPixelRatio = () => query.removeEventListener('change', onChange);
  }

  private point(event: MouseEvent): { x: number; y: number } {
    const box = this.elements.container.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  private onPointerDown(event: PointerEvent): void {
    const { view, props } = this;
    if (event.button !== 0 || !view || !props || this.gesture) return;
    this.elements.container.focus({ preventScroll: true });
    const { x, y } = this.point(event);
    const playhead = this.playhead();
    const nearPlayhead = playhead !== undefined && Math.abs(timeToX(view, this.width, playhead) - x) <= PLAYHEAD_GRAB_PX;
    if (y < this.layout.ruler.height || nearPlayhead) {
      this.gesture = { kind: 'scrub', pointerId: event.pointerId };
      this.clearHold();
      this.scrubTo(x);
    } else {
      const hit = this.inMarkerBand(y) && props.markers ? nearestMarker(props.markers, view, this.width, x, HIT_RADIUS_PX) : undefined;
      this.gesture = { kind: 'press', pointerId: event.pointerId, x, view, hit };
    }
    // Capture keeps a drag going outside the box. A pointer already gone (or a synthetic
    // event, as the benchmark sends) cannot be captured; the drag then works while over it.
    try {
      this.elements.container.setPointerCapture(event.pointerId);
    } catch {
      // NotFoundError: nothing to capture.
    }
    this.setCursor(this.gesture.kind === 'scrub' ? 'scrub' : 'grabbing');
    this.overlayDirty = true;
    this.schedule();
    event.preventDefault();
  }

  private onPointerMove(event: PointerEvent): void {
    const { x, y } = this.point(event);
    const gesture = this.gesture;
    if (!gesture) return this.setHover({ x, y });
    if (gesture.pointerId !== event.pointerId || !this.view || !this.props) return;
    if (gesture.kind === 'scrub') return this.scrubTo(x);
    if (gesture.kind === 'press' && Math.abs(x - gesture.x) < DRAG_THRESHOLD_PX) return;
    if (gesture.kind === 'press') this.gesture = { kind: 'pan', pointerId: gesture.pointerId, x: gesture.x, view: gesture.view };
    const msPerPx = spanOf(gesture.view) / this.width;
    this.setView(limitView(panBy(gesture.view, -(x - gesture.x) * msPerPx), this.props.now), 'move');
  }

  private onPointerUp(event: PointerEvent, completed: boolean): void {
    const gesture = this.gesture;
    const props = this.props;
    if (!gesture || gesture.pointerId !== event.pointerId || !props || !this.view) return;
    this.gesture = undefined;
    const { x, y } = this.point(event);
    if (gesture.kind === 'scrub') {
      const time = this.scrubTime ?? this.timeAt(x);
      this.scrubTime = undefined;
      this.scrubSent = undefined;
      this.hold(time);
      props.onScrub(time, 'end');
    } else if (gesture.kind === 'pan') {
      this.viewMoved = false;
      props.onViewChange(this.view, 'end');
    } else if (completed && gesture.hit) {
      props.onMarkerClick(gesture.hit.index);
    } else if (completed) {
      const time = this.timeAt(x);
      this.hold(time);
      props.onScrub(time, 'move');
      props.onScrub(time, 'end');
    }
    this.setHover(completed ? { x, y } : undefined);
  }

  private onWheel(event: WheelEvent): void {
    const { view, props } = this;
    if (!view || !props || this.width <= 0) return;
    event.preventDefault();
    // A drag owns the view until released; a wheel turned meanwhile would be undone by its next move.
    if (this.gesture) return;
    // Lines and pages (some mice, some platforms) in pixels, so every wheel feels alike.
    const unit = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? this.width : 1;
    const sideways = event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY);
    let next: TimeRange;
    if (sideways) {
      const pixels = (event.shiftKey && event.deltaX === 0 ? event.deltaY : event.deltaX) * unit;
      next = panBy(view, (pixels * spanOf(view)) / this.width);
    } else {
      next = zoomAround(view, xToTime(view, this.width, this.point(event).x), Math.exp(event.deltaY * unit * WHEEL_ZOOM_RATE));
    }
    this.setView(limitView(next, props.now), 'move');
    clearTimeout(this.wheelTimer);
    this.wheelTimer = setTimeout(() => {
      this.wheelTimer = undefined;
      this.viewMoved = false;
      if (this.view) this.props?.onViewChange(this.view, 'end');
    }, WHEEL_REST_MS);
  }

  private onKey(event: KeyboardEvent): void {
    const { view, props } = this;
    if (!view || !props || event.altKey || event.ctrlKey || event.metaKey) return;
    const playhead = this.playhead();
    const anchor = playhead !== undefined && playhead >= view.from && playhead <= view.to ? playhead : (view.from + view.to) / 2;
    const span = spanOf(view);
    const pan = span * (event.shiftKey ? 5 * KEY_PAN_SHARE : KEY_PAN_SHARE);
    let next: TimeRange;
    if (event.key === '+' || event.key === '=') next = zoomAround(view, anchor, 1 / KEY_ZOOM);
    else if (event.key === '-' || event.key === '_') next = zoomAround(view, anchor, KEY_ZOOM);
    else if (event.key === 'ArrowLeft') next = panBy(view, -pan);
    else if (event.key === 'ArrowRight') next = panBy(view, pan);
    else return;
    // The wall's keys listen on the window (arrows move its selection); these are the timeline's.
    event.preventDefault();
    event.stopPropagation();
    this.setView(limitView(next, props.now), 'end');
  }

  private setView(next: TimeRange, phase: GesturePhase): void {
    this.view = next;
    this.baseDirty = true;
    if (phase === 'end') {
      this.viewMoved = false;
      this.props?.onViewChange(next, 'end');
    } else {
      this.viewMoved = true;
    }
    this.schedule();
  }

  private interacting(): boolean {
    return this.gesture?.kind === 'pan' || this.wheelTimer !== undefined;
  }

  private timeAt(x: number): number {
    const { view, props } = this;
    if (!view || !props) return 0;
    return Math.min(props.now, xToTime(view, this.width, Math.min(Math.max(x, 0), this.width)));
  }

  private scrubTo(x: number): void {
    this.scrubTime = this.timeAt(x);
    this.overlayDirty = true;
    this.schedule();
  }

  private hold(time: number): void {
    this.clearHold();
    this.held = { time, baseline: this.props?.playhead, timer: setTimeout(() => this.release(), HOLD_MS) };
    this.overlayDirty = true;
    this.schedule();
  }

  private release(): void {
    this.clearHold();
    this.overlayDirty = true;
    this.schedule();
  }

  private clearHold(): void {
    if (this.held) clearTimeout(this.held.timer);
    this.held = undefined;
  }

  private inMarkerBand(y: number): boolean {
    const band = this.layout.markers;
    return y >= band.top - 2 && y <= band.top + band.height + 2;
  }

  private setHover(hover: { x: number; y: number } | undefined): void {
    this.hover = hover;
    this.refreshHit();
    this.overlayDirty = true;
    this.schedule();
  }

  private refreshHit(): void {
    const { hover, view, props } = this;
    this.hit = hover && view && props?.markers && this.gesture === undefined && this.inMarkerBand(hover.y) ? nearestMarker(props.markers, view, this.width, hover.x, HIT_RADIUS_PX) : undefined;
    if (this.gesture === undefined) this.setCursor(this.hoverCursor());
  }

  private hoverCursor(): Cursor {
    const { hover, view } = this;
    if (!hover || !view) return 'grab';
    if (this.hit) return 'pointer';
    const playhead = this.playhead();
    const nearPlayhead = playhead !== undefined && Math.abs(timeToX(view, this.width, playhead) - hover.x) <= PLAYHEAD_GRAB_PX;
    return hover.y < this.layout.ruler.height || nearPlayhead ? 'scrub' : 'grab';
  }

  private setCursor(cursor: Cursor): void {
    if (cursor === this.cursor) return;
    this.cursor = cursor;
    this.elements.container.dataset['cursor'] = cursor;
  }
}

function sameRows(a: readonly TimelineRow[], b: readonly TimelineRow[]): boolean {
  return a === b || (a.length === b.length && a.every((row, index) => row.key === b[index]?.key && row.label === b[index].label && row.recordings === b[index].recordings && row.unlisted === b[index].unlisted && row.unreadable === b[index].unreadable));
}

function defaultDescription(markers: MarkerSet, index: number): { title: string; detail: string } {
  return { title: markers.typeLabels[markers.types[index] ?? 0] ?? 'Event', detail: formatDateTime(markers.times[index] ?? 0) };
}

/** "214 events here: Motion 120 · Line crossing 80 · 1 more type". */
function summary(markers: MarkerSet, hit: MarkerHit): string {
  const shown = hit.byType.slice(0, 3).map((entry) => `${markers.typeLabels[entry.type] ?? 'Event'} ${entry.count}`);
  const rest = hit.byType.length - shown.length;
  if (rest > 0) shown.push(`${rest} more type${rest > 1 ? 's' : ''}`);
  return `${hit.count} events here: ${shown.join(' · ')}`;
}
