import type { CameraStatus } from '../../../shared/model/camera';
import type { EventSubscription, LiveRequest, VmsAdapter, VmsCamera, VmsLiveSession } from '../../../electron/vms/adapter';

/**
 * A scriptable VmsAdapter for unit tests of the core services. It records calls and
 * lets a test make any call fail with a given error.
 */
export class FakeAdapter implements VmsAdapter {
  readonly kind = 'ivms' as const;
  readonly capabilities = { liveDelivery: 'hls', archive: false, events: 'none', eventMedia: false } as const;
  cameras: VmsCamera[] = [
    { id: '1', name: 'Gate' },
    { id: '2', name: 'Yard' },
  ];
  statuses = new Map<string, CameraStatus>([
    ['1', 'online'],
    ['2', 'offline'],
  ]);
  readonly open = new Map<string, VmsLiveSession>();
  readonly calls: string[] = [];
  failures: Partial<Record<'listCameras' | 'cameraStatuses' | 'openLive' | 'keepAlive' | 'closeLive', Error>> = {};
  private nextSession = 100;

  connect(): Promise<void> {
    return Promise.resolve();
  }

  listCameras(): Promise<VmsCamera[]> {
    this.calls.push('listCameras');
    return this.failures.listCameras ? Promise.reject(this.failures.listCameras) : Promise.resolve(this.cameras);
  }

  cameraStatuses(): Promise<ReadonlyMap<string, CameraStatus>> {
    this.calls.push('cameraStatuses');
    return this.failures.cameraStatuses ? Promise.reject(this.failures.cameraStatuses) : Promise.resolve(this.statuses);
  }

  openLive(request: LiveRequest): Promise<VmsLiveSession> {
    this.calls.push(`openLive:${request.cameraId}`);
    if (this.failures.openLive) return Promise.reject(this.failures.openLive);
    const id = String(this.nextSession++);
    const session: VmsLiveSession = {
      id,
      cameraId: request.cameraId,
      media: { kind: 'hls', playlistUrl: `http://vms.test/live/${id}/index.m3u8` },
      lifetime: { kind: 'keepalive', intervalMs: 10_000 },
    };
    this.open.set(id, session);
    return Promise.resolve(session);
  }

  keepAlive(session: VmsLiveSession): Promise<void> {
    this.calls.push(`keepAlive:${session.id}`);
    return this.failures.keepAlive ? Promise.reject(this.failures.keepAlive) : Promise.resolve();
  }

  renew(session: VmsLiveSession): Promise<VmsLiveSession> {
    return Promise.resolve(session);
  }

  closeLive(session: VmsLiveSession): Promise<void> {
    this.calls.push(`closeLive:${session.id}`);
    this.open.delete(session.id);
    return this.failures.closeLive ? Promise.reject(this.failures.closeLive) : Promise.resolve();
  }

  subscribeEvents(): EventSubscription {
    return { close: () => undefined };
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
