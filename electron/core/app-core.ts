import type { AppInfo } from '../../shared/ipc/schemas';
import { MEDIA_ROUTE, MediaProxy } from '../media/media-proxy';
import type { VmsAdapter } from '../vms/adapter';
import { httpFetch, type HttpFetch } from '../vms/http';
import { IvmsAdapter } from '../vms/ivms/ivms-adapter';
import { type Clock, systemClock } from './clock';
import { type AppConfig, keepaliveIntervalMs, type ServerConfig } from './config';
import { join } from 'node:path';
import { auditExportRoute, EXPORT_ROUTE } from './events/audit-export';
import { eventMediaRoute } from './events/event-media';
import { EVENT_MEDIA_ROUTE, EventService } from './events/event-service';
import { EventJournal } from './events/journal';
import { ExportService } from './exports/export-service';
import { DownloadSaver } from './files/download-saver';
import { DOWNLOAD_ROUTE, Downloads } from './files/downloads';
import type { FileSaver } from './files/file-saver';
import { RecordingsService } from './recordings/recordings-service';
import { confBackend, SettingsStore } from './settings/settings-store';
import { createHandlers } from './handlers';
import type { RouteHandler } from './http-answer';
import type { Logger } from './logger';
import { HandlerRegistry } from './registry';
import { ServerDirectory } from './servers';
import { StreamService } from './sessions/stream-service';

export interface CoreOptions {
  readonly config: AppConfig;
  /** Where the journal and the settings live. */
  readonly dataDir: string;
  readonly info: AppInfo;
  readonly log: Logger;
  readonly clock?: Clock;
  readonly fetch?: HttpFetch;
  /**
   * How the host saves files the renderer made: Electron's save dialog. Without one (the
   * browser host) they become downloads from the app's origin.
   */
  readonly fileSaver?: FileSaver;
}

/** The host-agnostic main-process core: everything both transports serve. */
export interface Core {
  readonly registry: HandlerRegistry;
  /** Routes on the app's origin (media, event media), for both transports. */
  readonly routes: ReadonlyArray<readonly [prefix: string, handler: RouteHandler]>;
  readonly servers: ServerDirectory;
  readonly streams: StreamService;
  readonly events: EventService;
  readonly journal: EventJournal;
  readonly settings: SettingsStore;
  readonly exports: ExportService;
  dispose(): Promise<void>;
}

/** Retention runs at start and then this often. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;

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

  const settings = new SettingsStore(confBackend(options.dataDir), log.child('settings'));
  const journal = new EventJournal({
    path: join(options.dataDir, 'events.db'),
    retentionDays: options.config.journal.retentionDays,
    maxBytes: options.config.journal.maxMegabytes * 1024 * 1024,
  });
  const events = new EventService({
    journal,
    settings: () => settings.get(),
    clock,
    log: log.child('events'),
    publish: (batch) => registry.emit('events.added', batch),
    publishChanges: (changes) => registry.emit('alerts.changed', changes),
    publishCounts: (counts) => registry.emit('alerts.counts', counts),
    alarm: (alarm) => registry.emit('alerts.alarm', alarm),
    onStreamState: (serverId, info) => servers.setEventStream(serverId, info),
    onCameraStatus: (serverId, cameraId, status) => servers.applyCameraStatus(serverId, cameraId, status),
  });
  let cancelPrune: (() => void) | undefined;
  const prune = (): void => {
    try {
      const removed = journal.prune(clock.now());
      if (removed > 0) log.info(`journal retention removed ${removed} events`);
    } catch (error) {
      log.error('journal retention failed', { error });
    }
    cancelPrune = clock.after(PRUNE_EVERY_MS, prune);
  };
  prune();

  const recordings = new RecordingsService({
    clock,
    adapterFor: (serverId) => servers.adapter(serverId),
    checkCamera: (serverId, cameraId) => void servers.camera(serverId, cameraId),
    offlineSpans: (serverId, cameraId, from, to) => servers.offlineSpans(serverId, cameraId, from, to),
  });
  const downloads = new Downloads();
  const exports = new ExportService({
    dir: join(options.dataDir, 'exports'),
    clock,
    log: log.child('exports'),
    fetch: options.fetch ?? httpFetch,
    adapterFor: (serverId) => servers.adapter(serverId),
    cameraName: (serverId, cameraId) => servers.camera(serverId, cameraId).name,
    downloads,
    publish: (job) => registry.emit('export.changed', job),
  });
  const downloadSaver = new DownloadSaver(downloads);
  const files = options.fileSaver ?? downloadSaver;

  registry.implement(
    createHandlers({ info: options.info, servers, streams, events, settings, recordings, exports, files, settingsChanged: () => registry.emit('settings.changed', settings.get()) }),
  );
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
      [EXPORT_ROUTE, auditExportRoute(journal)],
      [DOWNLOAD_ROUTE, downloads.route()],
    ],
    servers,
    streams,
    events,
    journal,
    settings,
    exports,
    async dispose() {
      cancelPrune?.();
      events.dispose();
      // Before the servers: a running export closes its session through its adapter.
      await exports.dispose();
      downloadSaver.dispose();
      await streams.dispose();
      await servers.dispose();
      journal.close();
    },
  };
}
