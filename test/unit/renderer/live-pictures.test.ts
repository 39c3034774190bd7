import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { livePicture, nextLivePicture, showLivePicture } from '../../../renderer/players/live-pictures';
import type { PictureSource } from '../../../renderer/players/player';

const frame = (width: number): PictureSource => ({ image: {} as CanvasImageSource, width, height: 180 });

describe("a camera's picture on this window's live tiles", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for a tile that starts to show the camera, and gives its first picture', async () => {
    const next = nextLivePicture('xprotect', 'gate', 15_000);
    let shown = frame(0);
    // The alarm puts the camera on a tile: it registers as it plays, its first frame a moment later.
    await vi.advanceTimersByTimeAsync(1500);
    const hide = showLivePicture('xprotect', 'gate', () => shown);
    await vi.advanceTimersByTimeAsync(500);
    shown = frame(320);
    await vi.advanceTimersByTimeAsync(300);
    await expect(next).resolves.toBe(shown);
    hide();
    expect(livePicture('xprotect', 'gate')).toBeUndefined();
  });

  it('gives none when no tile shows the camera in time, and stops looking', async () => {
    const next = nextLivePicture('xprotect', 'yard', 15_000);
    await vi.advanceTimersByTimeAsync(15_000);
    await expect(next).resolves.toBeUndefined();
    const hide = showLivePicture('xprotect', 'yard', () => frame(320));
    expect(vi.getTimerCount()).toBe(0);
    hide();
  });

  it('stops looking once the picture came from elsewhere (the camera opened out of sight)', async () => {
    const done = new AbortController();
    const next = nextLivePicture('xprotect', 'dock', 12_000, done.signal);
    await vi.advanceTimersByTimeAsync(1000);
    done.abort();
    await vi.advanceTimersByTimeAsync(250);
    await expect(next).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});
