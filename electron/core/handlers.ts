import type { AppInfo } from '../../shared/ipc/schemas';
import { vendorInfos } from '../vms/registry';
import type { EventService } from './events/event-service';
import type { SensorService } from './sensors/sensor-service';
import type { ExportService } from './exports/export-service';
import { decodeRendererFile, type FileSaver } from './files/file-saver';
import type { RecordingsService } from './recordings/recordings-service';
import { checkTimelineSpan } from './recordings/time-ranges';
import type { SettingsStore } from './settings/settings-store';
import type { ProblemLog } from './stores/problem-log';
import type { WallsStore } from './walls/walls-store';
import type { Handlers } from './registry';
import type { ServerDirectory } from './servers';
import type { ServerAdmin } from './servers/server-admin';
import type { BrowserSignInService } from './servers/browser-sign-in';
import type { StreamService } from './sessions/stream-service';
import type { SiteService } from './site-service';
import { raisableEvents, raiseEvent } from './events/raise-event';

export interface HandlerDeps {
  readonly info: AppInfo;
  readonly servers: ServerDirectory;
  readonly serverAdmin: ServerAdmin;
  readonly signIn: BrowserSignInService;
  readonly streams: StreamService;
  readonly events: EventService;
  readonly sensors: SensorService;
  readonly settings: SettingsStore;
  readonly walls: WallsStore;
  readonly problems: ProblemLog;
  readonly recordings: RecordingsService;
  readonly exports: ExportService;
  /** The host's way of saving a file the renderer made. */
  readonly files: FileSaver;
  /** Tells every window the settings changed. */
  readonly settingsChanged: () => void;
  readonly site: SiteService;
}

/** The implementation of every invoke channel; each is a thin call into a core service. */
export function createHandlers({ info, servers, serverAdmin, signIn, streams, events, sensors, settings, walls, problems, recordings, exports, files, settingsChanged, site }: HandlerDeps): Handlers {
  return {
    'app.info': () => Promise.resolve(info),
    'servers.list': () => Promise.resolve(servers.list()),
    'servers.settings': () => Promise.resolve(serverAdmin.settings()),
    'servers.kinds': () => Promise.resolve(vendorInfos()),
    'servers.add': (draft) => serverAdmin.add(draft),
    'servers.update': (draft) => serverAdmin.update(draft),
    'servers.remove': async ({ id }) => {
      await serverAdmin.remove(id);
      return {};
    },
    'servers.test': (draft) => serverAdmin.test(draft),
    'servers.signIn': ({ id }) => signIn.begin(id),
    'cameras.list': ({ serverId }) => Promise.resolve(servers.cameras(serverId)),
    'cameras.add': ({ serverId, ...camera }) => servers.addCamera(serverId, camera),
    'cameras.remove': async ({ serverId, cameraId }) => {
      await servers.removeCamera(serverId, cameraId);
      return {};
    },
    'live.start': (request, { clientId }) => streams.start(clientId, request, { mode: 'live' }),
    'archive.start': ({ from, ...request }, { clientId }) => streams.start(clientId, request, { mode: 'archive', fromMs: from }),
    'stream.stop': async ({ streamId }, { clientId }) => {
      await streams.stop(clientId, streamId);
      return {};
    },
    'stream.taking': ({ streamIds }, { clientId }) => {
      streams.taking(clientId, streamIds);
      return Promise.resolve({});
    },
    'stream.restart': ({ streamId, reason }, { clientId }) => {
      streams.restart(clientId, streamId, reason ?? 'The player could not recover');
      return Promise.resolve({});
    },
    'webrtc.offer': ({ streamId, playback }, { clientId }) => streams.webRtcOffer(clientId, streamId, playback),
    'webrtc.answer': async ({ streamId, sdp }, { clientId }) => {
      await streams.webRtcAnswer(clientId, streamId, sdp);
      return {};
    },
    'webrtc.candidates': ({ streamId, add }, { clientId }) => streams.webRtcCandidates(clientId, streamId, add),
    'events.query': ({ filter, limit, before }) => Promise.resolve(events.query(filter, limit, before)),
    'events.get': ({ id }) => Promise.resolve(events.get(id) ?? null),
    'events.raisable': ({ serverId }) => raisableEvents(servers, serverId),
    'events.raise': (request) => raiseEvent(servers, request),
    'alerts.acknowledge': ({ ids, comment }) => Promise.resolve(events.acknowledge(ids, comment || undefined)),
    'alerts.counts': () => Promise.resolve(events.openCounts()),
    'alerts.alarms': () => Promise.resolve(events.openAlarms()),
    'alerts.silence': () => Promise.resolve(events.silence()),
    'alerts.picture': ({ ids, base64 }) => {
      const jpeg = decodeRendererFile(base64, 'image/jpeg');
      for (const id of ids) events.attachWindowPicture(id, jpeg);
      return Promise.resolve({});
    },
    'alerts.pictureClaim': ({ ids }) => Promise.resolve({ ids: events.claimWindowPicture(ids) }),
    'settings.get': () => Promise.resolve(settings.get()),
    'settings.update': (patch) => {
      const next = settings.update(patch);
      settingsChanged();
      return Promise.resolve(next);
    },
    'timeline.recordings': ({ serverId, cameraId, from, to }) => recordings.recordings(serverId, cameraId, from, to),
    'timeline.markers': ({ cameras, from, to, limit }) => {
      checkTimelineSpan(from, to);
      return Promise.resolve(events.markers(cameras, from, to, limit));
    },
    'export.start': ({ cameras, from, to }) => Promise.resolve(exports.start(cameras, from, to)),
    'export.cancel': ({ id }) => {
      exports.cancel(id);
      return Promise.resolve({});
    },
    'export.list': () => Promise.resolve(exports.list()),
    'files.save': ({ fileName, contentType, base64 }) => files.save(fileName, decodeRendererFile(base64, contentType), contentType),
    'app.problems': () => Promise.resolve(problems.list()),
    'walls.get': () => Promise.resolve(walls.get()),
    'walls.saveCurrent': ({ monitor, view }) => {
      walls.saveCurrent(monitor, view);
      return Promise.resolve({});
    },
    'walls.save': (wall) => Promise.resolve(walls.save(wall)),
    'walls.delete': ({ id }) => Promise.resolve(walls.delete(id)),
    'walls.setDefault': ({ id }) => Promise.resolve(walls.setDefault(id)),
    'walls.activate': ({ id }) => Promise.resolve(walls.activate(id)),
    'site.state': () => Promise.resolve(site.state()),
    'site.push': ({ pc, monitors, label }) => site.push(pc, monitors, label),
    'site.window': ({ monitor }, { clientId }) => {
      site.windowOpened(clientId, monitor);
      return Promise.resolve({});
    },
    'sensors.state': () => Promise.resolve(sensors.state()),
    'sensors.settings': () => Promise.resolve(sensors.admin.settings()),
    'sensors.save': (draft) => Promise.resolve(sensors.admin.save(draft)),
    'sensors.remove': ({ id }) => {
      sensors.admin.remove(id);
      return Promise.resolve({});
    },
    'sensors.retry': ({ serverId }) => {
      sensors.bridge.retry(serverId);
      return Promise.resolve({});
    },
  };
}
