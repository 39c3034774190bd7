import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { MonitorView } from '../../shared/model/wall';
import type { SiteMonitor, SitePc, SitePushed, SitePushResult, SiteState } from '../../shared/model/site';
import type { Clock } from '../common/clock';
import { mqttJs } from '../common/lazy-mqtt';
import type { Logger } from '../common/logger';
import type { SiteConfig } from './site-config';
import { AckMessage, type AlertIdentity, CommandMessage, MonitorsMessage, parseTopic, Presence, readPayload, type SiteAck, siteTopics } from './site-protocol';

/** A push waits this long for the broker's PUBACK before the sender is told it failed. */
const PUSH_TIMEOUT_MS = 5000;
/** A push the target could not take at once is dropped by the broker after this: a wall must not jump to a stale request. */
const COMMAND_EXPIRY_S = 60;
/** The broker keeps this PC's session (its subscriptions and the QoS 1 messages for it) this long while it is away. */
const SESSION_EXPIRY_S = 7 * 24 * 3600;
/** At start, acknowledgements made here this long before are said again (a restart while the broker was down). */
const RESEND_AT_START_MS = 24 * 3600 * 1000;
/** Acknowledgements that arrive before their alert (it is still on its way from the VMS), at most this many. */
const PENDING_LIMIT = 20_000;

export interface SiteLinkDeps {
  readonly config: SiteConfig;
  /**
   * This install's id, kept in its data directory: part of the MQTT client id (so two PCs
   * given the same name keep their own sessions rather than throwing each other off the
   * broker in turn) and of the presence message (so each finds out about the other).
   * Absent (a benchmark's lightweight PC): one made for this run.
   */
  readonly instance?: string;
  /** The broker password, opened when it was given sealed. */
  readonly password: string | undefined;
  readonly clock: Clock;
  readonly log: Logger;
  /** What this PC's monitors show now. */
  readonly monitors: () => SiteMonitor[];
  /** Shows pushed views on this PC's monitors. */
  readonly show: (monitors: Record<string, MonitorView>) => void;
  /** An acknowledgement made at another PC: true when the alert is here (now acknowledged, or already was). */
  readonly acknowledge: (ack: SiteAck) => boolean;
  readonly changed: (state: SiteState) => void;
  readonly pushed: (notice: SitePushed) => void;
  /**
   * Acknowledgements made at this PC since a moment (from its journal): said again at each
   * connection, so those made while the broker was down reach the site even when the app
   * restarted before the broker came back (mqtt.js's queue of unsent messages is in memory).
   */
  readonly acknowledgedSince?: (from: number) => AckMessage[];
  /** mqtt.connect, replaceable in a test; the real client otherwise. */
  readonly connect?: (url: string, options: IClientOptions) => MqttClient;
}

interface Peer {
  online: boolean;
  since?: number;
  monitors: SiteMonitor[];
  acceptPushFrom: string[] | null;
}

/**
 * This PC's link to the other PCs of its site, through the broker (mqtt.js, MQTT 5). It
 * says this PC is online (and the broker says it went, by its last will), publishes what
 * each monitor shows, takes pushes from the PCs it accepts, and carries acknowledgements
 * both ways. With the broker down, nothing here stops the PC: pushes to others fail in
 * words, acknowledgements made meanwhile wait in mqtt.js's queue, and everything is said
 * again when the broker is back.
 */
export class SiteLink {
  private readonly client: MqttClient;
  private readonly topics;
  private readonly peers = new Map<string, Peer>();
  private readonly pending = new Map<string, SiteAck>();
  private broker: SiteState['broker'] = 'connecting';
  private reason: string | undefined;
  private lastMonitors = '';
  private sequence = 0;
  private disposed = false;
  /** Since when this PC's acknowledgements may not have reached the broker: the last time it was connected, or a while before the start. */
  private unsentSince: number;
  private readonly instance: string;
  /** Another install that says it is online under this PC's name, and when that was first seen. */
  private twin: { instance: string; since: number } | undefined;

