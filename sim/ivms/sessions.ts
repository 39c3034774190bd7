import type { SimProfile } from '../site/catalog';
import type { EncoderLease } from '../site/encoder-pool';

interface SessionBase {
  readonly id: number;
  readonly cameraId: number;
  readonly createdAt: number;
  lastSeenAt: number;
  keepalives: number;
  /** Longest time between two signs of life (creation or keepalives), for keepalive accuracy. */
  maxGapMs: number;
}

export interface LiveSession extends SessionBase {
  readonly kind: 'live';
  readonly profile: SimProfile;
  readonly lease: EncoderLease;
}

export interface ArchiveSession extends SessionBase {
  readonly kind: 'archive';
  /** Sequence (in the camera's recording) of the first segment this session plays. */
  readonly firstSequence: number;
  /** The time the client asked for (epoch ms). */
  readonly fromMs: number;
}

export type SimSession = LiveSession | ArchiveSession;

/** What the table fills in itself. */
type Generated = 'id' | 'createdAt' | 'lastSeenAt' | 'keepalives' | 'maxGapMs';
type NewSession = Omit<LiveSession, Generated> | Omit<ArchiveSession, Generated>;

export interface SessionCounters {
  started: number;
  stopped: number;
  expired: number;
  keepalives: number;
  /** Keepalives or stops for sessions the server does not know. */
  unknown: number;
}

/**
 * Sessions as the real server keeps them: a session that hears no keepalive for the
 * expiry time is dropped (its live encoder released), exactly as a client that stopped
 * calling would see it.
 */
export class SessionTable {
  private readonly sessions = new Map<number, SimSession>();
  private readonly sweeper: NodeJS.Timeout;
  private lastId = 0;
  readonly counters: SessionCounters = { started: 0, stopped: 0, expired: 0, keepalives: 0, unknown: 0 };

  constructor(private readonly expiryMs: () => number) {
    this.sweeper = setInterval(() => this.sweep(), 100);
  }

  /** Ids look like the real ones: a millisecond timestamp, kept unique. */
  add(init: NewSession): SimSession {
    const now = Date.now();
    this.lastId = Math.max(now, this.lastId + 1);
    const session = { ...init, id: this.lastId, createdAt: now, lastSeenAt: now, keepalives: 0, maxGapMs: 0 } as SimSession;
    this.sessions.set(session.id, session);
    this.counters.started += 1;
    return session;
  }

  get(id: number, kind: SimSession['kind']): SimSession | undefined {
    const session = this.sessions.get(id);
    return session?.kind === kind ? session : undefined;
  }

  /** Records a keepalive; false when the session does not exist (never did, stopped, or expired). */
  touch(id: number, kind: SimSession['kind']): boolean {
    const session = this.get(id, kind);
    if (!session) {
      this.counters.unknown += 1;
      return false;
    }
    const now = Date.now();
    session.maxGapMs = Math.max(session.maxGapMs, now - session.lastSeenAt);
    session.lastSeenAt = now;
    session.keepalives += 1;
    this.counters.keepalives += 1;
    return true;
  }

  remove(id: number, kind: SimSession['kind']): boolean {
    const session = this.get(id, kind);
    if (!session) {
      this.counters.unknown += 1;
      return false;
    }
    this.drop(session);
    this.counters.stopped += 1;
    return true;
  }

  /** Drops every session of a camera (it went offline) without counting them as stopped by a client. */
  dropCamera(cameraId: number): number {
    const gone = [...this.sessions.values()].filter((session) => session.cameraId === cameraId);
    gone.forEach((session) => this.drop(session));
    return gone.length;
  }

  list(): SimSession[] {
    return [...this.sessions.values()];
  }

  /** Forgets every session, as a restarting server does. */
  clear(): void {
    for (const session of [...this.sessions.values()]) this.drop(session);
  }

  close(): void {
    clearInterval(this.sweeper);
    this.clear();
  }

  private drop(session: SimSession): void {
    this.sessions.delete(session.id);
    if (session.kind === 'live') session.lease.release();
  }

  private sweep(): void {
    const deadline = Date.now() - this.expiryMs();
    for (const session of [...this.sessions.values()]) {
      if (session.lastSeenAt > deadline) continue;
      this.drop(session);
      this.counters.expired += 1;
    }
  }
}
