import { describe, expect, it } from 'vitest';
import { type FrameCopy, thumbnail } from '../../../renderer/players/frame-copy';
import { picturesAlike } from '../../../renderer/players/frame-sampler';

/** An I420 frame as VideoFrame.copyTo lays it out: Y, then U and V at half size. */
function i420(width: number, height: number, luma: (x: number, y: number) => number): FrameCopy {
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  const data = new Uint8Array(ySize + 2 * cSize).fill(128);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = luma(x, y);
  return {
    format: 'I420',
    width,
    height,
    displayWidth: width,
    displayHeight: height,
    layout: [
      { offset: 0, stride: width },
      { offset: ySize, stride: width / 2 },
      { offset: ySize + cSize, stride: width / 2 },
    ],
    data,
  };
}

describe('thumbnail of a copied video frame (the frozen-picture check without drawing the video)', () => {
  it('gives each of the 16×9 cells the brightness of its part of the picture', () => {
    // Left half dark, right half bright.
    const cells = thumbnail(i420(320, 180, (x) => (x < 160 ? 20 : 220)));
    expect(cells).toHaveLength(16 * 9 * 4);
    for (let row = 0; row < 9; row++) {
      for (let column = 0; column < 16; column++) {
        const at = (row * 16 + column) * 4;
        expect([...cells.slice(at, at + 4)]).toEqual(column < 8 ? [20, 20, 20, 255] : [220, 220, 220, 255]);
      }
    }
  });

  it('sees something move in one corner, and the same picture again as the same', () => {
    const still = (x: number, y: number): number => (x * 3 + y * 5) % 200;
    const moved = (x: number, y: number): number => (x > 280 && y > 150 ? 250 : still(x, y));
    expect(picturesAlike(thumbnail(i420(320, 180, still)), thumbnail(i420(320, 180, still)))).toBe(true);
    expect(picturesAlike(thumbnail(i420(320, 180, still)), thumbnail(i420(320, 180, moved)))).toBe(false);
  });

  it('reads the colours of an RGBA frame, past the row padding of its stride', () => {
    const width = 32;
    const height = 18;
    const stride = width * 4 + 16;
    const data = new Uint8Array(stride * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([200, 100, 50, 255], y * stride + x * 4);
    const copy: FrameCopy = { format: 'RGBA', width, height, displayWidth: width, displayHeight: height, layout: [{ offset: 0, stride }], data };
    const cells = thumbnail(copy);
    expect([...cells.slice(0, 4)]).toEqual([200, 100, 50, 255]);
    expect([...cells.slice(-4)]).toEqual([200, 100, 50, 255]);
  });
});
