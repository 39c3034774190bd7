import type { Handlers } from '../../../electron/core/registry';
import { SensorConfig } from '../../../shared/model/sensor';
import { Settings } from '../../../shared/model/settings';
import type { WallsState } from '../../../shared/model/wall';

const NO_WALLS: WallsState = { walls: [], defaultWallId: null, activeWallId: null, current: {} };

/** Handlers that answer every channel with a valid, fixed reply; override what a test needs. */
export function fakeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.info': () => Promise.resolve({ version: '9.9.9', transport: 'web', demo: false }),
    'servers.list': () => Promise.resolve([]),
    'servers.settings': () => Promise.resolve([]),
    'servers.kinds': () => Promise.resolve([]),
    'servers.add': ({ id, type, name }) => Promise.resolve({ id, type, name, values: {}, storedSecrets: [], summary: '', managed: false }),
    'servers.update': ({ id, type, name }) => Promise.resolve({ id, type, name, values: {}, storedSecrets: [], summary: '', managed: false }),
    'servers.remove': () => Promise.resolve({}),
    'servers.test': () => Promise.resolve({ ok: true, cameraCount: 0 }),
    'servers.signIn': () => Promise.resolve({ authorizeUrl: 'https://auth.example/oauth2/authorize', opened: false }),
    'events.raisable': () => Promise.resolve([]),
    'events.raise': () => Promise.resolve({}),
    'cameras.list': () => Promise.resolve([]),
    'cameras.add': () => Promise.resolve({ cameraId: 'c1' }),
    'cameras.remove': () => Promise.resolve({}),
    'live.start': () => Promise.resolve({ streamId: 's1', url: '/media/s1/index.m3u8', kind: 'hls', mode: 'live' }),
    'archive.start': () => Promise.resolve({ streamId: 's2', url: '/media/s2/index.m3u8', kind: 'hls', mode: 'archive' }),
    'stream.stop': () => Promise.resolve({}),
    'stream.restart': () => Promise.resolve({}),
    'stream.taking': () => Promise.resolve({}),
    'webrtc.offer': () => Promise.resolve({ sdp: 'v=0' }),
    'webrtc.answer': () => Promise.resolve({}),
    'webrtc.candidates': () => Promise.resolve({ candidates: [] }),
    'events.query': () => Promise.resolve([]),
    'events.get': () => Promise.resolve(null),
    'alerts.acknowledge': () => Promise.resolve({ acknowledged: [], unchanged: [] }),
    'alerts.counts': () => Promise.resolve({ open: 0, bySeverity: { info: 0, low: 0, normal: 0, high: 0, critical: 0 } }),
    'alerts.alarms': () => Promise.resolve([]),
    'alerts.silence': () => Promise.resolve([]),
    'settings.get': () => Promise.resolve(Settings.parse({})),
    'settings.update': () => Promise.resolve(Settings.parse({})),
    'timeline.recordings': () => Promise.resolve({ ranges: [], source: 'unknown' }),
    'timeline.markers': ({ from, to }) => Promise.resolve({ from, to, truncated: false, types: [], time: [], type: [], camera: [], id: [] }),
    'export.start': () => Promise.resolve([]),
    'export.cancel': () => Promise.resolve({}),
    'export.list': () => Promise.resolve([]),
    'files.save': () => Promise.resolve({ saved: 'download', url: '/downloads/0000000000000000000000?download=1' }),
    'app.problems': () => Promise.resolve([]),
    'walls.get': () => Promise.resolve(NO_WALLS),
    'walls.saveCurrent': () => Promise.resolve({}),
    'walls.save': () => Promise.resolve(NO_WALLS),
    'walls.delete': () => Promise.resolve(NO_WALLS),
    'walls.setDefault': () => Promise.resolve(NO_WALLS),
    'walls.activate': () => Promise.resolve(NO_WALLS),
    'site.state': () => Promise.resolve({ configured: false, site: '', pc: '', broker: 'off', pcs: [] }),
    'site.push': () => Promise.resolve({ withoutWindow: [] }),
    'site.window': () => Promise.resolve({}),
    'sensors.state': () => Promise.resolve({ sensors: [], queues: [] }),
    'sensors.settings': () => Promise.resolve([]),
    'sensors.save': (draft) => Promise.resolve({ config: SensorConfig.parse(draft), hasPassword: false, hasSecret: false, managed: false }),
    'sensors.remove': () => Promise.resolve({}),
    'sensors.retry': () => Promise.resolve({}),
    ...overrides,
  };
}
