import { systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import { EenV3Adapter } from '../../../electron/vms/een/een-v3-adapter';
import { EenServerConfig, eenVendor } from '../../../electron/vms/een/een-vendor';
import type { EenFront } from '../../../sim/een/front';
import { eenV3RefreshToken } from '../../fixtures/een-sim';

/** The v3 adapter of the simulator's Eagle Eye front, signed in through its OAuth page. */
export async function signedInEenV3Adapter(een: EenFront, extra: Readonly<Record<string, unknown>> = {}): Promise<EenV3Adapter> {
  const config = EenServerConfig.parse({ ...extra, id: 'een3', type: 'een', api: 'v3', authUrl: een.url, apiUrl: een.url, clientId: een.v3.clientId, clientSecret: een.v3.clientSecret, refreshToken: await eenV3RefreshToken(een) });
  const vms = eenVendor.createAdapter(config, { fetch: undefined, clock: systemClock, log: silentLogger, secrets: { save: () => undefined } });
  if (!(vms instanceof EenV3Adapter)) throw new Error('not the v3 adapter');
  return vms;
}
