import type { AppInfo } from '../../shared/ipc/schemas';
import { MediaProxy } from '../media/media-proxy';
import type { VmsAdapter } from '../vms/adapter';
import type { HttpFetch } from '../vms/http';
import { IvmsAdapter } from '../vms/ivms/ivms-adapter';
import { type Clock, systemClock } from './clock';
import type { AppConfig, ServerConfig } from './config';
import { createHandlers } from './handlers';
import type { Logger } from './logger';
import { HandlerRegistry } from './registry';
import { ServerDirectory } from './servers';
import { LiveSessionService } from './sessions/live-sessions';

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
  readonly media: MediaProxy;
  readonly servers: ServerDirectory;
  readonly live: LiveSessionService;
  dispose(): Promise<void>;
}

type AdapterFactories = {
  readonly [K in ServerConfig['type']]: (config: Extract<ServerConfig, { type: K }>, fetch?: HttpFetch) => VmsAdapter;
};

/** One factory per server type; a new type in the config schema fails to compile until it has one. */
const ADAPTERS: AdapterFactories = {
  ivms: (config, fetch) =>
    new IvmsAdapter({
      url: config.url,
      pathPrefix: config.pathPrefix,
      keepaliveIntervalMs: config.keepaliveIntervalMs,
      requestTimeoutMs: config.requestTimeoutMs,
      statusOnlineValue: config.statusOnlineValue,
      fetch,
    }),
};

export function createAdapter(config: ServerConfig, fetch?: HttpFetch): VmsAdapter {
  return ADAPTERS[config.type](config, fetch);
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const log = options.log;
  const media = new MediaProxy({ fetch: options.fetch, clock, log: log.child('media') });
  const registry = new HandlerRegistry(log.child('ipc'));

  const servers = new ServerDirectory({
    servers: options.config.servers,
    createAdapter: (config) => createAdapter(config, options.fetch),
    clock,
    log: log.child('servers'),
    onServersChanged: (list) => registry.emit('servers.changed', list),
    onCamerasChanged: (serverId, cameras) => registry.emit('cameras.changed', { serverId, cameras }),
  });

  const live = new LiveSessionService({
    clock,
    log: log.child('live'),
    media,
    adapterFor: (serverId) => servers.adapter(serverId),
    checkCamera: (serverId, cameraId) => void servers.camera(serverId, cameraId),
    notify: (clientId, event) => registry.emit('stream.state', event, clientId),
  });

  registry.implement(createHandlers({ info: options.info, servers, live }));
  registry.onDisconnect((clientId) => void live.releaseClient(clientId));
  servers.start();

  return {
    registry,
    media,
    servers,
    live,
    async dispose() {
      await live.dispose();
      await servers.dispose();
    },
  };
}
