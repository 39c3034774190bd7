import { startEenFront, type EenFront, type EenFrontOptions } from './een/front';
import { startIvmsFront, type IvmsFront, type IvmsFrontOptions } from './ivms/front';
import type { MilestoneFront, MilestoneFrontOptions } from './milestone/front';
import { SimSite, type SiteOptions } from './site/site';
import { startVxgFront, type VxgFront, type VxgFrontOptions } from './vxg/front';

export const VENDORS = ['ivms', 'vxg', 'een', 'milestone'] as const;
export type Vendor = (typeof VENDORS)[number];

export interface SimOptions extends SiteOptions {
  /** The fronts to serve the site through (default: IVMS alone). */
  readonly vendors?: readonly Vendor[];
  /** Address every front binds (default 127.0.0.1); a front's own `host` overrides it. */
  readonly host?: string;
  readonly ivms?: IvmsFrontOptions;
  readonly vxg?: VxgFrontOptions;
  readonly een?: EenFrontOptions;
  readonly milestone?: MilestoneFrontOptions;
}

export interface RunningSite {
  readonly site: SimSite;
  readonly ivms: IvmsFront | undefined;
  readonly vxg: VxgFront | undefined;
  readonly een: EenFront | undefined;
  readonly milestone: MilestoneFront | undefined;
  /** Closes every front, then the site. */
  close(): Promise<void>;
}

/**
 * One simulated site served through one front per vendor: the fronts share the cameras,
 * the encoders, the recordings and the events, so the demo can show several vendors on
 * one wall for the CPU of one.
 */
export async function startSim(options: SimOptions = {}): Promise<RunningSite> {
  const vendors = new Set(options.vendors ?? ['ivms']);
  // Only the Milestone front serves live WebRTC, from the encoders' RTP.
  const site = await SimSite.create({ liveRtp: vendors.has('milestone'), ...options });
  let ivms: IvmsFront | undefined;
  let vxg: VxgFront | undefined;
  let een: EenFront | undefined;
  let milestone: MilestoneFront | undefined;
  const close = async (): Promise<void> => {
    await Promise.all([ivms?.close(), vxg?.close(), een?.close(), milestone?.close()]);
    await site.close();
  };
  try {
    if (vendors.has('ivms')) ivms = await startIvmsFront(site, { host: options.host, ...options.ivms });
    if (vendors.has('vxg')) vxg = await startVxgFront(site, { host: options.host, ...options.vxg });
    if (vendors.has('een')) een = await startEenFront(site, { host: options.host, ...options.een });
    // Loaded only when served: its WebRTC stack (werift) is most of the simulator's start.
    if (vendors.has('milestone')) milestone = await (await import('./milestone/front')).startMilestoneFront(site, { host: options.host, ...options.milestone });
  } catch (error) {
    await close();
    throw error;
  }
  return { site, ivms, vxg, een, milestone, close };
}