  constructor(private readonly deps: SiteLinkDeps) {
    const { config } = deps;
    this.topics = siteTopics(config.id, config.pc);
    this.instance = deps.instance ?? randomBytes(5).toString('hex');
    this.unsentSince = deps.clock.now() - RESEND_AT_START_MS;
    const connect = deps.connect ?? ((url, options) => mqttJs().connect(url, options));
    const tls = config.broker.tls;
    this.client = connect(config.broker.url, {
      protocolVersion: 5,
      clientId: `tessera-${config.id}-${config.pc}-${this.instance}`,
      // A persistent session: acknowledgements published while this PC was away wait for it at the broker.
      clean: false,
      properties: { sessionExpiryInterval: SESSION_EXPIRY_S },
      reconnectPeriod: 2000,
      connectTimeout: 5000,
      ...(config.broker.username === undefined ? {} : { username: config.broker.username }),
      ...(deps.password === undefined ? {} : { password: deps.password }),
      ...(tls ? { rejectUnauthorized: tls.rejectUnauthorized, ...(tls.caFile ? { ca: readFileSync(tls.caFile) } : {}) } : {}),
      will: { topic: this.topics.presence(), payload: Buffer.from(JSON.stringify(this.presence(false))), qos: 1, retain: true },
    });
    this.client.on('connect', () => this.connected());
    this.client.on('message', (topic, payload) => this.receive(topic, payload));
    this.client.on('error', (error) => this.failed(error));
    this.client.on('offline', () => this.setBroker('offline', this.reason ?? `The site broker at ${redactedUrl(config.broker.url)} does not answer`));
    this.client.on('close', () => {
      if (this.broker === 'online') this.setBroker('offline', 'The connection to the site broker was lost; reconnecting');
    });
  }

  get pc(): string {
    return this.deps.config.pc;
  }

  state(): SiteState {
    const { config } = this.deps;
    const pcs: SitePc[] = [{ id: config.pc, me: true, online: this.broker === 'online', monitors: this.deps.monitors(), acceptPushFrom: config.acceptPushFrom ?? null }];
    for (const [id, peer] of [...this.peers].sort(([a], [b]) => a.localeCompare(b))) {
      if (id === config.pc) continue;
      pcs.push({ id, me: false, online: peer.online, ...(peer.since === undefined ? {} : { since: peer.since }), monitors: peer.monitors, acceptPushFrom: peer.acceptPushFrom });
    }
    return { configured: true, site: config.id, pc: config.pc, broker: this.broker, ...(this.reason === undefined ? {} : { reason: this.reason }), ...(this.twin ? { conflict: this.conflictWords(this.twin.since) } : {}), pcs };
  }

  /** What this PC's monitors show changed: the site is told (retained, so a PC that starts later sees it). */
  monitorsChanged(): void {
    const monitors = this.deps.monitors();
    const text = JSON.stringify(monitors);
    if (text === this.lastMonitors) return;
    this.lastMonitors = text;
    if (this.client.connected) this.publishMonitors(monitors);
    this.deps.changed(this.state());
  }

