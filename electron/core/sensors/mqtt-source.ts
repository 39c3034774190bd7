import { createHash } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { mqttJs } from '../../common/lazy-mqtt';
import type { Logger } from '../../common/logger';

export interface MqttSourceOptions {
  readonly url: string;
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly verifyTls: boolean;
  /** Stable per install (and per broker account): the broker keeps this client's session and queue. */
  readonly clientId: string;
  /** Topic filters to subscribe to, QoS 1. */
  readonly topics: readonly string[];
  /** Bridges with the same group split the messages (`$share/<group>/<topic>`). */
  readonly shareGroup?: string | undefined;
  readonly log: Logger;
  /**
   * One message, in the order the broker sent them. The broker gets its PUBACK only when
   * this resolves: a message is acknowledged once it is on disk, so a process killed before
   * then gets it again (QoS 1 with a persistent session).
   */
  readonly onMessage: (topic: string, payload: Uint8Array) => Promise<void> | void;
  readonly onState: (connected: boolean, reason?: string) => void;
}

/** The client id of an install on a broker: the install's id, and which account on which broker. */
export function mqttClientId(installId: string, url: string, username: string | undefined): string {
  const broker = createHash('sha256')
    .update(`${url}\n${username ?? ''}`)
    .digest('hex')
    .slice(0, 8);
  // MQTT 3.1.1 promises client ids of up to 23 characters to every broker.
  return `tsr-${installId.slice(0, 10)}-${broker}`;
}

/**
 * One broker connection of the sensor bridge, through mqtt.js (the maintained MQTT client
 * of Node): MQTT 3.1.1 with a persistent session (`clean: false`) and QoS 1 subscriptions,
 * so the broker queues what sensors publish while Tessera is away and delivers it when it
 * is back; TLS with `mqtts://`, user and password where the broker asks; reconnects by itself.
 */
export class MqttSource {
  private readonly client: MqttClient;
  private disposed = false;

  constructor(private readonly options: MqttSourceOptions) {
    this.client = mqttJs().connect(options.url, {
      clientId: options.clientId,
      clean: false,
      protocolVersion: 4,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      keepalive: 30,
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
      rejectUnauthorized: options.verifyTls,
      // The broker's session holds our subscriptions; subscribing again at each connect
      // covers a broker that lost it.
      resubscribe: false,
    });
    // mqtt.js sends a QoS 1 message's PUBACK when handleMessage calls back, and takes the
    // next message after that: acknowledged only once the bridge has written the event.
    this.client.handleMessage = (packet, callback) => {
      Promise.resolve()
        .then(() => options.onMessage(packet.topic, typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload))
        .then(
          () => callback(),
          (error: unknown) => {
            // Not written: no PUBACK, and the connection is dropped so the broker sends it again.
            options.log.error('a sensor message could not be written; the broker will send it again', { error });
            this.client.end(true, () => this.client.reconnect());
          },
        );
    };
    this.client.on('connect', (connack) => {
      if (!connack.sessionPresent) options.log.info('new session on the broker', { clientId: options.clientId });
      const topics = options.topics.map((topic) => (options.shareGroup ? `$share/${options.shareGroup}/${topic}` : topic));
      if (topics.length === 0) {
        options.onState(true);
        return;
      }
      // Listening only once the broker has taken the subscriptions (SUBACK): before that, on
      // a first session, the broker drops what sensors publish (MQTT 3.1.1 §3.3.5: a message
      // goes to the subscriptions that exist when it arrives), so "connected" would be a
      // promise the bridge cannot keep yet.
      this.client.subscribe(topics, { qos: 1 }, (error, granted) => {
        if (this.disposed) return;
        const refused = granted?.filter((grant) => grant.qos === 128).map((grant) => grant.topic) ?? [];
        if (error || refused.length > 0) {
          options.log.warn('the broker refused a subscription', { topics, refused, error });
          options.onState(false, `The broker refused the subscription${refused.length > 0 ? ` to ${refused.join(', ')}` : ''}${error ? `: ${error.message}` : ''}`);
          return;
        }
        options.log.info('listening', { topics });
        options.onState(true);
      });
    });
    this.client.on('close', () => {
      if (!this.disposed) options.onState(false, 'Disconnected from the broker; reconnecting');
    });
    this.client.on('error', (error) => {
      if (!this.disposed) options.onState(false, brokerWords(error));
    });
  }

  get connected(): boolean {
    return this.client.connected;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.client.endAsync(true);
  }
}

function brokerWords(error: Error & { code?: unknown }): string {
  if (error.code === 'ECONNREFUSED') return 'The broker refused the connection (nothing listens at its address)';
  if (error.code === 5 || /not authori[sz]ed/i.test(error.message)) return 'The broker refused the user name or password';
  if (error.code === 4 || /bad user name or password/i.test(error.message)) return 'The broker refused the user name or password';
  return `Broker: ${error.message}`;
}
