import { z } from 'zod';
import { SensorConfig, type SensorDraft, type SensorSettings } from '../../../shared/model/sensor';
import type { Logger } from '../../common/logger';
import type { CredentialVault } from '../credentials/credential-vault';
import { CoreError, notFound } from '../errors';
import type { ProblemLog } from '../stores/problem-log';
import type { StoreFile } from '../stores/store-file';

/** The file the Sensors dialog's sensors are kept in (passwords and secrets sealed). */
export const SENSORS_FILE = 'sensors';

const StoredSensors = z.object({ sensors: z.array(z.unknown()).default([]) }).loose();

export interface SensorAdminOptions {
  /** Sensors of the deployment file: shown, listened to, never edited here. */
  readonly managed: readonly SensorConfig[];
  readonly file: StoreFile;
  readonly vault: CredentialVault;
  readonly log: Logger;
  readonly problems: ProblemLog;
  /** The list changed: the bridge listens to the new one. */
  readonly apply: (sensors: SensorConfig[], managed: ReadonlySet<string>) => void;
}

/**
 * The sensors of the Sensors dialog, kept in sensors.json with the source's password and
 * the webhook's secret sealed by the credential vault (as server passwords are), next to
 * those of the deployment file, which win on an id both have.
 */
export class SensorAdmin {
  private stored: SensorConfig[] = [];
  private readonly managedIds: ReadonlySet<string>;

  constructor(private readonly options: SensorAdminOptions) {
    this.managedIds = new Set(options.managed.map((sensor) => sensor.id));
    this.stored = this.load();
  }

  /** Every sensor, with its secrets open: for the bridge only. */
  all(): SensorConfig[] {
    return [...this.options.managed, ...this.stored.filter((sensor) => !this.managedIds.has(sensor.id))];
  }

  start(): void {
    this.options.apply(this.all(), this.managedIds);
  }

  /** What the dialog shows: never a password or secret, only whether there is one. */
  settings(): SensorSettings[] {
    return this.all().map((sensor) => ({
      config: withoutSecrets(sensor),
      hasPassword: sensor.source.kind === 'mqtt' && Boolean(sensor.source.password),
      hasSecret: sensor.source.kind === 'webhook' && Boolean(sensor.source.secret),
      managed: this.managedIds.has(sensor.id),
    }));
  }

  /** Adds or changes a sensor; an empty password or secret keeps the stored one. */
  save(draft: SensorDraft): SensorSettings {
    const parsed = SensorConfig.safeParse(draft);
    if (!parsed.success) throw new CoreError('invalid-request', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'sensor'}: ${issue.message}`).join('; '));
    const sensor = parsed.data;
    if (this.managedIds.has(sensor.id)) throw new CoreError('forbidden', `Sensor "${sensor.id}" comes from the deployment file: change it there`);
    const previous = this.stored.find((candidate) => candidate.id === sensor.id);
    const kept = keepSecrets(sensor, previous);
    this.stored = previous ? this.stored.map((candidate) => (candidate.id === sensor.id ? kept : candidate)) : [...this.stored, kept];
    this.write();
    this.options.apply(this.all(), this.managedIds);
    const settings = this.settings().find((candidate) => candidate.config.id === sensor.id);
    if (!settings) throw new CoreError('internal', 'the sensor was not kept');
    return settings;
  }

  remove(id: string): void {
    if (this.managedIds.has(id)) throw new CoreError('forbidden', `Sensor "${id}" comes from the deployment file: remove it there`);
    if (!this.stored.some((sensor) => sensor.id === id)) throw notFound(`No sensor "${id}"`);
    this.stored = this.stored.filter((sensor) => sensor.id !== id);
    this.write();
    this.options.apply(this.all(), this.managedIds);
  }

  private load(): SensorConfig[] {
    const content = this.options.file.read();
    if (content.state === 'missing') return [];
    if (content.state === 'unreadable') {
      const kept = this.options.file.keepAside('unreadable', true, Date.now());
      this.options.problems.report({ message: `The sensors file could not be read (${content.reason}); it was kept as ${kept} and the dialog's sensors start empty` });
      return [];
    }
    const list = StoredSensors.safeParse(content.value);
    if (!list.success) return [];
    return list.data.sensors.flatMap((value, index) => {
      const parsed = SensorConfig.safeParse(value);
      if (!parsed.success) {
        this.options.log.warn('a stored sensor is unreadable and left out', { index, issues: parsed.error.issues.length });
        return [];
      }
      try {
        return [this.open(parsed.data)];
      } catch (error) {
        this.options.problems.report({ message: `The password of sensor "${parsed.data.name}" cannot be opened (${error instanceof Error ? error.message : String(error)}): enter it again in the Sensors dialog` });
        return [withoutSecrets(parsed.data)];
      }
    });
  }

  private write(): void {
    this.options.file.write({ sensors: this.stored.map((sensor) => this.seal(sensor)) });
  }

  private seal(sensor: SensorConfig): SensorConfig {
    const { vault } = this.options;
    if (sensor.source.kind === 'mqtt' && sensor.source.password) return { ...sensor, source: { ...sensor.source, password: vault.seal(sensor.source.password) } };
    if (sensor.source.kind === 'webhook' && sensor.source.secret) return { ...sensor, source: { ...sensor.source, secret: vault.seal(sensor.source.secret) } };
    return sensor;
  }

  private open(sensor: SensorConfig): SensorConfig {
    const { vault } = this.options;
    if (sensor.source.kind === 'mqtt' && sensor.source.password) return { ...sensor, source: { ...sensor.source, password: vault.open(sensor.source.password) } };
    if (sensor.source.kind === 'webhook' && sensor.source.secret) return { ...sensor, source: { ...sensor.source, secret: vault.open(sensor.source.secret) } };
    return sensor;
  }
}

function withoutSecrets(sensor: SensorConfig): SensorConfig {
  if (sensor.source.kind === 'mqtt') {
    const { password: _password, ...source } = sensor.source;
    return { ...sensor, source };
  }
  const { secret: _secret, ...source } = sensor.source;
  return { ...sensor, source };
}

/** A draft without a password keeps the stored one, as long as the broker (or path) is the same: a secret never follows a changed address. */
function keepSecrets(sensor: SensorConfig, previous: SensorConfig | undefined): SensorConfig {
  if (!previous) return sensor;
  if (sensor.source.kind === 'mqtt' && previous.source.kind === 'mqtt' && !sensor.source.password && previous.source.password && previous.source.url === sensor.source.url) {
    return { ...sensor, source: { ...sensor.source, password: previous.source.password } };
  }
  if (sensor.source.kind === 'webhook' && previous.source.kind === 'webhook' && !sensor.source.secret && previous.source.secret) {
    return { ...sensor, source: { ...sensor.source, secret: previous.source.secret } };
  }
  return sensor;
}
