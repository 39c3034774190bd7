import { type CSSProperties, type RefObject, useEffect, useRef } from 'react';
import type { TileZoom } from '../../../shared/model/wall';

const MAX_SCALE = 8;
const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** The next zoom after a wheel step (or a trackpad pinch, which Chromium sends as a wheel with Ctrl) at a point of the tile. */
export function wheelZoom(current: TileZoom | undefined, deltaY: number, at: { x: number; y: number }): TileZoom | undefined {
  const scale = clamp((current?.scale ?? 1) * Math.pow(1.2, -deltaY / 100), 1, MAX_SCALE);
  if (scale <= 1.01) return undefined;
  // The first step zooms towards the pointer; later ones keep the point already chosen moving gently towards it.
  const x = current ? current.x + (at.x - current.x) * 0.25 : at.x;
  const y = current ? current.y + (at.y - current.y) * 0.25 : at.y;
  return { scale, x: clamp(x, 0, 1), y: clamp(y, 0, 1) };
}

/** The zoom after dragging the picture by (dx, dy) tile fractions: the picture follows the pointer. */
export function panZoom(current: TileZoom, dx: number, dy: number): TileZoom {
  const k = current.scale - 1;
  return { scale: current.scale, x: clamp(current.x - dx / k, 0, 1), y: clamp(current.y - dy / k, 0, 1) };
}

/** The style that shows a zoomed picture (on the video, the JPEG canvas, the poster and the still alike). */
export function zoomStyle(zoom: TileZoom | undefined): CSSProperties | undefined {
  return zoom ? { transform: `scale(${zoom.scale})`, transformOrigin: `${zoom.x * 100}% ${zoom.y * 100}%` } : undefined;
}

/**
 * Wheel or pinch to zoom into a tile's picture, drag to pan while zoomed; any vendor, live
 * or recorded (it scales what is drawn, not the stream). The wheel listener is not
 * passive, so the page does not scroll while zooming.
 */
export function useDigitalZoom(box: RefObject<HTMLDivElement | null>, zoom: TileZoom | undefined, onZoom: (zoom: TileZoom | undefined) => void, enabled: boolean): { readonly onPointerDown: (event: React.PointerEvent) => void } {
  const latest = useRef({ zoom, onZoom });
  useEffect(() => {
    latest.current = { zoom, onZoom };
  }, [zoom, onZoom]);
  useEffect(() => {
    const element = box.current;
    if (!element || !enabled) return;
    const onWheel = (event: WheelEvent): void => {
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target?.closest('button, input, select, textarea, .picker')) return;
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      latest.current.onZoom(wheelZoom(latest.current.zoom, event.deltaY, { x: (event.clientX - rect.left) / rect.width, y: (event.clientY - rect.top) / rect.height }));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [box, enabled]);

  const onPointerDown = (event: React.PointerEvent): void => {
    const element = box.current;
    const start = latest.current.zoom;
    if (!element || !start || event.button !== 0 || (event.target instanceof HTMLElement && event.target.closest('button, input, select'))) return;
    const rect = element.getBoundingClientRect();
    const from = { x: event.clientX, y: event.clientY };
    const move = (moved: PointerEvent): void => latest.current.onZoom(panZoom(start, (moved.clientX - from.x) / rect.width, (moved.clientY - from.y) / rect.height));
    const up = (): void => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  return { onPointerDown };
}
