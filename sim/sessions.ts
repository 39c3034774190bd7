import type { SimProfile } from './catalog';
import type { EncoderLease } from './encoder-pool';

export interface SimSession {
  readonly id: number;
  readonly kind: 'live';
  readonly cameraId: number;
  readonly profile: SimProfile;
  readonly createdAt: number;
  lastSeenAt: number;
  keepalives: number;
  readonly lease: EncoderLease;
}

export interface SessionCounters {
  started: number;
  stopped: number;
  expired: number;
  keepalives: number;
}

/**
 * Sessions as the real server keeps them: each holds its encoder, and one that hears
 * no keepalive for `expiryMs` is dropped (its stream stops when no other session
 * needs that encoder), exactly as a client that stopped calling would see it.
 */
export class SessionTable {
  private readonly sessions = new Map<number, SimSession>();
  private readonly sweeper: NodeJS.Timeout;
  private lastId = 0;
  readonly counters: SessionCounters = { started: 0, stopped: 0, expired: 0, keepalives: 0 };

  constructor(private readonly expiryMs: number) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(1000, Math.max(50, expiryMs / 10)));
  }

  /** Ids look like the real ones: a millisecond timestamp, kept unique. */
  add(init: Omit<SimSession, 'id' | 'createdAt' | 'lastSeenAt' | 'keepalives'>): SimSession {
    const now = Date.now();
    this.lastId = Math.max(now, this.lastId + 1);
    const session: SimSession = { ...init, id: this.lastId, createdAt: now, lastSeenAt: now, keepalives: 0 };
    this.sessions.set(session.id, session);
    this.counters.started += 1;
    return session;
  }

  /** Records a keepalive; false when the session does not exist (never did, stopped, or expired). */
  touch(id: number): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    session.lastSeenAt = Date.now();
    session.keepalives += 1;
    this.counters.keepalives += 1;
    return true;
  }

  remove(id: number): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    this.sessions.delete(id);
    session.lease.release();
    this.counters.stopped += 1;
    return true;
  }

  list(): SimSession[] {
    return [...this.sessions.values()];
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const session of this.sessions.values()) session.lease.release();
    this.sessions.clear();
  }

  private sweep(): void {
    const deadline = Date.now() - this.expiryMs;
    for (const session of [...this.sessions.values()]) {
      if (session.lastSeenAt > deadline) continue;
      this.sessions.delete(session.id);
      session.lease.release();
      this.counters.expired += 1;
    }
  }
}
