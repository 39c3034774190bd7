import type { Logger } from '../common/logger';
import type { DemoVms } from '../core/bootstrap';
import { DEMO_SERVER_IDS } from '../core/servers/demo-policy';
import { startSim } from '../../sim/start-sim';

/**
 * The embedded demo: one simulated site served as two VMS of different vendors, so a new
 * user sees at once what no single-vendor client shows — an IVMS Pro server and a VXG Cloud
 * account side by side in one tree, on one wall, in one alert queue. Cameras, encoders,
 * recordings and events are the site's, shared by both fronts: two vendors for the CPU of one.
 * The only module of the client that starts the simulator.
 */
export async function startDemoVms(log: Logger): Promise<DemoVms> {
  const simLog = log.child('demo-vms');
  const site = await startSim({
    vendors: ['ivms', 'vxg'],
    cameraCount: 9,
    eventsPerMinute: 6,
    log: (line) => simLog.debug(line),
    // Like a real site: IVMS's HLS from a separate media server.
    ivms: { mediaPort: 0 },
  });
  const { ivms, vxg } = site;
  if (!ivms || !vxg) {
    await site.close();
    throw new Error('the demo VMS did not start both of its servers');
  }
  log.info(`embedded demo VMS: IVMS Pro on ${ivms.url}, VXG Cloud on ${vxg.url}`);
  return {
    servers: [
      { id: DEMO_SERVER_IDS[0], type: 'ivms', name: 'Demo site (IVMS Pro)', url: ivms.url },
      { id: DEMO_SERVER_IDS[1], type: 'vxg', name: 'Demo cloud (VXG)', groupToken: vxg.groupToken },
    ],
    close: () => site.close(),
  };
}
