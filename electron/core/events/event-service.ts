import type { AcknowledgeResult, AlarmEvent, AlertChange, AlertCounts, EventFilter } from '../../../shared/ipc/schemas';
import type { CameraRef, CameraStatus } from '../../../shared/model/camera';
import type { EventRecord, Severity } from '../../../shared/model/event';
import type { EventStreamInfo, VmsKind } from '../../../shared/model/server';
import type { Settings } from '../../../shared/model/settings';
import type { Markers } from '../../../shared/model/timeline';
import type { AlertAcknowledgement, EventSubscription, VmsAdapter, VmsBinary, VmsEvent } from '../../vms/adapter';
import type { Clock } from '../../common/clock';
import { CoreError } from '../errors';
import type { Logger } from '../../common/logger';
import { DEFAULT_OUTCOME, evaluateRules, type RuleOutcome, vendorOfType } from './alert-rules';
import type { EventJournal, JournalEntry } from './journal';
import { queryMarkers } from './markers';
import { eventMediaUrl } from './event-media';


/** More open alarms than this is a wall nobody can read; the newest are the ones that count. */
const OPEN_ALARMS_LIMIT = 500;
/**
 * A window's frame of a camera's live tile is the alert's picture only this soon after the
 * alert came: the frame is of the moment it is taken, and later it would not show the event.
 */
const WINDOW_PICTURE_WITHIN_MS = 60_000;
/** A batch this large means a burst (50 events in 50 ms is 1000/s). */
const BURST_BATCH = 50;

function alarmOf(eventId: string, serverId: string, event: { cameraId?: string | undefined; cameraName?: string | undefined; label: string; time: number }, verdict: RuleOutcome): AlarmEvent | undefined {
  if (verdict.alarmTile === null && !verdict.alarmStack && !verdict.sound && !verdict.flash) return undefined;
  return {
    eventId,
    serverId,
    cameraId: event.cameraId,
    ...(event.cameraName === undefined ? {} : { cameraName: event.cameraName }),
    label: event.label,
    time: event.time,
    severity: verdict.severity,
    tile: verdict.alarmTile,
    monitor: verdict.alarmMonitor,
    stack: verdict.alarmStack,
    takeTileInUse: verdict.takeTileInUse,
    sound: verdict.sound,
    flash: verdict.flash,
  };
}

/** What a VMS's echo of one of this install's sensor events gets: journaled, never an alert. */
const ECHO_OUTCOME: RuleOutcome = { ...DEFAULT_OUTCOME, alert: false };

export interface EventServiceOptions {
  readonly journal: EventJournal;
  readonly settings: () => Settings;
  readonly clock: Clock;
  readonly log: Logger;
  /** New events to every window, in batches. */
  readonly publish: (records: EventRecord[]) => void;
  readonly publishChanges: (changes: AlertChange[]) => void;
  /** Whether this install's sensor bridge took this sensor event (a VMS event marked with it is its echo). */
  readonly sensorEventKnown?: (sensorId: string, eventId: string) => boolean;
  readonly publishCounts: (counts: AlertCounts) => void;
  readonly alarm: (alarm: AlarmEvent) => void;
  /** Alarms an operator silenced (ids): every window stops their sound, not their flash. */
  readonly silenced: (ids: string[]) => void;
  readonly onStreamState: (serverId: string, info: EventStreamInfo) => void;
  readonly onCameraStatus: (serverId: string, cameraId: string, status: CameraStatus) => void;
  /** Windows get new events at most this often, so a burst costs a few messages. */
  readonly batchMs?: number;
  /** This PC's name in its site: the audit log says where an acknowledgement was made. */
  readonly pc?: string;
  /** Alerts an operator acknowledged at this PC (the site tells the other PCs). */
  readonly acknowledgedHere?: (records: EventRecord[]) => void;
  /** Alerts just written to the journal (an acknowledgement from another PC may be waiting for one). */
  readonly recorded?: (records: EventRecord[]) => void;
  /**
   * The camera's picture now, where its VMS gives one apart from the video, for an alert
   * whose VMS event came without one (Eagle Eye's legacy poll brings none): it joins the
   * row when it comes. Sensor alerts get theirs from the bridge.
   */
  readonly pictureOf?: (serverId: string, cameraId: string) => Promise<VmsBinary | undefined>;
}

