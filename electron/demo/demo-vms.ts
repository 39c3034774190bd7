import type { Logger } from '../common/logger';
import type { DemoVms } from '../core/bootstrap';
import { DEMO_SERVERS } from '../core/servers/demo-policy';
import { RECORDING_PROFILE, withFrameRate, withMainSize } from '../../sim/site/catalog';
import { startSim } from '../../sim/start-sim';
import { startDemoSensors } from './demo-sensors';

/** The demo's first wall: one camera of each vendor, shown on the machine's first start. */
export const DEMO_FIRST_WALL = 'demo-every-vendor';

/**
 * The embedded demo: one simulated site served as four VMS of different vendors, so a new
 * user sees at once what no single-vendor client shows — an IVMS Pro server, a VXG Cloud
 * account, an Eagle Eye account and an XProtect site side by side in one tree, on one wall,
 * in one alert queue, each as its vendor delivers video (HLS, JPEG previews, WebRTC).
 * Cameras, encoders, recordings and events are the site's, shared by every front: four
 * vendors for the CPU of one. The only module of the client that starts the simulator.
 */
export async function startDemoVms(log: Logger): Promise<DemoVms> {
  const simLog = log.child('demo-vms');
  const site = await startSim({
    vendors: ['ivms', 'vxg', 'een', 'milestone'],
    cameraCount: 12,
    // Calm enough for a newcomer: an event every half minute, an intrusion every few minutes.
    eventsPerMinute: 2,
    // Light enough for a two-core laptop to show a wall of it: every camera records all the
    // time, and each encoder is x264 work the wall's own decoding competes with.
    profiles: withFrameRate(withMainSize(960, 540), 12),
    recording: { profile: { ...RECORDING_PROFILE, width: 480, height: 270, fps: 8, bitrateKbps: 150 } },
    log: (line) => simLog.debug(line),
    // Six cameras on the site's IVMS Pro (its HLS from a separate media server, as on a
    // real site), two each in the VXG and Eagle Eye cloud accounts and on the XProtect
    // gateway: four servers, twelve different cameras.
    ivms: { mediaPort: 0, cameras: [1, 2, 3, 4, 5, 6] },
    vxg: { cameras: [7, 8] },
    een: { cameras: [9, 10] },
    milestone: { cameras: [11, 12] },
  });
  const { ivms, vxg, een, milestone } = site;
  if (!ivms || !vxg || !een || !milestone) {
    await site.close();
    throw new Error('the demo VMS did not start all four of its servers');
  }
  log.info(`embedded demo VMS: IVMS Pro on ${ivms.url}, VXG Cloud on ${vxg.url}, Eagle Eye on ${een.url}, XProtect on ${milestone.url}`);
  // Ids the demo policy knows: their events in the journal do not count as a real server's.
  const { ivms: ivmsId, vxg: vxgId, een: eenId, milestone: milestoneId } = DEMO_SERVERS;
  const vxgCamera = (siteCamera: number): { serverId: string; cameraId: string }[] => {
    const camid = vxg.credentials().channels.find((candidate) => candidate.cameraId === siteCamera)?.camid;
    return camid === undefined ? [] : [{ serverId: vxgId, cameraId: String(camid) }];
  };
  // Three sensors on the demo's cameras: each sensor on an IVMS camera (its events stay in
  // Tessera: "local") and the door and the yard also on a VXG one (delivered to the cloud).
  const sensors = await startDemoSensors({
    door: [{ serverId: ivmsId, cameraId: '1' }, ...vxgCamera(7)],
    smoke: [{ serverId: ivmsId, cameraId: '2' }],
    motion: [{ serverId: ivmsId, cameraId: '3' }, ...vxgCamera(8)],
    log: log.child('demo-sensors'),
  }).catch(async (error: unknown) => {
    await site.close();
    throw error;
  });
  return {
    servers: [
      { id: ivmsId, type: 'ivms', name: 'Demo site (IVMS Pro)', url: ivms.url },
      { id: vxgId, type: 'vxg', name: 'Demo cloud (VXG)', groupToken: vxg.groupToken },
      // The legacy API (user name and password); the simulator serves no brand subdomains,
      // so its API is at the login host.
      { id: eenId, type: 'een', name: 'Demo cloud (Eagle Eye)', api: 'legacy', loginUrl: een.url, apiUrl: een.url, username: een.username, password: een.password },
      { id: milestoneId, type: 'milestone', name: 'Demo site (XProtect)', url: milestone.url, username: milestone.username, password: milestone.password },
    ],
    walls: [
      {
        id: DEMO_FIRST_WALL,
        name: 'Every vendor',
        monitors: [
          {
            layout: '2x2',
            tiles: [{ serverId: ivmsId, cameraId: '1' }, ...vxgCamera(7), { serverId: eenId, cameraId: een.esnOf(9) }, { serverId: milestoneId, cameraId: milestone.cameraGuid(11) }],
          },
        ],
      },
    ],
    firstWall: DEMO_FIRST_WALL,
    sensors: sensors.sensors,
    close: async () => {
      await sensors.close();
      await site.close();
    },
  };
}
