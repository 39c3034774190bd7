import type { Markers, TimeRange } from '../../shared/model/timeline';
import { typeColor } from '../../renderer/features/timeline/palette';
import { ticksFor } from '../../renderer/features/timeline/ticks';
import { timelineLayout } from '../../renderer/features/timeline/timeline-layout';
import { timeToX } from '../../renderer/features/timeline/time-scale';
import type { SampleDay } from './sample-data';

/**
 * The baseline: the same timeline built the straightforward way, one absolutely
 * positioned element per marker (and per recorded span, per tick), repositioned on every
 * pointer move of a drag. Same data, same layout, same colours as the canvas.
 */
export interface DomTimeline {
  readonly element: HTMLElement;
  dispose(): void;
}

export function mountDomTimeline(host: HTMLElement, day: SampleDay, markers: Markers): DomTimeline {
  const layout = timelineLayout(day.rows.length);
  const element = document.createElement('div');
  element.className = 'dom-timeline';
  element.dataset['testid'] = 'timeline';
  element.style.cssText = `position:relative;height:${layout.height}px;background:#0d1117;overflow:hidden;user-select:none;touch-action:none`;
  host.append(element);
  const width = element.getBoundingClientRect().width;
  let view: TimeRange = day.view;

  const markerElements: HTMLElement[] = [];
  const colours = markers.types.map((entry) => typeColor(entry.type));
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < markers.time.length; i++) {
    const marker = document.createElement('div');
    marker.style.cssText = `position:absolute;bottom:7px;width:2px;height:${layout.markers.height - 4}px;background:${colours[markers.type[i] ?? 0] ?? '#888'}`;
    markerElements.push(marker);
    fragment.append(marker);
  }
  const rangeElements: Array<{ element: HTMLElement; range: TimeRange }> = [];
  day.rows.forEach((row, index) => {
    const lane = layout.lanes[index];
    if (!lane) return;
    for (const range of row.recordings ?? []) {
      const span = document.createElement('div');
      span.style.cssText = `position:absolute;top:${lane.top}px;height:${lane.height}px;background:#2a9d62`;
      rangeElements.push({ element: span, range });
      fragment.append(span);
    }
  });
  element.append(fragment);
  const ruler = document.createElement('div');
  ruler.style.cssText = `position:absolute;left:0;right:0;top:0;height:${layout.ruler.height}px;background:#12171e;color:#d7dee8;font:11px sans-serif`;
  element.append(ruler);

  const render = (): void => {
    for (let i = 0; i < markerElements.length; i++) (markerElements[i] as HTMLElement).style.left = `${timeToX(view, width, markers.time[i] ?? 0)}px`;
    for (const { element: span, range } of rangeElements) {
      const left = timeToX(view, width, range.from);
      span.style.left = `${left}px`;
      span.style.width = `${Math.max(1, timeToX(view, width, range.to) - left)}px`;
    }
    ruler.replaceChildren(
      ...ticksFor(view, width).majors.map((tick) => {
        const label = document.createElement('div');
        label.textContent = tick.label;
        label.style.cssText = `position:absolute;top:16px;left:${timeToX(view, width, tick.time)}px;padding-left:4px;border-left:1px solid #5d6b7e`;
        return label;
      }),
    );
  };
  render();

  let drag: { x: number; view: TimeRange } | undefined;
  const onDown = (event: PointerEvent): void => {
    drag = { x: event.clientX, view };
  };
  const onMove = (event: PointerEvent): void => {
    if (!drag) return;
    const msPerPx = (drag.view.to - drag.view.from) / width;
    const shift = -(event.clientX - drag.x) * msPerPx;
    view = { from: drag.view.from + shift, to: drag.view.to + shift };
    render();
  };
  const onUp = (): void => {
    drag = undefined;
  };
  element.addEventListener('pointerdown', onDown);
  element.addEventListener('pointermove', onMove);
  element.addEventListener('pointerup', onUp);
  return {
    element,
    dispose: () => {
      element.removeEventListener('pointerdown', onDown);
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('pointerup', onUp);
      element.remove();
    },
  };
}
