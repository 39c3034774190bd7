import type { AppInfo } from '../../shared/ipc/schemas';
import type { EventRecord } from '../../shared/model/event';
import { MEDIA_ROUTE, MediaProxy } from '../media/media-proxy';
import type { VmsAdapter } from '../vms/adapter';
import type { HttpFetch } from '../vms/http';
import { isVmsError, VmsError } from '../vms/errors';
import { createAdapter, type ServerConfig, vendorOf } from '../vms/registry';
import { type Clock, systemClock } from '../common/clock';
import type { AppConfig } from './config';
import type { CredentialVault } from './credentials/credential-vault';
import { CREDENTIALS_KEY_FILE, KeyFileVault } from './credentials/key-file-vault';
import { join } from 'node:path';
import { auditExportRoute, EXPORT_ROUTE } from './events/audit-export';
import { CAMERA_IMAGE_ROUTE, cameraImageRoute } from './cameras/camera-image';
import { EVENT_MEDIA_ROUTE, eventMediaRoute } from './events/event-media';
import { EventService } from './events/event-service';
import { EventJournal } from './events/journal';
import { ExportService } from './exports/export-service';
import { DownloadSaver } from './files/download-saver';
import { DOWNLOAD_ROUTE, Downloads } from './files/downloads';
import type { FileSaver } from './files/file-saver';
import { RecordingsService } from './recordings/recordings-service';
import { SettingsStore } from './settings/settings-store';
import { ProblemLog } from './stores/problem-log';
import { confFile, type OpenStore } from './stores/store-file';
import { WallsStore } from './walls/walls-store';
import { createHandlers } from './handlers';
import type { RouteHandler } from '../common/http-answer';
import type { Logger } from '../common/logger';
import { HandlerRegistry } from './registry';
import { ServerDirectory } from './servers';
import { initialServers } from './servers/initial-servers';
import { ServerAdmin } from './servers/server-admin';
import { BrowserSignInService } from './servers/browser-sign-in';
import { credentialFingerprint, ROTATED_SECRETS_FILE, RotatedSecrets } from './servers/rotated-secrets';
import { secretsOf } from './servers/server-draft';
import { SERVERS_FILE, ServerStore } from './servers/server-store';
import { StreamService } from './sessions/stream-service';
import { SiteService } from './site-service';
import { installId } from './sensors/install-id';
import { SENSORS_FILE } from './sensors/sensor-admin';
import { StreamStills } from './sensors/stream-stills';
import { CameraPictures, cameraPictureSource } from './sensors/camera-pictures';
import { SensorService } from './sensors/sensor-service';

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
  /**
   * How stored passwords are sealed: Electron's OS keychain (safeStorage). Without one
   * (the browser host) a key file in the data directory (KeyFileVault).
   */
  readonly vault?: CredentialVault;
  /** How store files (settings, walls, servers) are opened: electron-store in Electron, conf otherwise. */
  readonly openStore?: OpenStore;
}

/** The host-agnostic main-process core: everything both transports serve. */
export interface Core {
  readonly registry: HandlerRegistry;
  /** Routes on the app's origin (media, event media), for both transports. */
  readonly routes: ReadonlyArray<readonly [prefix: string, handler: RouteHandler]>;
  readonly servers: ServerDirectory;
  /** Adding, changing, testing and removing servers (the servers dialog). */
  readonly serverAdmin: ServerAdmin;
  /** OAuth sign-in through the operator's browser; the host says how the browser comes back (`useRedirect`). */
  readonly signIn: BrowserSignInService;
  readonly streams: StreamService;
  readonly events: EventService;
  readonly journal: EventJournal;
  readonly settings: SettingsStore;
  readonly walls: WallsStore;
  /** Stores that were damaged at start (and anything else the operator must be told about the app). */
  readonly problems: ProblemLog;
  readonly exports: ExportService;
  /** The other PCs of the site (MQTT), when the deployment file names one. */
  readonly site: SiteService;
  /** The sensor bridge: sensors' events into the alert list and onto their cameras' VMS. */
  readonly sensors: SensorService;
  dispose(): Promise<void>;
}

