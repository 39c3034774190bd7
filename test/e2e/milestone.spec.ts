import type { Page } from '@playwright/test';
import type { InvokeChannel } from '../../shared/ipc/channels';
import { launchMilestoneSim, type MilestoneSimOptions, type RunningMilestoneSim } from '../fixtures/milestone-sim';
import { tileTimecode } from '../fixtures/timecode';
import { expect, expectPlayingAndAdvancing, test as base, tiles } from './fixtures';

/** The simulated Milestone gateway, stopped after the test (its log attached when the test fails). */
const test = base.extend<{ milestone: (options?: MilestoneSimOptions) => Promise<RunningMilestoneSim> }>({
  milestone: async ({}, use, testInfo) => {
    const started: RunningMilestoneSim[] = [];
    await use(async (options) => {
      const sim = await launchMilestoneSim(options);
      started.push(sim);
      return sim;
    });
    for (const sim of started) {
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('milestone-sim.log', { body: sim.proc.output(), contentType: 'text/plain' });
      await sim.stop();
    }
  },
});

/** A call to the core as the page makes it (the contract's own channel, through window.tessera). */
async function invoke<T>(page: Page, channel: InvokeChannel, payload: unknown): Promise<T> {
  const reply = (await page.evaluate(([c, p]) => {
    if (!window.tessera) throw new Error('window.tessera is missing');
    return window.tessera.invoke(c, p);
  }, [channel, payload] as const)) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
  return reply.value;
}

/** Every tile's burnt-in clock advances with the wall clock: two readings a second and a half apart. */
async function expectClocksAdvancing(page: Page, count: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const before = await Promise.all(Array.from({ length: count }, (_, index) => tileTimecode(page, index)));
        await page.waitForTimeout(1500);
        const after = await Promise.all(Array.from({ length: count }, (_, index) => tileTimecode(page, index)));
        return after.filter((shown, index) => shown !== undefined && before[index] !== undefined && shown - (before[index] ?? 0) >= 1 && shown - (before[index] ?? 0) <= 3).length;
      },
      { timeout: 30_000, intervals: [0] },
    )
    .toBe(count);
}

function milestoneServer(sim: RunningMilestoneSim): Record<string, unknown> {
  return { id: 'xprotect', type: 'milestone', name: 'XProtect', url: sim.url, username: sim.username, password: sim.password };
}

test.describe('Milestone XProtect against the simulated API Gateway', () => {
  test('a server added in the Servers dialog plays four WebRTC tiles with advancing burnt-in clocks', async ({ page, launch, milestone }) => {
    const sim = await milestone({ cameras: 4 });
    const app = await launch.app({ extraArgs: ['--no-demo'] });
    await page.goto(app.url);
    await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready');

    await page.getByTestId('servers-open').click();
    await page.getByTestId('server-add').click();
    const form = page.getByTestId('server-form');
    await form.getByTestId('server-field-type').selectOption('milestone');
    await expect(form.getByTestId('server-note').first()).toContainText('Windows (NTLM) sign-in is not offered');
    await form.getByTestId('server-field-name').fill('XProtect');
    await form.getByTestId('server-field-url').fill(sim.url);
    await form.getByTestId('server-field-username').fill(sim.username);
    await form.getByTestId('server-field-password').fill(sim.password);
    await form.getByTestId('server-test').click();
    // The simulated system also has a disabled camera: it is not offered.
    await expect(form.getByTestId('server-test-result')).toHaveText('Connected: 4 cameras');
    await form.getByTestId('server-save').click();
    await expect(page.getByTestId('server-form')).toHaveCount(0);
    await expect(page.locator('[data-testid="server-row"][data-server-id="xprotect"]').getByTestId('server-state')).toContainText('Online · 4 camera');
    await expect(page.getByTestId('server-row').first()).not.toContainText(sim.password);
    await page.getByTestId('servers-close').click();

    await expectPlayingAndAdvancing(page, 4);
    for (let index = 0; index < 4; index++) await expect(tiles(page).nth(index)).toHaveAttribute('data-server-id', 'xprotect');
    await expectClocksAdvancing(page, 4);
    // The video is WebRTC from the gateway: one session per tile on the simulator.
    const { webrtc } = await sim.state();
    expect(webrtc.filter((session) => session.mode === 'live' && session.state === 'connected')).toHaveLength(4);
  });

  test('with a token life of seconds, tiles play on and events keep coming through several renewals', async ({ page, launch, milestone }) => {
    test.setTimeout(120_000);
    const sim = await milestone({ cameras: 2, tokenSeconds: 4 });
    const app = await launch.app({ servers: [milestoneServer(sim)] });
    await page.goto(app.url);
    await expectPlayingAndAdvancing(page, 2);
    const issued = (await sim.state()).tokens.issued;
    const states = new Set<string>();
    const sent: string[] = [];
    await expect
      .poll(
        async () => {
          for (let index = 0; index < 2; index++) states.add((await tiles(page).nth(index).getAttribute('data-state')) ?? '');
          sent.push((await sim.emitEvent({ camera: 1 + (sent.length % 2), kind: 'loitering' })).id);
          return (await sim.state()).tokens.issued - issued;
        },
        { timeout: 60_000, intervals: [1000] },
      )
      .toBeGreaterThanOrEqual(4);
    await expectPlayingAndAdvancing(page, 2);
    await expectClocksAdvancing(page, 2);
    expect([...states], 'the tiles only ever played').toEqual(['playing']);
    const { webrtc } = await sim.state();
    expect(Math.min(...webrtc.map((session) => session.tokenRenewals)), 'each running session got the new tokens').toBeGreaterThanOrEqual(3);
    // Every event raised across the renewals reached the journal.
    await expect
      .poll(async () => {
        const events = await invoke<Array<{ vendorEventId?: string }>>(page, 'events.query', { filter: { state: 'all' }, limit: 1000 });
        const journaled = new Set(events.map((event) => event.vendorEventId));
        return sent.filter((id) => !journaled.has(id));
      })
      .toEqual([]);
  });
});
