import { describe, expect, it } from 'vitest';
import { CODEC_NOISE, picturesAlike } from '../../../renderer/players/frame-sampler';

describe('picturesAlike (frozen-picture check)', () => {
  const picture = Array.from({ length: 16 * 9 * 4 }, (_, index) => (index * 37) % 256);

  it('takes a frozen picture re-decoded from a new key frame (codec noise) for the same', () => {
    const redecoded = picture.map((value, index) => Math.max(0, Math.min(255, value + (index % 3) - 1)));
    expect(picturesAlike(picture, redecoded)).toBe(true);
    expect(picturesAlike(picture, picture.map((value) => Math.min(255, value + CODEC_NOISE)).map((value, index) => (picture[index] === 255 ? 255 : value)))).toBe(true);
  });

  it('sees movement in one cell of the thumbnail', () => {
    const moved = [...picture];
    moved[40] = ((moved[40] ?? 0) + 40) % 256;
    expect(picturesAlike(picture, moved)).toBe(false);
  });

  it('never takes thumbnails of different sizes for one picture', () => {
    expect(picturesAlike(picture, picture.slice(4))).toBe(false);
  });
});
