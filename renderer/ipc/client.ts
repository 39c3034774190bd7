import type { EventName, InvokeChannel } from '../../shared/ipc/channels';
import { eventContract, invokeContract, type EventPayload, type InvokeRequest, type InvokeResponse } from '../../shared/ipc/contract';
import { resultSchema } from '../../shared/ipc/schemas';
import { err, type Result } from '../../shared/result';
import type { TesseraBridge } from './bridge';

/**
 * The typed face of the bridge. Every reply and event is checked against the shared
 * contract, so a core and renderer out of step fail loudly with a clear error instead
 * of drawing garbage.
 */
export class TesseraClient {
  constructor(private readonly bridge: TesseraBridge) {}

  async invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<Result<InvokeResponse<C>>> {
    let raw: unknown;
    try {
      raw = await this.bridge.invoke(channel, request);
    } catch (error) {
      return err('unavailable', error instanceof Error ? error.message : 'IPC failed');
    }
    const parsed = resultSchema(invokeContract[channel].response).safeParse(raw);
    if (!parsed.success) return err('internal', `Malformed reply to ${channel}`);
    return parsed.data as Result<InvokeResponse<C>>;
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.bridge.on(name, (raw) => {
      const parsed = eventContract[name].safeParse(raw);
      if (parsed.success) listener(parsed.data as EventPayload<E>);
      else console.warn(`Dropped malformed ${name} event`);
    });
  }
}
