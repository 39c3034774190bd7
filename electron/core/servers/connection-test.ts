import type { ServerTestResult } from '../../../shared/model/server-config';
import type { VmsAdapter } from '../../vms/adapter';
import { isVmsError } from '../../vms/errors';
import { type ServerConfig, vendorOf } from '../../vms/registry';
import type { Logger } from '../../common/logger';

export interface ConnectionTestOptions {
  /** A throwaway adapter for one address; disposed after the test. */
  readonly createAdapter: (config: ServerConfig) => VmsAdapter;
  readonly log: Logger;
  /** Beyond each request's own deadline: the most a test may take. */
  readonly deadlineMs?: number;
}

/**
 * Tries a server without adding it: log in where the vendor has a login, then list the
 * cameras, as the server directory will. A redundant pair is tried address by address,
 * so a standby that does not answer is found now rather than on the day of a failover
 * (each vendor says which addresses it has).
 * The reason is the adapter's own words: DNS, refused, TLS, timeout, 401, 1504...
 */
export async function testConnection(config: ServerConfig, options: ConnectionTestOptions): Promise<ServerTestResult> {
  const deadline = AbortSignal.timeout(options.deadlineMs ?? 30_000);
  const targets = vendorOf(config).testTargets(config);
  const results = await Promise.all(targets.map((target) => tryAddress(target.config, deadline, options)));
  const [first] = results;
  if (!first) return { ok: false, reason: 'Nothing to test' };
  if (!first.ok) return first;
  const failing = results.findIndex((result) => !result.ok);
  const failed = results[failing];
  if (failed && !failed.ok) return { ok: false, reason: `The ${targets[0]?.label ?? 'server'} answers, but the ${targets[failing]?.label ?? 'other address'} does not: ${failed.reason}` };
  return first;
}

async function tryAddress(config: ServerConfig, signal: AbortSignal, options: ConnectionTestOptions): Promise<ServerTestResult> {
  const adapter = options.createAdapter(config);
  try {
    await adapter.connect(signal);
    const cameras = await adapter.listCameras(signal);
    return { ok: true, cameraCount: cameras.length };
  } catch (error) {
    if (isVmsError(error)) return { ok: false, reason: error.message };
    if (signal.aborted) return { ok: false, reason: `No complete answer within ${Math.round((options.deadlineMs ?? 30_000) / 1000)} s` };
    options.log.error('server test failed unexpectedly', { server: config.id, error });
    return { ok: false, reason: 'Unexpected error while testing the server (details in the log)' };
  } finally {
    await adapter.dispose();
  }
}