  /**
   * Shows views on monitors of a PC of the site (this one included). Resolves once the
   * broker has the push (QoS 1); the target shows it as soon as it gets it.
   */
  async push(pc: string, requested: Record<string, MonitorView>, label: string): Promise<SitePushResult> {
    const mine = pc === this.pc;
    const peer = this.peers.get(pc);
    if (!mine && !peer) throw new SiteError('not-found', `No PC "${pc}" in the site`);
    const { monitors, withoutWindow } = withWindows(requested, mine ? this.deps.monitors() : (peer?.monitors ?? []));
    if (Object.keys(monitors).length === 0) {
      const where = withoutWindow.map((index) => `monitor ${index + 1}`).join(', ');
      throw new SiteError('unavailable', `${mine ? 'This PC' : pc} has no window open on ${where}: nothing was sent (open the monitor's window there, or choose a monitor that has one)`);
    }
    if (mine) {
      this.apply(this.pc, { id: 'local', at: this.deps.clock.now(), label, monitors });
      return { withoutWindow };
    }
    if (peer?.acceptPushFrom && !peer.acceptPushFrom.includes(this.pc)) throw new SiteError('forbidden', `${pc} takes pushes only from ${peer.acceptPushFrom.join(', ') || 'no PC'}`);
    if (this.broker !== 'online' || !this.client.connected) throw new SiteError('unavailable', `The site broker is not reachable: nothing was sent to ${pc}`);
    const message: CommandMessage = { id: `${this.pc}-${this.deps.clock.now().toString(36)}-${(this.sequence++).toString(36)}`, at: this.deps.clock.now(), label, monitors };
    const sent = this.client.publishAsync(this.topics.command(pc), JSON.stringify(message), { qos: 1, properties: { messageExpiryInterval: COMMAND_EXPIRY_S } });
    let cancel = (): void => undefined;
    const timeout = new Promise<never>((_, reject) => (cancel = this.deps.clock.after(PUSH_TIMEOUT_MS, () => reject(new SiteError('unavailable', `The site broker did not confirm the push to ${pc}`)))));
    try {
      await Promise.race([sent, timeout]);
    } finally {
      cancel();
    }
    this.deps.log.info(`pushed "${label}" to ${pc}`, { monitors: Object.keys(monitors), ...(withoutWindow.length > 0 ? { withoutWindow } : {}) });
    return { withoutWindow };
  }

  /** Acknowledgements made at this PC: every other PC records them (retained until the horizon, for PCs that are away). */
  acknowledged(acks: ReadonlyArray<AckMessage>): void {
    const expiry = this.deps.config.ackHorizonDays * 24 * 3600;
    for (const ack of acks) {
      // mqtt.js keeps QoS 1 publications made while the broker is down and sends them when it is back.
      this.client.publish(this.topics.ack(ack.alert.key), JSON.stringify(ack), { qos: 1, retain: true, properties: { messageExpiryInterval: expiry } }, (error) => {
        if (error && !this.disposed) this.deps.log.warn('could not tell the site of an acknowledgement', { alert: ack.alert.key, error: error.message });
      });
    }
  }

