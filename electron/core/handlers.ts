import type { AppInfo } from '../../shared/ipc/schemas';
import type { EventService } from './events/event-service';
import type { SettingsStore } from './settings/settings-store';
import type { Handlers } from './registry';
import type { ServerDirectory } from './servers';
import type { StreamService } from './sessions/stream-service';

export interface HandlerDeps {
  readonly info: AppInfo;
  readonly servers: ServerDirectory;
  readonly streams: StreamService;
  readonly events: EventService;
  readonly settings: SettingsStore;
  /** Tells every window the settings changed. */
  readonly settingsChanged: () => void;
}

/** The implementation of every invoke channel; each is a thin call into a core service. */
export function createHandlers({ info, servers, streams, events, settings, settingsChanged }: HandlerDeps): Handlers {
  return {
    'app.info': () => Promise.resolve(info),
    'servers.list': () => Promise.resolve(servers.list()),
    'cameras.list': ({ serverId }) => Promise.resolve(servers.cameras(serverId)),
    'live.start': (request, { clientId }) => streams.start(clientId, request, { mode: 'live' }),
    'archive.start': ({ from, ...request }, { clientId }) => streams.start(clientId, request, { mode: 'archive', fromMs: from }),
    'stream.stop': async ({ streamId }, { clientId }) => {
      await streams.stop(clientId, streamId);
      return {};
    },
    'stream.restart': ({ streamId, reason }, { clientId }) => {
      streams.restart(clientId, streamId, reason ?? 'The player could not recover');
      return Promise.resolve({});
    },
    'events.query': ({ filter, limit, before }) => Promise.resolve(events.query(filter, limit, before)),
    'events.get': ({ id }) => Promise.resolve(events.get(id) ?? null),
    'alerts.acknowledge': ({ ids, comment }) => Promise.resolve(events.acknowledge(ids, comment || undefined)),
    'alerts.counts': () => Promise.resolve(events.openCounts()),
    'alerts.alarms': () => Promise.resolve(events.openAlarms()),
    'settings.get': () => Promise.resolve(settings.get()),
    'settings.update': (patch) => {
      const next = settings.update(patch);
      settingsChanged();
      return Promise.resolve(next);
    },
  };
}
