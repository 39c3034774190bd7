import { type RefObject, useLayoutEffect, useState } from 'react';

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * The size the picture is drawn at, in device pixels: the 16:9 area that fits the tile
 * (cameras are 16:9 far more often than not), which is what the stream should match.
 */
export function pictureSize(box: { width: number; height: number }, scale: number): Size {
  const width = Math.min(box.width * scale, (box.height * scale * 16) / 9);
  return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round((width * 9) / 16)) };
}

/**
 * Which stream profile a picture of this size needs: the smallest at least as large as it,
 * else the largest (the rule IVMS and most servers apply). Profiles are smallest first.
 */
export function profileIndex(size: Size, profiles: readonly Size[]): number {
  const fits = profiles.findIndex((profile) => profile.width >= size.width && profile.height >= size.height);
  return fits >= 0 ? fits : Math.max(0, profiles.length - 1);
}

/**
 * The tile's picture size, following resizes (settled for 250 ms, so a window drag asks
 * once). Undefined until measured: a tile must not ask for a stream at a guessed size,
 * or every camera would start two encoders on the VMS, the guessed one first.
 */
export function usePictureSize(element: RefObject<HTMLElement | null>): Size | undefined {
  const [size, setSize] = useState<Size | undefined>(undefined);
  useLayoutEffect(() => {
    const target = element.current;
    if (!target) return;
    let timer: number | undefined;
    const measure = (): void => {
      const rect = target.getBoundingClientRect();
      const next = pictureSize(rect, window.devicePixelRatio || 1);
      setSize((current) => (current?.width === next.width && current.height === next.height ? current : next));
    };
    measure();
    const observer = new ResizeObserver(() => {
      window.clearTimeout(timer);
      timer = window.setTimeout(measure, 250);
    });
    observer.observe(target);
    return () => {
      window.clearTimeout(timer);
      observer.disconnect();
    };
  }, [element]);
  return size;
}