  /** Alerts recorded here: an acknowledgement from another PC that arrived before them applies now. */
  recorded(alerts: ReadonlyArray<AlertIdentity>): void {
    if (this.pending.size === 0) return;
    for (const alert of alerts) {
      const ack = this.pending.get(alert.key);
      if (ack && this.deps.acknowledge(ack)) this.pending.delete(alert.key);
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    // Said before leaving, so the others see "offline" at once rather than at the keepalive's end.
    if (this.client.connected) {
      await Promise.race([this.client.publishAsync(this.topics.presence(), JSON.stringify(this.presence(false)), { qos: 1, retain: true }).catch(() => undefined), new Promise((wake) => setTimeout(wake, 1000))]);
    }
    await this.client.endAsync(true).catch(() => undefined);
  }

  private presence(online: boolean, answer = false): Presence {
    return { online, at: this.deps.clock.now(), acceptPushFrom: this.deps.config.acceptPushFrom ?? null, instance: this.instance, ...(answer ? { answer } : {}) };
  }

  /** Retained: what a PC that joins later finds. Not retained: said to those subscribed now (a hello, or an answer to a twin's). */
  private publishPresence(retain = true, answer = false): void {
    this.client.publish(this.topics.presence(), JSON.stringify(this.presence(true, answer)), { qos: 1, retain });
  }

  /**
   * A presence under this PC's own name. Another install online under it is a second PC
   * given the same `pc` name: both say so. The newcomer gets its own retained presence
   * when it subscribes, not the other's, so every presence from a twin that is not itself
   * an answer is answered (not retained): the hello each PC says once subscribed reaches
   * the twin, whose answer reaches the newcomer, and answers are never answered. When the
   * twin goes (its last will), this PC's presence and monitors, which its retained
   * messages overwrote, are said again.
   */
  private ownPresence(presence: Presence): void {
    if (presence.instance === undefined || presence.instance === this.instance) return;
    if (presence.online) {
      if (!presence.answer && this.client.connected) this.publishPresence(false, true);
      if (this.twin?.instance === presence.instance) return;
      this.twin = { instance: presence.instance, since: this.deps.clock.now() };
      this.deps.log.warn(this.conflictWords(this.twin.since), { otherInstance: presence.instance, instance: this.instance });
    } else {
      if (this.twin?.instance !== presence.instance) return;
      this.twin = undefined;
      this.deps.log.info(`the other PC named ${this.pc} left the site; this PC's presence and monitors are said again`);
      if (this.client.connected) {
        this.publishPresence();
        this.publishMonitors(this.deps.monitors());
      }
    }
    this.deps.changed(this.state());
  }

  private conflictWords(since: number): string {
    const { config } = this.deps;
    return `Another PC also calls itself "${config.pc}" in site ${config.id} (seen ${new Date(since).toISOString().slice(11, 19)} UTC): the two overwrite each other's state on the broker, and pushes to ${config.pc} reach both. Give each PC its own "pc" name in its deployment file.`;
  }

  private connected(): void {
    // Small messages go out at once: with Nagle's algorithm on, a publication made while the
    // PUBACK this PC sent before is still unacknowledged by the peer's delayed ACK waited
    // ~40 ms on loopback (measured by bench/site-ack-bench.ts). TCP and TLS sockets have
    // setNoDelay; a WebSocket stream has not, and is left alone.
    (this.client.stream as Partial<Pick<Socket, 'setNoDelay'>>).setNoDelay?.(true);
    this.setBroker('online', undefined);
    const since = this.unsentSince;
    this.unsentSince = Number.POSITIVE_INFINITY;
    const again = this.deps.acknowledgedSince?.(since) ?? [];
    if (again.length > 0) this.acknowledged(again);
    this.publishPresence();
    this.lastMonitors = JSON.stringify(this.deps.monitors());
    this.publishMonitors(this.deps.monitors());
    // Explicit at every connection: the broker then hands over the retained presence,
    // monitors and acknowledgements of the whole site (a re-sync after an outage).
    this.client.subscribe(this.topics.subscriptions, { qos: 1 }, (error) => {
      if (error && !this.disposed) this.deps.log.warn('the site broker refused a subscription', { error: error.message });
      // A hello now that this PC hears answers: a twin under the same name answers it.
      else if (!this.disposed && this.client.connected) this.publishPresence(false);
    });
  }

  private publishMonitors(monitors: SiteMonitor[]): void {
    const message: MonitorsMessage = { at: this.deps.clock.now(), monitors };
    this.client.publish(this.topics.monitors(), JSON.stringify(message), { qos: 1, retain: true });
  }

  private receive(topic: string, payload: Buffer): void {
    const parsed = parseTopic(this.deps.config.id, topic);
    if (!parsed) return;
    switch (parsed.kind) {
      case 'presence': {
        const presence = readPayload(Presence, payload);
        if (!presence) return;
        if (parsed.pc === this.pc) {
          this.ownPresence(presence);
          return;
        }
        const peer = this.peer(parsed.pc);
        peer.online = presence.online;
        peer.since = presence.at;
        peer.acceptPushFrom = presence.acceptPushFrom;
        break;
      }
      case 'monitors': {
        const message = readPayload(MonitorsMessage, payload);
        if (!message || parsed.pc === this.pc) return;
        this.peer(parsed.pc).monitors = message.monitors;
        break;
      }
      case 'command': {
        const command = readPayload(CommandMessage, payload);
        if (!command) {
          this.deps.log.warn(`dropped an unreadable push from ${parsed.sender}`);
          return;
        }
        this.apply(parsed.sender, command);
        return;
      }
      case 'ack': {
        if (parsed.pc === this.pc) return;
        const message = readPayload(AckMessage, payload);
        if (message?.alert.key !== parsed.key) return;
        const ack: SiteAck = { ...message, pc: parsed.pc };
        if (!this.deps.acknowledge(ack)) this.keepPending(ack);
        return;
      }
    }
    this.deps.changed(this.state());
  }

  private apply(sender: string, command: CommandMessage): void {
    const allowed = this.deps.config.acceptPushFrom;
    if (sender !== this.pc && allowed && !allowed.includes(sender)) {
      this.deps.log.warn(`refused a push from ${sender}: this PC takes pushes only from ${allowed.join(', ')}`);
      return;
    }
    this.deps.show(command.monitors);
    this.deps.pushed({ from: sender, label: command.label, monitors: Object.keys(command.monitors).map(Number), at: this.deps.clock.now() });
    this.monitorsChanged();
  }

  private keepPending(ack: SiteAck): void {
    this.pending.set(ack.alert.key, ack);
    if (this.pending.size <= PENDING_LIMIT) return;
    const oldest = this.pending.keys().next().value;
    if (oldest !== undefined) this.pending.delete(oldest);
  }

  private peer(id: string): Peer {
    let peer = this.peers.get(id);
    if (!peer) this.peers.set(id, (peer = { online: false, monitors: [], acceptPushFrom: null }));
    return peer;
  }

  private failed(error: Error): void {
    const code = (error as Error & { code?: unknown }).code;
    const url = redactedUrl(this.deps.config.broker.url);
    const reason =
      code === 4 || code === 5 || code === 134 || code === 135 || /not authori[sz]ed|bad user/i.test(error.message)
        ? `The site broker at ${url} refused this PC's sign-in: check site.broker.username and password`
        : code === 'ECONNREFUSED'
          ? `The site broker at ${url} does not answer`
          : `The site broker at ${url}: ${error.message}`;
    this.setBroker('offline', reason);
  }

  private setBroker(state: SiteState['broker'], reason: string | undefined): void {
    if (this.disposed || (state === this.broker && reason === this.reason)) return;
    if (state !== 'online' && this.broker === 'online') this.unsentSince = this.deps.clock.now();
    if (state !== this.broker) this.deps.log.info(`site broker ${state}${reason ? `: ${reason}` : ''}`);
    this.broker = state;
    this.reason = reason;
    this.deps.changed(this.state());
  }
}

/**
 * The views for monitors that have a window at the target, and the monitors named that have
 * none: closed, or not among the monitors the target offers (a saved wall of three monitors
 * sent to a PC of two). A PC that does not say which monitors have a window (an older
 * Tessera) takes every view, as before.
 */
function withWindows(requested: Record<string, MonitorView>, known: readonly SiteMonitor[]): { monitors: Record<string, MonitorView>; withoutWindow: number[] } {
  const says = known.some((monitor) => monitor.window !== undefined);
  const open = new Set(known.filter((monitor) => monitor.window === true).map((monitor) => monitor.index));
  const monitors: Record<string, MonitorView> = {};
  const withoutWindow: number[] = [];
  for (const [key, view] of Object.entries(requested)) {
    if (says && !open.has(Number(key))) withoutWindow.push(Number(key));
    else monitors[key] = view;
  }
  return { monitors, withoutWindow: withoutWindow.sort((a, b) => a - b) };
}

/** A failure the core turns into an IPC error with this code. */
export class SiteError extends Error {
  override readonly name = 'SiteError';
  constructor(
    readonly code: 'not-found' | 'forbidden' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

/** The broker's address without credentials a URL might carry. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the configured address';
  }
}
