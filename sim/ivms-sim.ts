import type { SimProfile } from './site/catalog';
import { type RecordingOptions, SimSite } from './site/site';
import { startIvmsFront, type IvmsFront, type IvmsFrontOptions } from './ivms/front';
import type { CountStyle } from './ivms/api';
import type { SimAuth } from './ivms/basic-auth';
import type { Faults } from './ivms/faults';

export type { RecordingOptions } from './site/site';
export type { SimEvent, SimState } from './ivms/front';
export type { AlertKind } from './ivms/alerts';

/** The site's options and the IVMS front's, in one flat object (the original simulator's options). */
export interface IvmsSimOptions extends IvmsFrontOptions {
  readonly host?: string;
  readonly port?: number;
  readonly mediaPort?: number;
  readonly pathPrefix?: string;
  readonly cameraCount?: number;
  readonly sessionExpiryMs?: number;
  readonly encoderLingerMs?: number;
  /** Live segment length. */
  readonly segmentSeconds?: number;
  readonly liveWindow?: number;
  readonly profiles?: readonly SimProfile[];
  /** Continuous recording of every camera; false records nothing (no archive, no clips). */
  readonly recording?: RecordingOptions | false;
  /** Analytics events raised at random per minute (0: only on request). */
  readonly eventsPerMinute?: number;
  /** Live video of all cameras from this many encoders (benchmarks; see SiteOptions). */
  readonly sharedEncoders?: number;
  /** IANA zone the server writes `eventTime` (and burns its clocks) in; default: this machine's. */
  readonly timeZone?: string;
  readonly countStyle?: CountStyle;
  readonly stopArchive?: boolean;
  readonly faults?: Partial<Faults>;
  readonly auth?: SimAuth;
  readonly log?: (line: string) => void;
}

/** The IVMS front of a site of its own: closing it closes the site. */
export type IvmsSim = IvmsFront;

/**
 * The IVMS Pro TS API simulator alone: a simulated site with only its IVMS front, as the
 * core's demo and the IVMS tests have always started it. `startSim` serves one site
 * through several vendors' fronts.
 */
export async function startIvmsSim(options: IvmsSimOptions = {}): Promise<IvmsSim> {
  const site = await SimSite.create({
    cameraCount: options.cameraCount,
    timeZone: options.timeZone,
    segmentSeconds: options.segmentSeconds,
    liveWindow: options.liveWindow,
    encoderLingerMs: options.encoderLingerMs,
    profiles: options.profiles,
    recording: options.recording,
    eventsPerMinute: options.eventsPerMinute,
    sharedEncoders: options.sharedEncoders,
    log: options.log,
  });
  try {
    return await startIvmsFront(site, options, true);
  } catch (error) {
    await site.close();
    throw error;
  }
}