/**
 * Every server's real-time events: each gets an id and its rule's verdict (alert or not,
 * severity, alarm), is written to the journal, and only then goes to the windows, in
 * batches. Events that arrive in the same turn of the event loop share one disk commit,
 * so a burst is written at the journal's batched rate, and a crash can lose only what
 * arrived in the turn it happened in.
 */
export class EventService {
  private readonly subscriptions = new Map<string, EventSubscription>();
  /** The adapters attached, for alerts whose state the VMS keeps (acknowledged here → told there). */
  private readonly adapters = new Map<string, VmsAdapter>();
  private incoming: JournalEntry[] = [];
  private alarms: AlarmEvent[] = [];
  /**
   * Open alarms whose sound an operator stopped without acknowledging them. Kept in
   * memory on purpose: after a restart an open alarm sounds again until someone
   * acknowledges it, so a silence can never outlive the shift that chose it.
   */
  private readonly silencedIds = new Set<string>();
  /** Alerts granted to a window to picture with a stream of its own, and when (kept a minute). */
  private readonly pictureClaims = new Map<string, number>();
  private commitScheduled = false;
  private outgoing: EventRecord[] = [];
  private cancelFlush: (() => void) | undefined;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private lastBatchSize = 0;
  /** Opened alerts committed but not yet published with their rows. */
  private countsChanged = false;
  private sequence = 0;
  private counts: AlertCounts;
  private disposed = false;

  constructor(private readonly options: EventServiceOptions) {
    this.counts = options.journal.counts();
  }

  /** Starts listening to a server's events (once per server). */
  attach(serverId: string, adapter: VmsAdapter): void {
    if (this.subscriptions.has(serverId)) return;
    if (adapter.capabilities.events === 'none') {
      this.options.onStreamState(serverId, { state: 'unsupported' });
      return;
    }
    this.adapters.set(serverId, adapter);
    this.subscriptions.set(
      serverId,
      adapter.subscribeEvents({
        onEvent: (event, cursor) => this.receive(serverId, adapter.kind, event, cursor),
        onState: (state, reason) => this.options.onStreamState(serverId, reason ? { state, reason } : { state }),
        onCameraStatus: (cameraId, status) => this.options.onCameraStatus(serverId, cameraId, status),
        onAlertState: (vendorEventId, ack) => this.acknowledgedOnVms(serverId, vendorEventId, ack),
        resumeFrom: this.options.journal.cursor(serverId),
      }),
    );
  }

  /** Stops listening to a server's events (removed, or about to get a new adapter). */
  detach(serverId: string): void {
    const subscription = this.subscriptions.get(serverId);
    this.subscriptions.delete(serverId);
    this.adapters.delete(serverId);
    subscription?.close();
  }

  query(filter: EventFilter, limit: number, before?: string): EventRecord[] {
    this.commit();
    return this.options.journal.query(filter, limit, before);
  }

  /**
   * The timeline's event markers of some cameras in a span, ascending by event time, at
   * most `limit` (the newest when there were more). Events still waiting for their commit
   * are written first, so a marker never lags the alert list.
   */
  markers(cameras: readonly CameraRef[], from: number, to: number, limit: number): Markers {
    this.commit();
    return queryMarkers(this.options.journal, cameras, from, to, limit);
  }

  get(id: string): EventRecord | undefined {
    return this.options.journal.get(id);
  }

  image(id: string): VmsBinary | undefined {
    return this.options.journal.image(id);
  }

  openCounts(): AlertCounts {
    return this.counts;
  }

  /**
   * The open alerts whose rule (as the rules are now) sounds, flashes or names a tile:
   * an alarm outlives the window that saw it arrive and a restart of the app, until
   * someone acknowledges it.
   */
  openAlarms(): AlarmEvent[] {
    this.commit();
    const rules = this.options.settings().alertRules;
    return this.options.journal.query({ state: 'open' }, OPEN_ALARMS_LIMIT).flatMap((record) => {
      const alarm = alarmOf(record.id, record.serverId, record, evaluateRules(rules, { serverId: record.serverId, vendor: vendorOfType(record.type), cameraId: record.cameraId, type: record.type, label: record.label }));
      if (!alarm) return [];
      return [this.silencedIds.has(alarm.eventId) ? { ...alarm, sound: false } : alarm];
    });
  }

