import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ConcealableVideo, StartConcealer } from '../../../renderer/players/start-concealer';

/** A <video> as far as the concealer sees it: its opacity, its `seeked` listeners and frame callbacks. */
class FakeVideo implements ConcealableVideo {
  readonly properties = new Map<string, string>();
  readonly style = {
    setProperty: (name: string, value: string | null) => void this.properties.set(name, value ?? ''),
    removeProperty: (name: string) => {
      const old = this.properties.get(name) ?? '';
      this.properties.delete(name);
      return old;
    },
  };
  private seekedListeners = new Set<() => void>();
  private callbacks = new Map<number, (now: number, metadata: { mediaTime: number }) => void>();
  private nextHandle = 1;

  get hidden(): boolean {
    return this.properties.get('opacity') === '0';
  }

  addEventListener(_type: 'seeked', listener: () => void): void {
    this.seekedListeners.add(listener);
  }

  removeEventListener(_type: 'seeked', listener: () => void): void {
    this.seekedListeners.delete(listener);
  }

  requestVideoFrameCallback(callback: (now: number, metadata: { mediaTime: number }) => void): number {
    const handle = this.nextHandle++;
    this.callbacks.set(handle, callback);
    return handle;
  }

  cancelVideoFrameCallback(handle: number): void {
    this.callbacks.delete(handle);
  }

  /** Presents a frame of `mediaTime` (s). */
  present(mediaTime: number): void {
    const due = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of due) callback(0, { mediaTime });
  }

  seeked(): void {
    for (const listener of [...this.seekedListeners]) listener();
  }

  get pending(): number {
    return this.callbacks.size + this.seekedListeners.size;
  }
}

describe('a recorded tile hides its picture until it shows the moment asked for', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps a frame from before the start position out of sight, and shows the first from there', () => {
    const video = new FakeVideo();
    const concealer = new StartConcealer(video, 12.5);
    expect(video.hidden).toBe(true);
    // The buffer's first frame, presented before the seek landed: 2.5 s early.
    video.present(10);
    expect(video.hidden).toBe(true);
    // The frame on screen at 12.5 s began a frame before it.
    video.present(12.4);
    expect(video.hidden).toBe(false);
    expect(concealer.concealing).toBe(false);
    // Nothing of it is left on the element.
    expect(video.pending).toBe(0);
  });

  it('shows the picture once the seek to the start position is done, however few frames a second the recording has', () => {
    const video = new FakeVideo();
    new StartConcealer(video, 30);
    video.present(29);
    expect(video.hidden).toBe(true);
    video.seeked();
    expect(video.hidden).toBe(false);
    expect(video.pending).toBe(0);
  });

  it('never leaves a tile without a picture: shown 2 s after the first early frame at the latest, and when disposed', () => {
    const video = new FakeVideo();
    new StartConcealer(video, 30);
    video.present(20);
    vi.advanceTimersByTime(1900);
    expect(video.hidden).toBe(true);
    vi.advanceTimersByTime(200);
    expect(video.hidden).toBe(false);

    const other = new FakeVideo();
    const concealer = new StartConcealer(other, 30);
    concealer.dispose();
    expect(other.hidden).toBe(false);
    expect(other.pending).toBe(0);
  });
});
