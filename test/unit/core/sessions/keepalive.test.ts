import { describe, expect, it } from 'vitest';
import { KeepaliveScheduler } from '../../../../electron/core/sessions/keepalive';
import { ManualClock } from '../../support/manual-clock';

describe('KeepaliveScheduler', () => {
  it('keeps every item alive once per interval with a single timer', async () => {
    const clock = new ManualClock();
    const sent: string[] = [];
    const scheduler = new KeepaliveScheduler<string>({ clock, intervalMs: 1000, send: (item) => Promise.resolve(void sent.push(item)), onFailure: () => undefined });
    scheduler.add('a');
    scheduler.add('b');
    expect(clock.pending).toBe(1);
    await clock.advance(999);
    expect(sent).toEqual([]);
    await clock.advance(1);
    expect(sent.sort()).toEqual(['a', 'b']);
    await clock.advance(1000);
    expect(sent).toHaveLength(4);
  });

  it('reports a failure per item and keeps going for the others', async () => {
    const clock = new ManualClock();
    const failed: string[] = [];
    const ok: string[] = [];
    const scheduler = new KeepaliveScheduler<string>({
      clock,
      intervalMs: 500,
      send: (item) => (item === 'bad' ? Promise.reject(new Error('nope')) : Promise.resolve()),
      onFailure: (item) => failed.push(item),
      onSuccess: (item) => ok.push(item),
    });
    scheduler.add('good');
    scheduler.add('bad');
    await clock.advance(1000);
    expect(failed).toEqual(['bad', 'bad']);
    expect(ok).toEqual(['good', 'good']);
  });

  it('stops its timer when empty or disposed, and ignores results of removed items', async () => {
    const clock = new ManualClock();
    const failed: string[] = [];
    let release: () => void = () => undefined;
    const scheduler = new KeepaliveScheduler<string>({
      clock,
      intervalMs: 100,
      send: () => new Promise<void>((_resolve, reject) => (release = () => reject(new Error('late')))),
      onFailure: (item) => failed.push(item),
    });
    scheduler.add('x');
    await clock.advance(100);
    scheduler.remove('x');
    release();
    await clock.advance(1000);
    expect(failed).toEqual([]);
    expect(clock.pending).toBe(0);
    scheduler.add('y');
    scheduler.dispose();
    expect(clock.pending).toBe(0);
  });
});