  /**
   * Stops the sound of every open alarm (they keep flashing and stay open until
   * acknowledged); an alarm that arrives afterwards sounds again. Returns the ids silenced.
   */
  silence(): string[] {
    const ids = this.openAlarms()
      .filter((alarm) => alarm.sound)
      .map((alarm) => alarm.eventId);
    if (ids.length === 0) return [];
    for (const id of ids) this.silencedIds.add(id);
    // A silence is an operator's decision about an alarm: the audit trail keeps it.
    this.options.journal.recordSilence(ids, this.options.settings().operatorName || 'operator not set', this.options.clock.now());
    this.options.silenced(ids);
    return ids;
  }

  /**
   * Acknowledges alerts for the operator set in the settings, with the comment when one
   * is given (and required for the severities the settings name). Written to the
   * journal, with its audit record, before this returns.
   */
  acknowledge(ids: readonly string[], comment: string | undefined): AcknowledgeResult {
    const settings = this.options.settings();
    const operator = settings.operatorName.trim();
    if (!operator) throw new CoreError('invalid-request', 'Set the operator name before acknowledging alerts');
    this.commit();
    if (!comment) {
      const needs = ids.map((id) => this.options.journal.get(id)).find((record) => record?.state === 'open' && settings.commentRequiredFor.includes(record.severity));
      if (needs) throw new CoreError('invalid-request', `A comment is required to acknowledge ${needs.severity} alerts ("${needs.label}")`);
    }
    const { changed, unchanged } = this.options.journal.acknowledge(ids, operator, this.options.clock.now(), comment, this.options.pc);
    this.acknowledged(changed);
    for (const change of changed) this.tellVms(change.id, { operator, comment });
    if (changed.length > 0 && this.options.acknowledgedHere) this.options.acknowledgedHere(changed.flatMap((change) => this.options.journal.get(change.id) ?? []));
    return { acknowledged: changed.map((change) => change.id), unchanged };
  }

  private acknowledged(changed: AlertChange[]): void {
    if (changed.length === 0) return;
    for (const change of changed) this.silencedIds.delete(change.id);
    // An alert acknowledged (from another PC) before its own row went out goes out acknowledged.
    if (this.outgoing.length > 0) {
      const ids = new Set(changed.map((change) => change.id));
      this.outgoing = this.outgoing.map((record) => (ids.has(record.id) ? (this.options.journal.get(record.id) ?? record) : record));
    }
    this.counts = this.options.journal.counts();
    this.options.publishChanges(changed);
    this.options.publishCounts(this.counts);
  }

  /**
   * An alert acknowledged at another PC of the site: recorded here in that operator's name,
   * at that time, with the PC in the audit log; its alarm stops sounding and flashing. True
   * when the alert is in this journal (acknowledged now, or already).
   */
  acknowledgeFromSite(alert: Parameters<EventJournal['findAlert']>[0], ack: { by: string; at: number; comment?: string | undefined }, pc: string): boolean {
    this.commit();
    const id = this.options.journal.findAlert(alert);
    if (!id) return false;
    const { changed } = this.options.journal.acknowledge([id], ack.by, ack.at, ack.comment, pc);
    this.acknowledged(changed);
    return true;
  }

  /** The alerts acknowledged at this PC of the site (`pc`) since a moment, as they are now. */
  acknowledgementsAt(pc: string, from: number): EventRecord[] {
    const ids = new Set(this.options.journal.audit(from).flatMap((entry) => (entry.action === 'acknowledge' && entry.pc === pc ? [entry.eventId] : [])));
    return [...ids].flatMap((id) => this.options.journal.get(id) ?? []);
  }

  /** An alert acknowledged here whose VMS keeps its state (a Milestone alarm): the VMS is told, in the background. */
  private tellVms(id: string, ack: AlertAcknowledgement): void {
    const record = this.options.journal.get(id);
    const adapter = record ? this.adapters.get(record.serverId) : undefined;
    if (!record?.vendorEventId || !adapter?.acknowledgeAlert) return;
    adapter.acknowledgeAlert(record.vendorEventId, ack).catch((error: unknown) => this.options.log.warn('the VMS did not take the acknowledgement', { event: id, server: record.serverId, error }));
  }

  /** The VMS closed an alert (a Milestone alarm): it shows acknowledged here, in the VMS operator's name. */
  private acknowledgedOnVms(serverId: string, vendorEventId: string, ack: AlertAcknowledgement): void {
    this.commit();
    const id = this.options.journal.findByVendorEvent(serverId, vendorEventId);
    if (!id) return;
    const { changed } = this.options.journal.acknowledge([id], ack.operator, this.options.clock.now(), ack.comment);
    this.acknowledged(changed);
  }

