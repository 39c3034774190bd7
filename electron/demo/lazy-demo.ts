import type { Logger } from '../common/logger';
import type { DemoVms } from '../core/bootstrap';

/**
 * Starts the embedded demo VMS, loading it only then. The demo is a whole simulated site
 * (encoders, WebRTC, an MQTT broker) whose modules took about half of the core's start when
 * loaded with it; a Tessera configured with real servers never needs them. The build splits
 * this import into a chunk of its own (esbuild `splitting`), so its packages load only here.
 */
export async function startDemoVmsLazily(log: Logger): Promise<DemoVms> {
  const { startDemoVms } = await import('./demo-vms');
  return startDemoVms(log);
}
