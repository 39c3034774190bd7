import { z } from 'zod';
import { isInvokeChannel, type EventName, type InvokeChannel } from '../../shared/ipc/channels';
import { eventContract, invokeContract, type EventPayload, type InvokeResponse } from '../../shared/ipc/contract';
import { err, ok, type Result } from '../../shared/result';
import { isVmsError } from '../vms/errors';
import { CoreError } from './errors';
import { type Logger, silentLogger } from '../common/logger';

/** Who is calling: one renderer window (Electron webContents, or one web socket). */
export interface CallContext {
  readonly clientId: string;
}

/** The request type a handler receives: the schema's output, after validation and defaults. */
export type HandlerRequest<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['request']>;

export type Handlers = {
  readonly [C in InvokeChannel]: (request: HandlerRequest<C>, context: CallContext) => Promise<InvokeResponse<C>>;
};

export type EventSink = (name: EventName, payload: unknown) => void;

/**
 * The IPC contract implemented once. Both transports hand it raw payloads and get back
 * a Result; it validates the request, runs the handler, turns any failure into a typed
 * error, and checks the reply against the contract before it leaves the core.
 * Events go out per client, validated the same way.
 */
export class HandlerRegistry {
  private readonly clients = new Map<string, EventSink>();
  private readonly disconnectListeners: Array<(clientId: string) => void> = [];
  private handlers: Handlers | undefined;

  constructor(private readonly log: Logger = silentLogger) {}

  /**
   * Installs the handlers. Separate from the constructor because the services behind the
   * handlers emit events through this registry, so it must exist before they do.
   */
  implement(handlers: Handlers): void {
    if (this.handlers) throw new Error('HandlerRegistry is already implemented');
    this.handlers = handlers;
  }

  async invoke(channel: unknown, payload: unknown, context: CallContext): Promise<Result<unknown>> {
    if (!isInvokeChannel(channel)) return err('invalid-request', `Unknown channel ${JSON.stringify(channel)}`);
    const contract = invokeContract[channel];
    const request = contract.request.safeParse(payload ?? {});
    if (!request.success) return err('invalid-request', `Invalid ${channel} request: ${z.prettifyError(request.error)}`);

    if (!this.handlers) return err('unavailable', 'Tessera is still starting');
    let value: unknown;
    try {
      const handler = this.handlers[channel] as (request: unknown, context: CallContext) => Promise<unknown>;
      value = await handler(request.data, context);
    } catch (error) {
      return this.failure(channel, error);
    }
    const reply = contract.response.safeParse(value);
    if (!reply.success) {
      this.log.error('handler reply breaks the contract', { channel, issues: z.prettifyError(reply.error) });
      return err('internal', `Internal error in ${channel}`);
    }
    return ok(reply.data);
  }

  /** Registers a client's event sink; returns the function that disconnects it. */
  connect(clientId: string, sink: EventSink): () => void {
    this.clients.set(clientId, sink);
    return () => this.disconnect(clientId);
  }

  disconnect(clientId: string): void {
    if (!this.clients.delete(clientId)) return;
    for (const listener of this.disconnectListeners) listener(clientId);
  }

  /** Called when a client goes away (window closed or reloaded, socket dropped). */
  onDisconnect(listener: (clientId: string) => void): void {
    this.disconnectListeners.push(listener);
  }

  /** Sends an event to one client, or to every client when `clientId` is undefined. */
  emit<E extends EventName>(name: E, payload: EventPayload<E>, clientId?: string): void {
    const checked = eventContract[name].safeParse(payload);
    if (!checked.success) {
      this.log.error('event breaks the contract', { name, issues: z.prettifyError(checked.error) });
      return;
    }
    const targets = clientId === undefined ? [...this.clients.values()] : [this.clients.get(clientId)].filter((sink) => sink !== undefined);
    for (const sink of targets) {
      try {
        sink(name, checked.data);
      } catch (error) {
        this.log.warn('event sink failed', { name, error });
      }
    }
  }

  get clientCount(): number {
    return this.clients.size;
  }

  private failure(channel: InvokeChannel, error: unknown): Result<unknown> {
    if (error instanceof CoreError) return err(error.code, error.message, error.retryAfterMs);
    if (isVmsError(error)) return err(error.kind === 'auth' ? 'sign-in' : 'unavailable', error.message, error.retryAfterMs);
    this.log.error('handler failed', { channel, error });
    return err('internal', `Internal error in ${channel}`);
  }
}
