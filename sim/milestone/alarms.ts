import { randomUUID } from 'node:crypto';

/** XProtect's default alarm states (`GET /alarmStates`). */
export const ALARM_STATES = [
  { value: 1, name: 'New' },
  { value: 4, name: 'In progress' },
  { value: 9, name: 'On hold' },
  { value: 11, name: 'Closed' },
] as const;

export interface SimAlarm {
  readonly id: string;
  readonly name: string;
  readonly message: string;
  readonly source: string;
  readonly time: string;
  priority: number;
  state: number;
  stateName: string;
  comment: string;
  assignedTo: { displayName: string };
  reasonForClosing: string;
  lastModified: string;
}

/** The gateway's alarms: raised by the site (or `POST /alarms`), their state changed by `PATCH /alarms/{id}`. */
export class AlarmBook {
  private readonly alarms: SimAlarm[] = [];
  private readonly listeners = new Set<(alarm: SimAlarm) => void>();

  onChange(listener: (alarm: SimAlarm) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  raise(name: string, message: string, source: string): SimAlarm {
    const now = new Date().toISOString();
    const alarm: SimAlarm = { id: randomUUID(), name, message, source, time: now, priority: 1, state: 1, stateName: 'New', comment: '', assignedTo: { displayName: '' }, reasonForClosing: '', lastModified: now };
    this.alarms.push(alarm);
    this.changed(alarm);
    return alarm;
  }

  list(): readonly SimAlarm[] {
    return this.alarms;
  }

  get(id: string): SimAlarm | undefined {
    return this.alarms.find((alarm) => alarm.id === id);
  }

  /** A PATCH: state (a value of ALARM_STATES), priority, comment, assignee, reason for closing. */
  update(id: string, patch: { state?: number; priority?: number; comment?: string; assignedTo?: string; reasonForClosing?: string }): SimAlarm | undefined {
    const alarm = this.get(id);
    if (!alarm) return undefined;
    if (patch.state !== undefined) {
      const state = ALARM_STATES.find((candidate) => candidate.value === patch.state);
      if (!state) throw new Error(`Unknown alarm state ${patch.state}`);
      alarm.state = state.value;
      alarm.stateName = state.name;
    }
    if (patch.priority !== undefined) alarm.priority = patch.priority;
    if (patch.comment !== undefined) alarm.comment = patch.comment;
    if (patch.assignedTo !== undefined) alarm.assignedTo = { displayName: patch.assignedTo };
    if (patch.reasonForClosing !== undefined) alarm.reasonForClosing = patch.reasonForClosing;
    alarm.lastModified = new Date().toISOString();
    this.changed(alarm);
    return alarm;
  }

  private changed(alarm: SimAlarm): void {
    for (const listener of [...this.listeners]) listener(alarm);
  }
}