  /** Writes whatever arrived and has not been written yet (before a query, and on shutdown). */
  commit(): void {
    if (this.incoming.length === 0) return;
    const batch = this.incoming;
    const alarms = this.alarms;
    this.incoming = [];
    this.alarms = [];
    let written: Set<string>;
    try {
      written = this.options.journal.append(batch);
    } catch (error) {
      // Not written means not shown: keep them and try again on the next turn.
      this.incoming = [...batch, ...this.incoming];
      this.alarms = [...alarms, ...this.alarms];
      this.options.log.error('could not write events to the journal; retrying', { count: batch.length, error });
      this.scheduleCommit();
      return;
    }
    let opened = false;
    const openedRecords: EventRecord[] = [];
    for (const { record } of batch) {
      // Already journaled (a poll that overlapped, a replay after a resume): shown once only.
      if (!written.has(record.id)) continue;
      this.outgoing.push(record);
      if (record.state === 'open') {
        opened = true;
        openedRecords.push(record);
        this.counts = { open: this.counts.open + 1, bySeverity: { ...this.counts.bySeverity, [record.severity]: this.counts.bySeverity[record.severity] + 1 } };
      }
    }
    for (const alarm of alarms) if (written.has(alarm.eventId)) this.options.alarm(alarm);
    if (opened) this.countsChanged = true;
    if (openedRecords.length > 0) this.options.recorded?.(openedRecords);
    this.scheduleFlush();
    for (const record of openedRecords) this.addPicture(record);
  }

  /** An alert of a VMS event without a picture gets its camera's, when the VMS gives one. */
  private addPicture(record: EventRecord): void {
    const { pictureOf } = this.options;
    if (!pictureOf || record.image !== undefined || record.cameraId === undefined || record.type.startsWith('sensor:')) return;
    pictureOf(record.serverId, record.cameraId).then(
      (picture) => {
        if (picture) this.attachImage(record.id, picture);
      },
      (error: unknown) => this.options.log.debug('no picture for an alert', { id: record.id, error }),
    );
  }

  dispose(): void {
    this.disposed = true;
    for (const subscription of this.subscriptions.values()) subscription.close();
    this.subscriptions.clear();
    this.commit();
    this.cancelFlush?.();
    this.flush();
  }

  /**
   * An event of a sensor on one of its cameras (the sensor bridge), typed `sensor:<type>`:
   * the same rules, journal, timeline and windows as a VMS's. Written before this returns,
   * so the bridge acknowledges the sensor's message only once the alert is on disk;
   * `dedupeKey` keeps a redelivered message from showing twice.
   */
  receiveSensorEvent(serverId: string, event: VmsEvent, severity?: Severity): string {
    const id = this.receive(serverId, 'sensor', event, undefined, severity);
    this.commit();
    return id;
  }

  /**
   * A window's frame of the camera's live tile, for an alert of a camera that came without a
   * picture; ignored for any other (one that has a picture, another window's frame was first,
   * an event of no camera, or one older than WINDOW_PICTURE_WITHIN_MS).
   */
  attachWindowPicture(id: string, jpeg: Uint8Array): void {
    if (!this.wantsWindowPicture(this.options.journal.get(id))) return;
    // An alert that has a picture keeps it: the journal attaches one only where there is none.
    this.attachImage(id, { contentType: 'image/jpeg', bytes: jpeg });
  }

  /**
   * Of these alerts, the ones a window may picture with a stream of its own (no tile showed
   * the camera): granted once each, so that of several windows only one opens the camera.
   */
  claimWindowPicture(ids: readonly string[]): string[] {
    const now = this.options.clock.now();
    for (const [id, at] of this.pictureClaims) if (now - at > WINDOW_PICTURE_WITHIN_MS) this.pictureClaims.delete(id);
    const granted = ids.filter((id) => {
      if (this.pictureClaims.has(id)) return false;
      const record = this.options.journal.get(id);
      return record?.image === undefined && this.wantsWindowPicture(record);
    });
    for (const id of granted) this.pictureClaims.set(id, now);
    return granted;
  }

  /** An alert of a camera, recent enough for a frame taken now to show it. */
  private wantsWindowPicture(record: EventRecord | undefined): boolean {
    return record !== undefined && record.cameraId !== undefined && this.options.clock.now() - record.receivedAt <= WINDOW_PICTURE_WITHIN_MS;
  }

