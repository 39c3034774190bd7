import { z } from 'zod';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { AlertAcknowledgement, EventSubscription, VmsEvent, VmsEventSink } from '../adapter';
import type { MilestoneClient } from './milestone-client';

/** Alarms carry this prefix in `vendorEventId`, apart from plain events' ids. */
export const ALARM_PREFIX = 'alarm:';

const StateField = z.union([z.number(), z.object({ value: z.number(), name: z.string().optional() }).loose()]);
const Alarm = z
  .object({
    id: z.string().min(1),
    name: z.string().default('Alarm'),
    message: z.string().optional(),
    source: z.union([z.string(), z.object({ id: z.string().optional(), name: z.string().optional() }).loose()]).optional(),
    time: z.string().optional(),
    state: StateField.optional(),
    stateName: z.string().optional(),
    comment: z.string().optional(),
    assignedTo: z.object({ displayName: z.string().optional() }).loose().optional(),
  })
  .loose();
type Alarm = z.infer<typeof Alarm>;
const AlarmList = z.object({ array: z.array(z.unknown()) }).loose();
const AlarmStates = z.object({ array: z.array(z.object({ value: z.number(), name: z.string().optional(), displayName: z.string().optional() }).loose()) }).loose();

/** XProtect's default "New" state: anything else is being handled, or closed, by someone. */
const NEW_STATE = 1;

function stateOf(alarm: Alarm): { value: number; name: string } {
  const field = alarm.state;
  if (typeof field === 'object') return { value: field.value, name: field.name ?? alarm.stateName ?? String(field.value) };
  return { value: field ?? NEW_STATE, name: alarm.stateName ?? String(field ?? NEW_STATE) };
}

/**
 * Milestone's alarms both ways (the alarms REST API, mipsdk-samples-protocol
 * `AlarmsRestApiPython/alarms_rest_api.py`): new alarms (`GET /alarms`, polled) come into
 * Tessera's alert list as events; an alarm whose state left "New" on Milestone (closed, or
 * taken in hand) shows acknowledged here, in the name of whoever it is assigned to.
 * Acknowledging in Tessera changes the alarm's state by `PATCH /alarms/{id}`.
 */
export class AlarmWatch implements EventSubscription {
  private readonly known = new Map<string, number>();
  private cancel: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly options: {
      readonly client: MilestoneClient;
      readonly sink: VmsEventSink;
      readonly clock: Clock;
      readonly log: Logger;
      readonly pollMs: number;
      readonly cameraName: (id: string) => string | undefined;
    },
  ) {
    void this.poll();
  }

  close(): void {
    this.closed = true;
    this.cancel?.();
  }

  private async poll(): Promise<void> {
    try {
      const { array } = await this.options.client.call('GET', '/rest/v1/alarms?page=0&size=200', AlarmList);
      const alarms = array.flatMap((item) => {
        const parsed = Alarm.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
      // Oldest first, so the journal receives them in the order they were raised.
      for (const alarm of alarms.reverse()) this.look(alarm);
    } catch (error) {
      this.options.log.warn('reading Milestone alarms failed', { error });
    }
    if (this.isClosed()) return;
    this.cancel = this.options.clock.after(this.options.pollMs, () => void this.poll());
  }

  private isClosed(): boolean {
    return this.closed;
  }

  private look(alarm: Alarm): void {
    const state = stateOf(alarm);
    const before = this.known.get(alarm.id);
    this.known.set(alarm.id, state.value);
    const vendorEventId = `${ALARM_PREFIX}${alarm.id}`;
    if (before === undefined) this.options.sink.onEvent(this.event(alarm, vendorEventId));
    if (state.value !== NEW_STATE && before !== state.value) {
      const by = alarm.assignedTo?.displayName?.trim();
      this.options.sink.onAlertState?.(vendorEventId, { operator: by ? `${by} (Milestone)` : 'Milestone', comment: `${state.name} on Milestone${alarm.comment ? `: ${alarm.comment}` : ''}` });
    }
  }

  private event(alarm: Alarm, vendorEventId: string): VmsEvent {
    const source = typeof alarm.source === 'string' ? alarm.source : (alarm.source?.id ?? '');
    const [kind, id] = source.includes('/') ? source.split('/') : ['cameras', source];
    const cameraId = kind === 'cameras' && id ? id : undefined;
    const parsed = alarm.time ? Date.parse(alarm.time) : Number.NaN;
    return {
      cameraId,
      cameraName: cameraId === undefined ? undefined : this.options.cameraName(cameraId),
      time: Number.isFinite(parsed) ? parsed : this.options.clock.now(),
      sourceTime: alarm.time ?? '',
      timeUncertain: !Number.isFinite(parsed),
      type: 'alarm',
      label: alarm.message ? `${alarm.name}: ${alarm.message}` : alarm.name,
      vendorEventId,
      dedupeKey: vendorEventId,
      raw: { ...alarm },
    };
  }
}

/** The state an acknowledgement moves an alarm to: "In progress" as the system names it, else XProtect's default value 4. */
export async function acknowledgeAlarm(client: MilestoneClient, vendorEventId: string, ack: AlertAcknowledgement, signal?: AbortSignal): Promise<void> {
  if (!vendorEventId.startsWith(ALARM_PREFIX)) return;
  const id = vendorEventId.slice(ALARM_PREFIX.length);
  const states = await client.call('GET', '/rest/v1/alarmStates', AlarmStates, undefined, signal).catch(() => ({ array: [] }));
  const inProgress = states.array.find((state) => /in progress/i.test(state.displayName ?? state.name ?? ''))?.value ?? 4;
  await client.call('PATCH', `/rest/v1/alarms/${encodeURIComponent(id)}`, z.unknown(), { state: inProgress, comment: ack.comment ?? `Acknowledged in Tessera by ${ack.operator}`, 'assignedTo.displayName': ack.operator }, signal);
}
