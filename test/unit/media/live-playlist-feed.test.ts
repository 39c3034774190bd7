import { describe, expect, it } from 'vitest';
import { type FeedReading, LivePlaylistFeed } from '../../../electron/media/live-playlist-feed';
import { ManualClock } from '../support/manual-clock';

/** A playlist whose newest segment is `n`, one second each. */
const version = (n: number): FeedReading => ({ text: `#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:${n}\n#EXTINF:1.000,\nseg${n}.ts\n`, segmentMs: 1000 });

function feedOver(clock: ManualClock, reads: Array<FeedReading | undefined | Error>, options: { wanted?: () => boolean; first?: FeedReading } = {}) {
  const published: string[] = [];
  const readAt: number[] = [];
  const start = clock.now();
  let index = 0;
  const feed = new LivePlaylistFeed({
    clock,
    first: options.first,
    read: () => {
      readAt.push(clock.now() - start);
      const next = reads[Math.min(index++, reads.length - 1)];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    publish: (reading) => published.push(reading.text),
    wanted: options.wanted ?? (() => true),
  });
  return { feed, published, readAt };
}

describe('LivePlaylistFeed', () => {
  it('hands on each new version once, reading again just before the next segment is due and then often until it shows', async () => {
    const clock = new ManualClock();
    const { feed, published, readAt } = feedOver(clock, [version(1), version(1), version(1), version(2)]);
    await clock.advance(1350);
    // Read at once, again 0.95 segment after the change, then every 0.2 segment until the next version.
    expect(readAt).toEqual([0, 950, 1150, 1350]);
    expect(published).toEqual([version(1).text, version(2).text]);
    feed.dispose();
  });

  it('starting from the version the player has, sends only what is newer', async () => {
    const clock = new ManualClock();
    const { feed, published, readAt } = feedOver(clock, [version(1), version(2)], { first: version(1) });
    await clock.advance(1150);
    expect(readAt).toEqual([950, 1150]);
    expect(published).toEqual([version(2).text]);
    feed.dispose();
  });

  it('publishes nothing while reads fail, retries with backoff, and goes on once the VMS answers', async () => {
    const clock = new ManualClock();
    const { feed, published, readAt } = feedOver(clock, [new Error('VMS down'), undefined, version(5)]);
    await clock.advance(500);
    expect(published).toEqual([]);
    await clock.advance(5000);
    expect(readAt.length).toBeGreaterThan(3);
    // The second wait is longer than the first: backoff.
    expect((readAt[2] ?? 0) - (readAt[1] ?? 0)).toBeGreaterThan((readAt[1] ?? 0) - (readAt[0] ?? 0));
    expect(published).toEqual([version(5).text]);
    feed.dispose();
  });

  it('stops by itself once nobody plays the stream, and on dispose, leaving no timer', async () => {
    const clock = new ManualClock();
    let wanted = true;
    const { feed, readAt } = feedOver(clock, [version(1)], { wanted: () => wanted });
    await clock.advance(2000);
    const reads = readAt.length;
    wanted = false;
    await clock.advance(2000);
    expect(readAt.length).toBe(reads);
    expect(feed.running).toBe(false);
    expect(clock.pending).toBe(0);

    const other = feedOver(clock, [version(1)]);
    await clock.advance(100);
    other.feed.dispose();
    expect(clock.pending).toBe(0);
  });
});
