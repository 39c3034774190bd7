import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { isVmsError } from '../errors';
import type { IvmsClient } from './ivms-client';

export interface Endpoint {
  readonly name: 'primary' | 'standby';
  readonly baseUrl: string;
  readonly client: IvmsClient;
}

export interface FailoverOptions {
  readonly clock: Clock;
  readonly log: Logger;
  /** While on the standby, how often the primary is probed. */
  readonly probeMs: number;
  /** Consecutive good probes before moving back, so a flapping primary does not bounce sessions. */
  readonly probesToReturn?: number;
  /** A cheap call that succeeds only when an endpoint is usable. */
  readonly probe: (endpoint: Endpoint) => Promise<unknown>;
  readonly onSwitch: (to: Endpoint, reason: string) => void;
}

/**
 * A primary IVMS API server and, where the deployment has one, its standby ("redundant
 * VMS"). Calls go to the active one. When it fails for a passing reason (1504, refused,
 * timeout) and the other answers the same call, the other becomes active; while on the
 * standby the primary is probed, and once it answers again the primary takes over back.
 * Both moves are reported so the core can reopen the sessions, with no operator action.
 */
export class FailoverEndpoints {
  private activeIndex = 0;
  private cancelProbe: (() => void) | undefined;
  private goodProbes = 0;
  private disposed = false;

  constructor(
    private readonly endpoints: readonly Endpoint[],
    private readonly options: FailoverOptions,
  ) {
    if (endpoints.length === 0) throw new Error('no endpoint');
  }

  get active(): Endpoint {
    const endpoint = this.endpoints[this.activeIndex] ?? this.endpoints[0];
    if (!endpoint) throw new Error('no endpoint');
    return endpoint;
  }

  byName(name: string): Endpoint {
    return this.endpoints.find((endpoint) => endpoint.name === name) ?? this.active;
  }

  /** Runs `call` on the active endpoint, failing over to the other on a passing failure. */
  async run<T>(call: (endpoint: Endpoint) => Promise<T>): Promise<T> {
    const first = this.active;
    try {
      return await call(first);
    } catch (error) {
      const other = this.endpoints.find((endpoint) => endpoint !== first);
      if (!other || !isVmsError(error) || !error.transient || this.disposed) throw error;
      let result: T;
      try {
        result = await call(other);
      } catch {
        throw error; // both are failing: report the active one's reason
      }
      this.switchTo(other, `${first.name} failed: ${error.message}`);
      return result;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cancelProbe?.();
  }

  private switchTo(endpoint: Endpoint, reason: string): void {
    const index = this.endpoints.indexOf(endpoint);
    if (index === this.activeIndex || this.disposed) return;
    this.activeIndex = index;
    this.options.log.warn(`switched to the ${endpoint.name} server`, { reason });
    this.options.onSwitch(endpoint, reason);
    if (endpoint.name === 'standby') this.scheduleProbe();
    else this.cancelProbe?.();
  }

  private scheduleProbe(): void {
    this.cancelProbe?.();
    this.goodProbes = 0;
    const primary = this.endpoints.find((endpoint) => endpoint.name === 'primary');
    if (!primary) return;
    const tick = (): void => {
      this.cancelProbe = this.options.clock.after(this.options.probeMs, () => {
        if (this.disposed || this.active === primary) return;
        this.options.probe(primary).then(
          () => {
            this.goodProbes += 1;
            if (this.goodProbes >= (this.options.probesToReturn ?? 2)) this.switchTo(primary, 'the primary server answers again');
            else tick();
          },
          () => {
            this.goodProbes = 0;
            tick();
          },
        );
      });
    };
    tick();
  }
}
