import { afterAll, beforeAll } from 'vitest';
import type { EenFront } from '../../../sim/een/front';
import { type RunningSite, type SimOptions, startSim } from '../../../sim/start-sim';

/**
 * A simulated site with an Eagle Eye front for the tests of one file or `describe`: started
 * before them, closed after. Read `front` inside the tests.
 */
export function eenSiteForTests(options: Omit<SimOptions, 'vendors'>): { readonly front: EenFront } {
  let site: RunningSite | undefined;
  beforeAll(async () => {
    site = await startSim({ ...options, vendors: ['een'] });
    if (!site.een) throw new Error('no Eagle Eye front');
  }, 30_000);
  afterAll(async () => {
    await site?.close();
  });
  return {
    get front(): EenFront {
      if (!site?.een) throw new Error('the Eagle Eye front is not running');
      return site.een;
    },
  };
}
