import { backoffDelay, type BackoffOptions, DEFAULT_BACKOFF } from '../../../shared/time/backoff';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { CreateEventRequest, VmsAdapter } from '../../vms/adapter';
import { isVmsError } from '../../vms/errors';
import type { OutboxItem, SensorOutbox } from '../events/sensor-outbox';

export interface DeliveryTarget {
  /** The server's adapter, or why there is none to send to now. */
  adapter(serverId: string): { readonly adapter: VmsAdapter } | { readonly wait: string } | { readonly gone: string };
}

export interface OutboxDeliveryOptions {
  readonly outbox: SensorOutbox;
  readonly targets: DeliveryTarget;
  readonly clock: Clock;
  readonly log: Logger;
  /** A queue moved (the Sensors panel shows it). */
  readonly changed: () => void;
  readonly backoff?: BackoffOptions;
  /** Deadline of one create-event call. */
  readonly timeoutMs?: number;
}

/** A `not-found` this many times in a row is for good (a camera gone from the VMS), not a list still loading. */
const NOT_FOUND_ATTEMPTS = 5;

interface Worker {
  running: boolean;
  /** Consecutive failures of this target, for its backoff. */
  failures: number;
  cancelRetry: (() => void) | undefined;
  /** Why the head waits, for the panel. */
  reason: string | undefined;
}

/**
 * Sends each target's queue in order, one request at a time: the order of a camera's events
 * on the VMS is the order the sensor sent them. A failure that may pass (the VMS down, the
 * network gone, 429/5xx) keeps the delivery at the head of its queue and retries it with the
 * one backoff policy; a refusal for good (a type the VMS does not take, a camera it does not
 * know) marks that delivery failed, with the reason, and the queue moves on.
 */
export class OutboxDelivery {
  private readonly workers = new Map<string, Worker>();
  private disposed = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: OutboxDeliveryOptions) {}

  /** Starts (or wakes) the workers of these targets, or of every target with pending deliveries. */
  kick(serverIds: Iterable<string> = this.options.outbox.pendingTargets()): void {
    for (const serverId of serverIds) {
      const worker = this.worker(serverId);
      if (worker.running) continue;
      // A target in its backoff keeps waiting: its head is retried when the backoff ends, and
      // newer events queue behind it, in order.
      if (worker.cancelRetry) continue;
      void this.drain(serverId, worker);
    }
  }

  /** Retries a target's head now (the operator's "retry now", a server that came back). */
  wake(serverId: string): void {
    const worker = this.worker(serverId);
    worker.cancelRetry?.();
    worker.cancelRetry = undefined;
    worker.failures = 0;
    if (!worker.running) void this.drain(serverId, worker);
  }

  reason(serverId: string): string | undefined {
    return this.workers.get(serverId)?.reason;
  }

  dispose(): void {
    this.disposed = true;
    this.abort.abort(new Error('Tessera is stopping'));
    for (const worker of this.workers.values()) worker.cancelRetry?.();
    this.workers.clear();
  }

  /** Read after an await: dispose() may have run meanwhile. */
  private stopped(): boolean {
    return this.disposed;
  }

  private worker(serverId: string): Worker {
    let worker = this.workers.get(serverId);
    if (!worker) {
      worker = { running: false, failures: 0, cancelRetry: undefined, reason: undefined };
      this.workers.set(serverId, worker);
    }
    return worker;
  }

  private async drain(serverId: string, worker: Worker): Promise<void> {
    worker.running = true;
    try {
      for (;;) {
        if (this.disposed) return;
        const [item] = this.options.outbox.head(serverId);
        if (!item) {
          worker.reason = undefined;
          return;
        }
        const outcome = await this.send(serverId, item);
        if (this.stopped()) return;
        this.options.changed();
        if (outcome.kind === 'retry') {
          worker.reason = outcome.reason;
          const delay = Math.max(outcome.afterMs ?? 0, backoffDelay(worker.failures, this.options.backoff ?? DEFAULT_BACKOFF));
          worker.failures += 1;
          worker.cancelRetry = this.options.clock.after(delay, () => {
            worker.cancelRetry = undefined;
            if (!worker.running) void this.drain(serverId, worker);
          });
          return;
        }
        worker.failures = 0;
        worker.reason = outcome.kind === 'failed' ? outcome.reason : undefined;
      }
    } finally {
      worker.running = false;
    }
  }

  private async send(serverId: string, item: OutboxItem): Promise<{ kind: 'delivered' } | { kind: 'failed'; reason: string } | { kind: 'retry'; reason: string; afterMs?: number }> {
    const { outbox, clock, log } = this.options;
    const target = this.options.targets.adapter(serverId);
    if ('gone' in target) {
      outbox.failed(item.seq, target.gone, clock.now());
      return { kind: 'failed', reason: target.gone };
    }
    if ('wait' in target) return { kind: 'retry', reason: target.wait };
    const { adapter } = target;
    const request = item.request as unknown as CreateEventRequest;
    if (!adapter.createEvent || !adapter.capabilities.createEvents) {
      const reason = 'This VMS takes no events from Tessera';
      outbox.failed(item.seq, reason, clock.now());
      return { kind: 'failed', reason };
    }
    if (!request.type) {
      const reason = `No ${adapter.kind} event type is chosen for sensor ${item.sensorId}: choose one in the Sensors dialog`;
      outbox.failed(item.seq, reason, clock.now());
      return { kind: 'failed', reason };
    }
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs ?? 15_000)]);
    try {
      // Sent before and never answered (the process died mid-request): the VMS may hold it.
      if (item.inFlight && adapter.findCreatedEvent) {
        const found = await adapter.findCreatedEvent(request, signal);
        if (found) {
          log.info('a sensor event sent before a restart was on the VMS already', { server: serverId, sensor: item.sensorId, event: item.eventId });
          outbox.delivered(item.seq, found.vendorEventId, clock.now());
          return { kind: 'delivered' };
        }
      }
      outbox.sending(item.seq);
      const created = await adapter.createEvent(request, signal);
      outbox.delivered(item.seq, created.vendorEventId, clock.now());
      return { kind: 'delivered' };
    } catch (error) {
      if (this.disposed) return { kind: 'retry', reason: 'stopping' };
      const reason = error instanceof Error ? error.message : String(error);
      if (isPermanent(error, item.attempts)) {
        log.warn('the VMS refused a sensor event for good', { server: serverId, sensor: item.sensorId, event: item.eventId, error });
        outbox.failed(item.seq, reason, clock.now());
        return { kind: 'failed', reason };
      }
      outbox.attempted(item.seq, reason, clock.now());
      return { kind: 'retry', reason, ...(isVmsError(error) && error.retryAfterMs !== undefined ? { afterMs: error.retryAfterMs } : {}) };
    }
  }
}

/**
 * A refusal that sending again cannot change. `protocol` (an unreadable reply to a POST) is
 * one too: the VMS may have created the event, and sending it again could double it.
 */
function isPermanent(error: unknown, attempts: number): boolean {
  if (!isVmsError(error)) return false;
  if (error.kind === 'not-found') return attempts + 1 >= NOT_FOUND_ATTEMPTS;
  if (error.kind === 'rejected' || error.kind === 'protocol') return true;
  if (error.kind === 'http') return (error.httpStatus ?? 500) < 500 && error.httpStatus !== 408;
  return false;
}
