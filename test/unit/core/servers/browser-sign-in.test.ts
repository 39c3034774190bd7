import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../../electron/common/clock';
import { silentLogger } from '../../../../electron/common/logger';
import { BrowserSignInService, SIGN_IN_CALLBACK_PATH, SIGN_IN_TTL_MS, type SignInRedirect } from '../../../../electron/core/servers/browser-sign-in';
import { EenServerConfig } from '../../../../electron/vms/een/een-vendor';
import { eenVendor } from '../../../../electron/vms/een/een-vendor';
import { VmsError } from '../../../../electron/vms/errors';
import type { ServerConfig } from '../../../../electron/vms/registry';
import { systemClock } from '../../../../electron/common/clock';
import type { EenFront } from '../../../../sim/een/front';
import { startSim, type RunningSite } from '../../../../sim/start-sim';

/** The OAuth sign-in through the browser, against the simulated Eagle Eye v3 (its authorize page, Approve, its token endpoint). */
let sim: RunningSite;
let een: EenFront;

beforeAll(async () => {
  sim = await startSim({ vendors: ['een'], cameraCount: 1, recording: false, een: { cameras: [1], v3: { accessTokenSeconds: 60 } } });
  if (!sim.een) throw new Error('no Eagle Eye front');
  een = sim.een;
}, 30_000);
afterAll(async () => {
  await sim.close();
});

/** A clock the test moves by hand (the sign-in's time limit). */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.now();
  return { now: () => now, after: () => () => undefined, advance: (ms) => (now += ms) };
}

function setup(redirect: SignInRedirect, clock: Clock = systemClock) {
  const config = EenServerConfig.parse({ id: 'een3', type: 'een', name: 'Eagle Eye', api: 'v3', authUrl: een.url, apiUrl: een.url, clientId: een.v3.clientId, clientSecret: een.v3.clientSecret }) as ServerConfig;
  const legacy = EenServerConfig.parse({ id: 'old', type: 'een', username: 'u', password: 'p' }) as ServerConfig;
  const saved: Array<{ serverId: string; values: Record<string, string> }> = [];
  const reconnected: string[] = [];
  const service = new BrowserSignInService({
    config: (serverId) => {
      if (serverId === 'een3') return config;
      if (serverId === 'old') return legacy;
      throw new Error('no such server');
    },
    saveSecrets: (server, values) => saved.push({ serverId: server.id, values: { ...values } }),
    reconnect: (serverId) => {
      reconnected.push(serverId);
      return Promise.resolve();
    },
    fetch: undefined,
    clock,
    log: silentLogger,
  });
  service.useRedirect(redirect);
  return { service, saved, reconnected };
}

