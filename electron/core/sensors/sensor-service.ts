import type { Severity } from '../../../shared/model/event';
import type { SensorsSection, SensorsState } from '../../../shared/model/sensor';
import type { ServerInfo } from '../../../shared/model/server';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { VmsBinary, VmsEvent } from '../../vms/adapter';
import type { CredentialVault } from '../credentials/credential-vault';
import { SensorOutbox } from '../events/sensor-outbox';
import type { ServerDirectory } from '../servers';
import type { ProblemLog } from '../stores/problem-log';
import type { StoreFile } from '../stores/store-file';
import { CameraPictures, cameraPictureSource, type PictureFetch } from './camera-pictures';
import { SensorAdmin } from './sensor-admin';
import { type BridgeServers, SensorBridge } from './sensor-bridge';
import { WebhookReceiver } from './webhook-receiver';

export interface SensorServiceOptions {
  readonly section: SensorsSection;
  /** The journal's database: the outbox is a table of it. */
  readonly journalPath: string;
  readonly installId: string;
  readonly servers: ServerDirectory;
  readonly journal: (serverId: string, event: VmsEvent, severity: Severity | undefined) => string;
  readonly attachPicture: (eventId: string, picture: VmsBinary) => void;
  /**
   * A camera's picture from its live video (StreamStills), for a VMS whose HLS is all it
   * gives of a camera (IVMS Pro); absent, such cameras' alerts have no picture.
   */
  readonly stillOf?: PictureFetch;
  readonly file: StoreFile;
  readonly vault: CredentialVault;
  readonly problems: ProblemLog;
  readonly clock: Clock;
  readonly log: Logger;
  readonly changed: (state: SensorsState) => void;
}

/** Delivered deliveries (and the dedupe of their events) are kept this long for the panel's counts and late duplicates. */
const KEEP_DELIVERED_MS = 7 * 24 * 60 * 60 * 1000;

/** The sensor bridge in the core: the outbox, the sources, the dialog's sensors and the webhook port. */
export class SensorService {
  readonly admin: SensorAdmin;
  readonly bridge: SensorBridge;
  private readonly outbox: SensorOutbox;
  private readonly webhooks: WebhookReceiver | undefined;
  private readonly online = new Set<string>();
  private applying: Promise<void> = Promise.resolve();
  private readonly pictures: CameraPictures;

  constructor(private readonly options: SensorServiceOptions) {
    this.outbox = new SensorOutbox(options.journalPath);
    this.pictures = new CameraPictures({
      clock: options.clock,
      fetch: cameraPictureSource(options.servers, options.stillOf),
    });
    this.outbox.prune(options.clock.now() - KEEP_DELIVERED_MS);
    const { servers } = options;
    const bridgeServers: BridgeServers = {
      kind: (serverId) => (servers.has(serverId) ? servers.config(serverId).type : undefined),
      name: (serverId) => (servers.has(serverId) ? (servers.config(serverId).name ?? serverId) : undefined),
      cameraName: (serverId, cameraId) => {
        try {
          return servers.camera(serverId, cameraId).name;
        } catch {
          return undefined;
        }
      },
      picture: (serverId, cameraId) => this.pictures.get(serverId, cameraId),
      adapter: (serverId) => {
        if (!servers.has(serverId)) return { gone: `No server "${serverId}" in Tessera` };
        const state = servers.stateOf(serverId);
        if (state === 'sign-in') return { wait: 'Sign-in needed on the server' };
        if (state !== 'online' && state !== 'degraded') return { wait: `Waiting for the server (${state})` };
        return { adapter: servers.adapter(serverId) };
      },
    };
    this.bridge = new SensorBridge({ section: options.section, outbox: this.outbox, servers: bridgeServers, journal: options.journal, attachPicture: options.attachPicture, installId: options.installId, clock: options.clock, log: options.log, changed: options.changed });
    this.admin = new SensorAdmin({
      managed: options.section.list,
      file: options.file,
      vault: options.vault,
      log: options.log,
      problems: options.problems,
      apply: (sensors, managed) => {
        this.applying = this.applying.then(() => this.bridge.configure(sensors, managed)).catch((error: unknown) => options.log.error('the sensors could not be started', { error }));
      },
    });
    if (options.section.webhookPort > 0) {
      this.webhooks = new WebhookReceiver({
        host: options.section.webhookHost,
        port: options.section.webhookPort,
        replayWindowMs: options.section.replayWindowSeconds * 1000,
        sensors: () => this.bridge.webhookSensors(),
        receive: (sensor, body) => this.bridge.receive(sensor, body),
        clock: options.clock,
        log: options.log.child('webhooks'),
        onState: (listening, reason) => this.bridge.setWebhookState(listening, reason),
      });
    }
  }

  start(): void {
    if (!this.webhooks) this.bridge.setWebhookState(false, 'No webhook port is set (sensors.webhookPort in the deployment file)');
    this.admin.start();
    this.webhooks?.start();
  }

  state(): SensorsState {
    return this.bridge.state();
  }

  /** Whether the bridge took this sensor event (so a VMS event carrying its marks is its echo). */
  knows(sensorId: string, eventId: string): boolean {
    return this.outbox.seen(sensorId, eventId);
  }

  /** Servers that came online get their queues tried at once. */
  serversChanged(list: readonly ServerInfo[]): void {
    for (const server of list) {
      const up = server.state === 'online' || server.state === 'degraded';
      if (up && !this.online.has(server.id)) this.bridge.serverReady(server.id);
      if (up) this.online.add(server.id);
      else this.online.delete(server.id);
    }
  }

  /** Where the webhooks listen, once they do. */
  webhookUrl(): string | undefined {
    return this.webhooks?.url();
  }

  async dispose(): Promise<void> {
    await this.applying;
    await this.webhooks?.dispose();
    await this.bridge.dispose();
    this.outbox.close();
  }
}