/** Retention runs at start and then this often. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** What a server's adapter runs with: the core's clock, log and fetch, and where it keeps secrets it obtains. */
function adapterFactory(options: CoreOptions, clock: Clock, log: Logger, rotated: RotatedSecrets): (config: ServerConfig, scope?: string) => VmsAdapter {
  return (config, scope = config.id) => {
    const fingerprint = credentialFingerprint(secretsOf(config), vendorOf(config).secretOrigins(config));
    // The newest token a previous run obtained wins over the one the configuration started from.
    const running = { ...config, ...rotated.read(config.id, fingerprint) } as ServerConfig;
    return createAdapter(running, { fetch: options.fetch, clock, log: log.child(scope), secrets: rotated.sinkFor(config.id, fingerprint) });
  };
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const log = options.log;
  const registry = new HandlerRegistry(log.child('ipc'));
  const media = new MediaProxy({
    clock,
    log: log.child('media'),
    // To the window whose player plays the stream; `streams` is made below, before any stream opens.
    onLivePlaylist: (update) => {
      const clientId = streams.clientOf(update.streamId);
      if (clientId !== undefined) registry.emit('stream.playlist', update, clientId);
    },
  });
  const problems = new ProblemLog(log.child('problems'));
  problems.onReport((list) => registry.emit('app.problems', [...list]));

  const vault = options.vault ?? new KeyFileVault(join(options.dataDir, CREDENTIALS_KEY_FILE));
  const rotated = new RotatedSecrets(confFile(options.dataDir, ROTATED_SECRETS_FILE, options.openStore), vault, log.child('secrets'));
  const adapterFor = adapterFactory(options, clock, log, rotated);
  // Made once the events are: a server's change before then has no queue to wake.
  const sensorsRef: { current?: SensorService } = {};
  const serverStore = new ServerStore(confFile(options.dataDir, SERVERS_FILE, options.openStore), { log: log.child('servers'), problems });
  const initial = initialServers(options.config.servers, serverStore.list(), vault, problems, log.child('servers'), () => serverStore.keepCopy('unusable'));
  serverStore.leaveOut(initial.unusable, initial.unopenable);
  const servers = new ServerDirectory({
    servers: initial.servers,
    createAdapter: (config) => adapterFor(config),
    clock,
    log: log.child('servers'),
    refreshMs: (config) => config.statusPollMs,
    onServersChanged: (list) => {
      registry.emit('servers.changed', list);
      sensorsRef.current?.serversChanged(list);
    },
    onCamerasChanged: (serverId, cameras) => registry.emit('cameras.changed', { serverId, cameras }),
  });

  const streams = new StreamService({
    clock,
    log: log.child('streams'),
    media,
    adapterFor: (serverId) => servers.adapter(serverId),
    checkCamera: (serverId, cameraId) => {
      servers.camera(serverId, cameraId);
      servers.requireSignedIn(serverId);
    },
    notify: (clientId, event) => registry.emit('stream.state', event, clientId),
    onAuthFailure: (serverId, reason) => servers.signInNeeded(serverId, reason),
  });

  const settings = new SettingsStore(confFile(options.dataDir, 'settings', options.openStore), { log: log.child('settings'), problems });
  const walls = new WallsStore({
    file: confFile(options.dataDir, 'walls', options.openStore),
    problems,
    log: log.child('walls'),
    clock,
    changed: (state) => registry.emit('walls.changed', state),
    provisioned: { walls: options.config.walls, defaultWall: options.config.defaultWall, firstWall: options.config.firstWall },
  });
  // The site and the event service call each other: the site reaches it once it is made.
  const made: { events?: EventService } = {};
  const site = new SiteService({
    config: options.config.site,
    instance: installId(options.dataDir),
    vault,
    problems,
    clock,
    log: log.child('site'),
    walls,
    events: () => {
      if (!made.events) throw new Error('the event service is not made yet');
      return made.events;
    },
    cameraName: (serverId, cameraId) => (servers.has(serverId) ? servers.cameras(serverId).find((camera) => camera.cameraId === cameraId)?.name : undefined),
    changed: (state) => registry.emit('site.changed', state),
    pushed: (notice) => registry.emit('site.pushed', notice),
  });
  const journal = new EventJournal({
    path: join(options.dataDir, 'events.db'),
    retentionDays: options.config.journal.retentionDays,
    maxBytes: options.config.journal.maxMegabytes * 1024 * 1024,
  });
  // The live image of a camera whose VMS event brought no picture (no stills: not a VMS
  // session per alert): one fetch per camera for a burst.
  const alertPictures = new CameraPictures({ clock, fetch: cameraPictureSource(servers) });
  const events = new EventService({
    journal,
    settings: () => settings.get(),
    clock,
    log: log.child('events'),
    publish: (batch) => registry.emit('events.added', batch),
    publishChanges: (changes) => registry.emit('alerts.changed', changes),
    // The bridge is made just below, with the event service it journals through.
    sensorEventKnown: (sensorId, eventId) => sensorsRef.current?.knows(sensorId, eventId) ?? false,
    publishCounts: (counts) => registry.emit('alerts.counts', counts),
    alarm: (alarm) => registry.emit('alerts.alarm', alarm),
    silenced: (ids) => registry.emit('alerts.silenced', ids),
    onStreamState: (serverId, info) => servers.setEventStream(serverId, info),
    onCameraStatus: (serverId, cameraId, status) => servers.applyCameraStatus(serverId, cameraId, status),
    pictureOf: (serverId, cameraId) => alertPictures.get(serverId, cameraId),
    ...(site.pc === undefined ? {} : { pc: site.pc, acknowledgedHere: (records: EventRecord[]) => site.acknowledgedHere(records), recorded: (records: EventRecord[]) => site.recorded(records) }),
  });
  made.events = events;
  const stills = new StreamStills({ streams, media, log: log.child('stills') });
  const bridge = new SensorService({
    section: options.config.sensors,
    journalPath: join(options.dataDir, 'events.db'),
    installId: installId(options.dataDir),
    servers,
    journal: (serverId, event, severity) => events.receiveSensorEvent(serverId, event, severity),
    attachPicture: (eventId, picture) => events.attachImage(eventId, picture),
    stillOf: (serverId, cameraId, signal) => stills.picture(serverId, cameraId, signal),
    file: confFile(options.dataDir, SENSORS_FILE, options.openStore),
    vault,
    problems,
    clock,
    log: log.child('sensors'),
    changed: (state) => registry.emit('sensors.changed', state),
  });
  sensorsRef.current = bridge;
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
    adapterFor: (serverId) => servers.adapter(serverId),
    cameraName: (serverId, cameraId) => servers.camera(serverId, cameraId).name,
    downloads,
    publish: (job) => registry.emit('export.changed', job),
  });
  const downloadSaver = new DownloadSaver(downloads);
  const files = options.fileSaver ?? downloadSaver;

  const serverAdmin = new ServerAdmin({
    directory: servers,
    store: serverStore,
    vault,
    managedIds: initial.managedIds,
    streams,
    events,
    eventsOff: (serverId) => servers.setEventStream(serverId, { state: 'unsupported', reason: 'Turned off in the configuration' }),
    createAdapter: (config) => adapterFor(config, `${config.id}:test`),
    log: log.child('servers'),
  });

  const signIn = new BrowserSignInService({
    config: (serverId) => servers.config(serverId),
    // Where adapterFor looks: the rotated secrets of the server's configured credentials.
    saveSecrets: (config, values) => rotated.sinkFor(config.id, credentialFingerprint(secretsOf(config), vendorOf(config).secretOrigins(config))).save(values),
    reconnect: (serverId) => serverAdmin.reconnect(serverId, 'Signed in again'),
    fetch: options.fetch,
    clock,
    log: log.child('sign-in'),
  });

  registry.implement(
    createHandlers({ info: options.info, servers, serverAdmin, signIn, streams, events, sensors: bridge, settings, walls, problems, recordings, exports, files, settingsChanged: () => registry.emit('settings.changed', settings.get()), site }),
  );
  registry.onDisconnect((clientId) => void streams.releaseClient(clientId));
  registry.onDisconnect((clientId) => site.clientGone(clientId));
  serverAdmin.start();
  bridge.start();

  return {
    registry,
    routes: [
      [MEDIA_ROUTE, (path, url, signal) => media.handle(path, url, signal)],
      [EVENT_MEDIA_ROUTE, eventMediaRoute({ events, fetchMedia: (serverId, id, kind, signal) => servers.adapter(serverId).eventMedia(id, kind, signal) })],
      [EXPORT_ROUTE, auditExportRoute(journal, (serverId) => (servers.has(serverId) ? servers.config(serverId).name : undefined))],
      [
        CAMERA_IMAGE_ROUTE,
        cameraImageRoute({
          now: () => clock.now(),
          liveImage: (serverId, cameraId, signal) => {
            if (!servers.has(serverId)) return undefined;
            servers.camera(serverId, cameraId);
            // A refused credential is not tried again for a picture: the server waits for the operator.
            if (servers.stateOf(serverId) === 'sign-in') return Promise.reject(new VmsError({ kind: 'auth', url: `tessera://camera-image/${serverId}` }, 'Sign-in needed'));
            const image = servers.adapter(serverId).liveImage?.(cameraId, signal);
            image?.catch((error: unknown) => {
              if (isVmsError(error) && error.kind === 'auth') servers.signInNeeded(serverId, error.message);
            });
            return image;
          },
        }),
      ],
      [DOWNLOAD_ROUTE, downloads.route()],
    ],
    servers,
    serverAdmin,
    signIn,
    streams,
    events,
    journal,
    settings,
    walls,
    problems,
    exports,
    site,
    sensors: bridge,
    async dispose() {
      cancelPrune?.();
      // First: no sensor message is taken while the journal closes.
      await bridge.dispose();
      await site.dispose();
      signIn.dispose();
      walls.dispose();
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