/** What the operator does in the browser: the authorize page, Approve; returns where Eagle Eye sends the browser back. */
async function approve(authorizeUrl: string): Promise<URL> {
  const page = await fetch(authorizeUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Approve');
  const asked = new URL(authorizeUrl);
  const approved = await fetch(`${een.url}/oauth2/authorize`, { method: 'POST', body: new URLSearchParams({ redirect_uri: asked.searchParams.get('redirect_uri') ?? '', state: asked.searchParams.get('state') ?? '' }), redirect: 'manual' });
  expect(approved.status).toBe(302);
  return new URL(approved.headers.get('location') ?? '');
}

describe('BrowserSignInService', () => {
  it('on the app origin: the authorize URL names our callback; the code that comes back is exchanged, the refresh token sealed, the server started again', async () => {
    const { service, saved, reconnected } = setup({ kind: 'route', uri: `http://127.0.0.1:4000${SIGN_IN_CALLBACK_PATH}` });
    const started = await service.begin('een3');
    expect(started.opened).toBe(false);
    const authorize = new URL(started.authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(`${een.url}/oauth2/authorize`);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:4000${SIGN_IN_CALLBACK_PATH}`);
    expect(authorize.searchParams.get('state')?.length).toBeGreaterThan(30);
    // The client secret never goes to the browser.
    expect(started.authorizeUrl).not.toContain(een.v3.clientSecret);

    const back = await approve(started.authorizeUrl);
    const answer = await service.callback(back);
    expect(answer.status).toBe(200);
    expect(new TextDecoder().decode(answer.body)).toContain('signed in to Eagle Eye');
    expect(saved).toHaveLength(1);
    expect(saved[0]?.serverId).toBe('een3');
    expect(een.v3.validRefreshTokens()).toContain(saved[0]?.values['refreshToken']);
    expect(reconnected).toEqual(['een3']);

    // The same link again (a reload of the tab, a replay): the state is spent.
    const again = await service.callback(back);
    expect(again.status).toBe(400);
    expect(new TextDecoder().decode(again.body)).toContain('used already');
    expect(saved).toHaveLength(1);
  });

  it('refuses a callback with a state it never issued, one older than ten minutes, and one the operator declined', async () => {
    const clock = manualClock();
    const { service, saved } = setup({ kind: 'route', uri: `http://127.0.0.1:4000${SIGN_IN_CALLBACK_PATH}` }, clock);
    const forged = await service.callback(new URL(`http://127.0.0.1:4000${SIGN_IN_CALLBACK_PATH}?code=abc&state=made-up`));
    expect(forged.status).toBe(400);

    const late = await service.begin('een3');
    const back = await approve(late.authorizeUrl);
    clock.advance(SIGN_IN_TTL_MS + 1);
    expect((await service.callback(back)).status).toBe(400);

    const declined = await service.begin('een3');
    const state = new URL(declined.authorizeUrl).searchParams.get('state') ?? '';
    const answer = await service.callback(new URL(`http://127.0.0.1:4000${SIGN_IN_CALLBACK_PATH}?error=access_denied&state=${state}`));
    expect(answer.status).toBe(400);
    expect(new TextDecoder().decode(answer.body)).toContain('access_denied');
    expect(saved).toEqual([]);
  });

  it('in Electron: the system browser is opened on the sign-in page and comes back to a loopback listener that answers once', async () => {
    let opened = '';
    const { service, saved, reconnected } = setup({
      kind: 'loopback',
      open: (url) => {
        opened = url;
        return Promise.resolve();
      },
    });
    const started = await service.begin('een3');
    expect(started.opened).toBe(true);
    expect(opened).toBe(started.authorizeUrl);
    const redirectUri = new URL(new URL(opened).searchParams.get('redirect_uri') ?? '');
    expect(redirectUri.hostname).toBe('127.0.0.1');
    expect(redirectUri.pathname).toBe(SIGN_IN_CALLBACK_PATH);

    const back = await approve(opened);
    expect(back.origin).toBe(redirectUri.origin);
    const page = await fetch(back);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Signed in');
    expect(een.v3.validRefreshTokens()).toContain(saved[0]?.values['refreshToken']);
    expect(reconnected).toEqual(['een3']);
    // The listener is gone once it answered.
    await expect(fetch(back)).rejects.toThrow();
  });

  it('says so for a server that signs in with a password, and when the browser cannot be opened', async () => {
    const { service } = setup({ kind: 'loopback', open: () => Promise.reject(new Error('no browser')) });
    await expect(service.begin('old')).rejects.toThrow('does not sign in through the browser');
    await expect(service.begin('een3')).rejects.toThrow('The browser could not be opened (no browser)');
  });
});

describe('Eagle Eye v3 saved before its first sign-in', () => {
  it('says Sign-in needed, and asks Eagle Eye nothing', async () => {
    const config = EenServerConfig.parse({ id: 'een3', type: 'een', api: 'v3', authUrl: een.url, apiUrl: een.url, clientId: een.v3.clientId, clientSecret: een.v3.clientSecret });
    const refused = een.state().v3.refusedRefreshes;
    const adapter = eenVendor.createAdapter(config, { fetch: undefined, clock: systemClock, log: silentLogger, secrets: { save: () => undefined } });
    const error = await adapter.connect().then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(VmsError);
    expect((error as VmsError).kind).toBe('auth');
    expect((error as VmsError).message).toContain('Sign in…');
    expect(een.state().v3.refusedRefreshes).toBe(refused);
    await adapter.dispose();
  });
});
