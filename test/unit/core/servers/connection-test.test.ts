import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../../../electron/vms/registry';
import { systemClock } from '../../../../electron/common/clock';
import { IvmsServerConfig } from '../../../../electron/vms/ivms/ivms-vendor';
import { silentLogger } from '../../../../electron/common/logger';
import { testConnection } from '../../../../electron/core/servers/connection-test';
import { startIvmsSim, type IvmsSim } from '../../../../sim/ivms-sim';

/** "Test" against real peers: the simulator (with Basic auth), a closed port, an unknown host, a plain-HTTP port asked for TLS. */
const AUTH = { username: 'wall', password: 'right-one' };
let sim: IvmsSim;
let plain: Server;
let plainPort = 0;
let closedPort = 0;

const listen = (server: Server): Promise<number> => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

beforeAll(async () => {
  sim = await startIvmsSim({ auth: AUTH, cameraCount: 3, recording: false });
  plain = createServer((_request, response) => response.end('plain HTTP'));
  plainPort = await listen(plain);
  // A port that was free a moment ago: nothing listens there now.
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => plain.close(resolve));
});

function test(fields: Record<string, unknown>) {
  const config = IvmsServerConfig.parse({ id: 'site', type: 'ivms', url: sim.url, requestTimeoutMs: 3000, ...fields });
  return testConnection(config, { createAdapter: (server) => createAdapter(server, { fetch: undefined, clock: systemClock, log: silentLogger, secrets: { save: () => undefined } }), log: silentLogger });
}

describe('testConnection', () => {
  it('answers how many cameras the server has when it answers', async () => {
    expect(await test({ ...AUTH })).toEqual({ ok: true, cameraCount: 3 });
  });

  it('names a refused user name or password (401), and a missing one', async () => {
    expect(await test({ username: AUTH.username, password: 'wrong' })).toEqual({ ok: false, reason: 'The server refused the user name or password (HTTP 401)' });
    expect(await test({})).toEqual({ ok: false, reason: 'The server asks for a user name and password (HTTP 401)' });
  });

  it('names the site VMS being down (IVMS 1504)', async () => {
    sim.setFaults({ siteDown: true });
    try {
      expect(await test({ ...AUTH })).toEqual({ ok: false, reason: expect.stringMatching(/^The site VMS server is down \(IVMS 1504/) as unknown });
    } finally {
      sim.resetFaults();
    }
  });

  it('names a refused connection, an unknown host (DNS) and a TLS failure', async () => {
    expect(await test({ url: `http://127.0.0.1:${closedPort}` })).toMatchObject({ ok: false, reason: expect.stringMatching(/^Connection refused \(GET http:\/\/127\.0\.0\.1:\d+\/REST\/local\/channel\)$/) as unknown });
    expect(await test({ url: 'http://nonexistent.invalid:8080' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^Host name not found \(DNS\) \(GET http:\/\/nonexistent\.invalid:8080\//) as unknown });
    expect(await test({ url: `https://127.0.0.1:${plainPort}` })).toMatchObject({ ok: false, reason: expect.stringMatching(/^TLS error: the server does not speak TLS on this port; try http:\/\//) as unknown });
  });

  it('tries the standby too, and says when only it fails', async () => {
    const result = await test({ ...AUTH, redundantUrl: `http://127.0.0.1:${closedPort}` });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^The primary server answers, but the standby \(redundant URL\) does not: Connection refused/) as unknown });
  });
});