  /**
   * The picture of an event journaled without one, because it came later (a sensor's alert
   * does not wait for its camera's picture). Rows not yet sent to the windows go out with
   * it; rows already shown get it as a change.
   */
  attachImage(id: string, image: VmsBinary): void {
    if (this.disposed || !this.options.journal.attachImage(id, image)) return;
    const url = eventMediaUrl(id, 'image');
    const waiting = this.outgoing.findIndex((record) => record.id === id);
    const row = this.outgoing[waiting];
    if (row) {
      this.outgoing[waiting] = { ...row, image: url };
      return;
    }
    const record = this.options.journal.get(id);
    if (record) this.options.publishChanges([{ id, state: record.state, ...(record.ack ? { ack: record.ack } : {}), image: url }]);
  }

  /** Journals (soon) and returns the event's id. */
  private receive(serverId: string, vendor: VmsKind | 'sensor', event: VmsEvent, cursor: string | undefined, defaultSeverity?: Severity): string {
    const receivedAt = this.options.clock.now();
    // Sortable and unique: arrival time, then a counter for events in the same millisecond.
    const id = `${receivedAt.toString(36).padStart(9, '0')}-${(this.sequence++ % 36 ** 6).toString(36).padStart(6, '0')}`;
    // Types carry their vendor: IVMS's "201" and another vendor's "201" are different things.
    const type = `${vendor}:${event.type}`;
    // A VMS's copy of a sensor event this install's bridge raised is journaled as an event,
    // not a second alert: the sensor's own alert is already in the list.
    const echo = event.echoOf !== undefined && (this.options.sensorEventKnown?.(event.echoOf.sensorId, event.echoOf.eventId) ?? false);
    const ruled = echo ? ECHO_OUTCOME : evaluateRules(this.options.settings().alertRules, { serverId, vendor, cameraId: event.cameraId, type, label: event.label });
    // A sensor's own severity holds unless an alert rule decides.
    const verdict = ruled === DEFAULT_OUTCOME && defaultSeverity ? { ...ruled, severity: defaultSeverity } : ruled;
    const record: EventRecord = {
      id,
      serverId,
      cameraId: event.cameraId,
      cameraName: event.cameraName,
      time: event.time,
      sourceTime: event.sourceTime,
      timeUncertain: event.timeUncertain,
      receivedAt,
      type,
      label: event.label,
      severity: verdict.severity,
      image: event.image ? eventMediaUrl(id, 'image') : undefined,
      snap: event.vendorEventId ? eventMediaUrl(id, 'snap') : undefined,
      clip: event.vendorEventId ? eventMediaUrl(id, 'clip') : undefined,
      vendorEventId: event.vendorEventId,
      raw: { ...event.raw },
      state: verdict.alert ? 'open' : 'none',
    };
    this.incoming.push({ record, ...(event.image ? { image: event.image } : {}), ...(event.dedupeKey === undefined ? {} : { dedupeKey: event.dedupeKey }), ...(cursor === undefined ? {} : { cursor }) });
    const alarm = alarmOf(id, serverId, record, verdict);
    if (alarm) this.alarms.push(alarm);
    this.scheduleCommit();
    return id;
  }

  private scheduleCommit(): void {
    if (this.commitScheduled || this.disposed) return;
    this.commitScheduled = true;
    setImmediate(() => {
      this.commitScheduled = false;
      this.commit();
    });
  }

  /**
   * Leading and trailing: the first events after a quiet spell go out at once (an event
   * at a time reaches the screen without waiting), then at most one batch per `batchMs`.
   */
  private scheduleFlush(): void {
    if (this.cancelFlush) return;
    // In a burst (a full batch last time) windows get half as many, twice as large, batches:
    // each batch costs a render, whatever its size.
    const batchMs = this.options.batchMs ?? 50;
    const interval = this.lastBatchSize >= BURST_BATCH ? 2 * batchMs : batchMs;
    const wait = this.lastFlushAt + interval - this.options.clock.now();
    if (wait <= 0) this.flush();
    else this.cancelFlush = this.options.clock.after(wait, () => this.flush());
  }

  private flush(): void {
    this.cancelFlush = undefined;
    if (this.outgoing.length === 0) return;
    this.lastFlushAt = this.options.clock.now();
    const batch = this.outgoing;
    this.outgoing = [];
    this.lastBatchSize = batch.length;
    this.options.publish(batch);
    // The count moves with the rows it counts.
    if (this.countsChanged) {
      this.countsChanged = false;
      this.options.publishCounts(this.counts);
    }
  }
}
