/**
 * A copy of a <video>'s current frame taken without painting it.
 *
 * Why not `drawImage(video)` on a 2D canvas (or `createImageBitmap(video)`): in Chromium
 * without GPU raster (software rendering, as on our headless walls and on control-room
 * PCs whose GPU is blocklisted) every video frame so painted is decoded into the canvas's
 * image-decode cache (Chromium's memory dump: `cc/image_memory`, in discardable shared
 * memory) under a new id per frame and is never looked up again; the cache lets go of it
 * only under memory pressure. A tile copying its picture every 2 s (the frozen-picture
 * check and the still an outage shows) grew the renderer by about 0.8 MiB/s per
 * 640x360 tile (bench/README.md, "Browser memory"). WebCodecs' `VideoFrame` wraps the
 * decoded frame itself, and `copyTo` reads its planes without any conversion or cache.
 */

/**
 * The planes of one frame's visible part, as `VideoFrame.copyTo` laid them out (it copies
 * the visible rectangle, so `width`×`height` is that rectangle, not the coded size).
 */
export interface FrameCopy {
  readonly format: VideoPixelFormat;
  readonly width: number;
  readonly height: number;
  readonly displayWidth: number;
  readonly displayHeight: number;
  readonly layout: readonly PlaneLayout[];
  readonly data: Uint8Array;
}

/** Whether this page can copy frames this way (WebCodecs needs a secure context: 127.0.0.1 and the app scheme are). */
export function canCopyFrames(source: CanvasImageSource): source is HTMLVideoElement {
  return typeof VideoFrame === 'function' && source instanceof HTMLVideoElement;
}

/**
 * Copies the video's current frame; undefined while it has none (not started, or the
 * browser refuses: the caller then simply has no copy this time). `reuse` is the buffer of
 * an earlier copy, used again when it is large enough, so a tile keeps one buffer.
 */
export async function copyFrame(video: HTMLVideoElement, reuse?: Uint8Array): Promise<FrameCopy | undefined> {
  let frame: VideoFrame | undefined;
  try {
    frame = new VideoFrame(video);
    const format = frame.format;
    if (format === null) return undefined;
    const size = frame.allocationSize();
    const data = reuse && reuse.byteLength >= size ? reuse : new Uint8Array(size);
    const layout = await frame.copyTo(data);
    return {
      format,
      width: frame.visibleRect?.width ?? frame.codedWidth,
      height: frame.visibleRect?.height ?? frame.codedHeight,
      displayWidth: frame.displayWidth,
      displayHeight: frame.displayHeight,
      layout,
      data,
    };
  } catch {
    // No frame yet (readyState below HAVE_CURRENT_DATA), or the element was emptied meanwhile.
    return undefined;
  } finally {
    frame?.close();
  }
}

/** Bytes per pixel of the first plane: 1 for the luma plane of YUV formats, 4 for RGB ones. */
function firstPlaneStep(format: VideoPixelFormat): 1 | 4 {
  return format.startsWith('RGB') || format.startsWith('BGR') ? 4 : 1;
}

/**
 * A `columns`×`rows` thumbnail (RGBA-shaped bytes, as `getImageData` gives) of a copied
 * frame: each cell the mean of a grid of points of the first plane (the brightness of YUV
 * frames, in all three colour bytes; the colours of RGB ones). What the frozen-picture
 * check compares; brightness alone changes with any movement in the scene.
 */
export function thumbnail(copy: FrameCopy, columns = 16, rows = 9): Uint8ClampedArray {
  const out = new Uint8ClampedArray(columns * rows * 4);
  const plane = copy.layout[0];
  if (!plane) return out;
  const step = firstPlaneStep(copy.format);
  const { width, height } = copy;
  // A grid of at most 8×8 points per cell: enough for a mean, cheap on a wall of tiles.
  const across = Math.max(1, Math.min(8, Math.floor(width / columns)));
  const down = Math.max(1, Math.min(8, Math.floor(height / rows)));
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const sums = [0, 0, 0];
      for (let j = 0; j < down; j++) {
        const py = Math.floor(((row + (j + 0.5) / down) * height) / rows);
        for (let i = 0; i < across; i++) {
          const px = Math.floor(((column + (i + 0.5) / across) * width) / columns);
          const at = plane.offset + py * plane.stride + px * step;
          for (let channel = 0; channel < 3; channel++) sums[channel] = (sums[channel] ?? 0) + (copy.data[at + (step === 4 ? channel : 0)] ?? 0);
        }
      }
      const cell = (row * columns + column) * 4;
      for (let channel = 0; channel < 3; channel++) out[cell + channel] = Math.round((sums[channel] ?? 0) / (across * down));
      out[cell + 3] = 255;
    }
  }
  return out;
}

/**
 * Draws a copied frame onto a canvas (once, when it is shown: not on every copy). False
 * when the browser refuses the copy: the tile then shows no still rather than breaking.
 */
export function drawCopy(copy: FrameCopy, canvas: HTMLCanvasElement, width: number, height: number): boolean {
  let frame: VideoFrame;
  try {
    frame = new VideoFrame(copy.data, {
      format: copy.format,
      codedWidth: copy.width,
      codedHeight: copy.height,
      displayWidth: copy.displayWidth,
      displayHeight: copy.displayHeight,
      layout: [...copy.layout],
      timestamp: 0,
    });
  } catch {
    return false;
  }
  try {
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    canvas.getContext('2d')?.drawImage(frame, 0, 0, width, height);
    return true;
  } catch {
    return false;
  } finally {
    frame.close();
  }
}
