import type { AppInfo } from '../../shared/ipc/schemas';
import { MEDIA_ROUTE, MediaProxy } from '../media/media-proxy';
import type { VmsAdapter } from '../vms/adapter';
import type { HttpFetch } from '../vms/http';
import { IvmsAdapter } from '../vms/ivms/ivms-adapter';
import { type Clock, systemClock } from './clock';
import { type AppConfig, keepaliveIntervalMs, type ServerConfig } from './config';
import { eventMediaRoute } from './events/event-media';
import { EVENT_MEDIA_ROUTE, EventService } from './events/event-service';
import { MemoryEventStore } from './events/event-store';
import { createHandlers } from './handlers';
import type { RouteHandler } from './http-answer';
import type { Logger } from './logger';
import { HandlerRegistry } from './registry';
import { ServerDirectory } from './servers';
import { StreamService } from './sessions/stream-service';

export interface CoreOptions {
  readonly config: AppConfig;
  readonly info: AppInfo;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly fetch?: HttpFetch;
}

/** The host-agnostic main-process core: everything both transports serve. */
export interface Core {
  readonly registry: HandlerRegistry;
  /** Routes on the app's origin (media, event media), for both transports. */
  readonly routes: ReadonlyArray<readonly [prefix: string, handler: RouteHandler]>;
  readonly servers: ServerDirectory;
  readonly streams: StreamService;
  readonly events: EventService;
  dispose(): Promise<void>;
}

interface AdapterDeps {
  readonly fetch: HttpFetch | undefined;
  readonly clock: Clock;
  readonly log: Logger;
}

type AdapterFactories = {
  readonly [K in ServerConfig['type']]: (config: Extract<ServerConfig, { type: K }>, deps: AdapterDeps) => VmsAdapter;
};

/** One factory per server type; a new type in the config schema fails to compile until it has one. */
const ADAPTERS: AdapterFactories = {
  ivms: (config, deps) =>
    new IvmsAdapter({
      url: config.url,
      redundantUrl: config.redundantUrl,
      pathPrefix: config.pathPrefix,
      keepaliveIntervalMs: keepaliveIntervalMs(config),
      requestTimeoutMs: config.requestTimeoutMs,
      statusOnlineValue: config.statusOnlineValue,
      timeZone: config.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      eventIdleTimeoutMs: config.eventIdleTimeoutMs,
      failbackProbeMs: config.failbackProbeMs,
      fetch: deps.fetch,
      clock: deps.clock,
      log: deps.log,
    }),
};

export function createAdapter(config: ServerConfig, deps: AdapterDeps): VmsAdapter {
  return ADAPTERS[config.type](config, deps);
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const log = options.log;
  const media = new MediaProxy({ fetch: options.fetch, clock, log: log.child('media') });
  const registry = new HandlerRegistry(log.child('ipc'));

  const servers = new ServerDirectory({
    servers: options.config.servers,
    createAdapter: (config) => createAdapter(config, { fetch: options.fetch, clock, log: log.child(config.id) }),
    clock,
    log: log.child('servers'),
    refreshMs: (config) => config.statusPollMs,
    onServersChanged: (list) => registry.emit('servers.changed', list),
    onCamerasChanged: (serverId, cameras) => registry.emit('cameras.changed', { serverId, cameras }),
  });

  const streams = new StreamService({
    clock,
    log: log.child('streams'),
    media,
    adapterFor: (serverId) => servers.adapter(serverId),
    checkCamera: (serverId, cameraId) => void servers.camera(serverId, cameraId),
    notify: (clientId, event) => registry.emit('stream.state', event, clientId),
  });

  const events = new EventService({
    store: new MemoryEventStore(),
    clock,
    log: log.child('events'),
    publish: (batch) => registry.emit('events.added', batch),
    onStreamState: (serverId, info) => servers.setEventStream(serverId, info),
    onCameraStatus: (serverId, cameraId, status) => servers.applyCameraStatus(serverId, cameraId, status),
  });

  registry.implement(createHandlers({ info: options.info, servers, streams, events }));
  registry.onDisconnect((clientId) => void streams.releaseClient(clientId));
  servers.start();
  for (const serverId of servers.ids()) {
    if (servers.config(serverId).events) events.attach(serverId, servers.adapter(serverId));
    else servers.setEventStream(serverId, { state: 'unsupported', reason: 'Turned off in the configuration' });
  }

  return {
    registry,
    routes: [
      [MEDIA_ROUTE, (path, _url, signal) => media.handle(path, signal)],
      [EVENT_MEDIA_ROUTE, eventMediaRoute({ events, fetchMedia: (serverId, id, kind, signal) => servers.adapter(serverId).eventMedia(id, kind, signal) })],
    ],
    servers,
    streams,
    events,
    async dispose() {
      events.dispose();
      await streams.dispose();
      await servers.dispose();
    },
  };
}
