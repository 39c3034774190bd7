import type { CameraStatus } from '../../../shared/model/camera';
import type { ArchiveRequest, EventSubscription, LiveRequest, VmsAdapter, VmsBinary, VmsCamera, VmsEventSink, VmsSession } from '../../../electron/vms/adapter';

/** Sessions of the fake are never played: their media is not fetched in these tests. */
const NOT_FETCHED = { fetch: () => Promise.reject(new Error('the fake adapter has no media')) };

type Failable = 'listCameras' | 'cameraStatuses' | 'openLive' | 'openArchive' | 'keepAlive' | 'renew' | 'closeSession' | 'eventMedia';

/**
 * A scriptable VmsAdapter for unit tests of the core services. It records calls, lets a
 * test make any call fail with a given error, and can raise events and "sessions lost".
 */
export class FakeAdapter implements VmsAdapter {
  readonly kind = 'ivms' as const;
  readonly capabilities = { liveDelivery: 'hls', archive: true, events: 'push', eventMedia: true, createEvents: false } as const;
  activeEndpoint: 'primary' | 'standby' = 'primary';
  cameras: VmsCamera[] = [
    { id: '1', name: 'Gate' },
    { id: '2', name: 'Yard' },
  ];
  statuses = new Map<string, CameraStatus>([
    ['1', 'online'],
    ['2', 'offline'],
  ]);
  readonly open = new Map<string, VmsSession>();
  readonly calls: string[] = [];
  failures: Partial<Record<Failable, Error>> = {};
  sinks: VmsEventSink[] = [];
  private readonly lost = new Set<(reason: string) => void>();
  private nextSession = 100;
  /** How sessions stay valid: kept alive (IVMS), or expiring after `expiresInMs` (VXG's tickets). */
  sessionLifetime: { kind: 'keepalive' } | { kind: 'expires'; expiresInMs: number; now: () => number } = { kind: 'keepalive' };

  connect(): Promise<void> {
    return Promise.resolve();
  }

  listCameras(): Promise<VmsCamera[]> {
    return this.answer('listCameras', 'listCameras', () => [...this.cameras]);
  }

  cameraStatuses(): Promise<ReadonlyMap<string, CameraStatus>> {
    return this.answer('cameraStatuses', 'cameraStatuses', () => new Map(this.statuses));
  }

  openLive(request: LiveRequest): Promise<VmsSession> {
    return this.answer('openLive', `openLive:${request.cameraId}`, this.session('live', request.cameraId));
  }

  openArchive(request: ArchiveRequest): Promise<VmsSession> {
    return this.answer('openArchive', `openArchive:${request.cameraId}@${request.fromMs}`, this.session('archive', request.cameraId));
  }

  keepAlive(session: VmsSession): Promise<void> {
    return this.answer('keepAlive', `keepAlive:${session.id}`, undefined);
  }

  renew(session: VmsSession): Promise<VmsSession> {
    return this.answer('renew', `renew:${session.id}`, () => {
      const renewed: VmsSession = { ...session, id: String(this.nextSession++), lifetime: this.lifetime() };
      this.open.delete(session.id);
      this.open.set(renewed.id, renewed);
      return renewed;
    });
  }

  closeSession(session: VmsSession): Promise<void> {
    this.open.delete(session.id);
    return this.answer('closeSession', `closeSession:${session.id}`, undefined);
  }

  eventMedia(vendorEventId: string, kind: 'snap' | 'clip'): Promise<VmsBinary> {
    return this.answer('eventMedia', `eventMedia:${vendorEventId}:${kind}`, { bytes: new Uint8Array([1, 2, 3]), contentType: kind === 'snap' ? 'image/jpeg' : 'video/mp4' });
  }

  subscribeEvents(sink: VmsEventSink): EventSubscription {
    this.sinks.push(sink);
    return { close: () => void (this.sinks = this.sinks.filter((candidate) => candidate !== sink)) };
  }

  onSessionsLost(listener: (reason: string) => void): () => void {
    this.lost.add(listener);
    return () => this.lost.delete(listener);
  }

  /** Simulates a failover: every session is useless now. */
  loseSessions(reason: string): void {
    for (const listener of this.lost) listener(reason);
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }

  private session(mode: VmsSession['mode'], cameraId: string): () => VmsSession {
    return () => {
      const id = String(this.nextSession++);
      const session: VmsSession = {
        id,
        mode,
        cameraId,
        media: { kind: 'hls', playlistUrl: `http://vms.test/${mode}/${id}/index.m3u8`, upstream: NOT_FETCHED },
        lifetime: this.lifetime(),
        origin: this.activeEndpoint,
      };
      this.open.set(id, session);
      return session;
    };
  }

  private lifetime(): VmsSession['lifetime'] {
    const lifetime = this.sessionLifetime;
    return lifetime.kind === 'keepalive' ? { kind: 'keepalive', intervalMs: 10_000 } : { kind: 'expires', expiresAt: lifetime.now() + lifetime.expiresInMs };
  }

  private answer<T>(name: Failable, call: string, value: T | (() => T)): Promise<T> {
    this.calls.push(call);
    const failure = this.failures[name];
    if (failure) return Promise.reject(failure);
    return Promise.resolve(typeof value === 'function' ? (value as () => T)() : value);
  }
}
