import type { Logger } from '../common/logger';
import type { DemoVms } from '../core/bootstrap';
import { DEMO_SERVER_IDS } from '../core/servers/demo-policy';
import { RECORDING_PROFILE, withFrameRate, withMainSize } from '../../sim/site/catalog';
import { startSim } from '../../sim/start-sim';
import { startDemoSensors } from './demo-sensors';

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
    cameraCount: 12,
    // Calm enough for a newcomer: an event every half minute, an intrusion every few minutes.
    eventsPerMinute: 2,
    // Light enough for a two-core laptop to show a wall of it: every camera records all the
    // time, and each encoder is x264 work the wall's own decoding competes with.
    profiles: withFrameRate(withMainSize(960, 540), 12),
    recording: { profile: { ...RECORDING_PROFILE, width: 480, height: 270, fps: 8, bitrateKbps: 150 } },
    log: (line) => simLog.debug(line),
    // Eight cameras on the site's IVMS Pro (its HLS from a separate media server, as on a
    // real site), four in the VXG cloud account: two servers, twelve different cameras.
    ivms: { mediaPort: 0, cameras: [1, 2, 3, 4, 5, 6, 7, 8] },
    vxg: { cameras: [9, 10, 11, 12] },
  });
  const { ivms, vxg } = site;
  if (!ivms || !vxg) {
    await site.close();
    throw new Error('the demo VMS did not start both of its servers');
  }
  log.info(`embedded demo VMS: IVMS Pro on ${ivms.url}, VXG Cloud on ${vxg.url}`);
  const [ivmsId = 'demo', vxgId = 'demo-cloud'] = DEMO_SERVER_IDS;
  const channel = (siteCamera: number): { serverId: string; cameraId: string }[] => {
    const camid = vxg.credentials().channels.find((candidate) => candidate.cameraId === siteCamera)?.camid;
    return camid === undefined ? [] : [{ serverId: vxgId, cameraId: String(camid) }];
  };
  // Three sensors on the demo's cameras: each sensor on an IVMS camera (its events stay in
  // Tessera: "local") and the door and the yard also on a VXG one (delivered to the cloud).
  const sensors = await startDemoSensors({
    door: [{ serverId: ivmsId, cameraId: '1' }, ...channel(9)],
    smoke: [{ serverId: ivmsId, cameraId: '2' }],
    motion: [{ serverId: ivmsId, cameraId: '3' }, ...channel(10)],
    log: log.child('demo-sensors'),
  }).catch(async (error: unknown) => {
    await site.close();
    throw error;
  });
  return {
    servers: [
      { id: ivmsId, type: 'ivms', name: 'Demo site (IVMS Pro)', url: ivms.url },
      { id: vxgId, type: 'vxg', name: 'Demo cloud (VXG)', groupToken: vxg.groupToken },
    ],
    sensors: sensors.sensors,
    close: async () => {
      await sensors.close();
      await site.close();
    },
  };
}
