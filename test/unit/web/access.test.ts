import { describe, expect, it } from 'vitest';
import { type AccessPolicy, checkAccess, expireLegacyCookies } from '../../../electron/web/access';
import { Capabilities } from '../../../electron/web/capability';

let now = 1_000_000;
const capabilities = new Capabilities(() => now, 60_000);
const policy: AccessPolicy = {
  key: 's3cr3t',
  capabilities,
  allowedHosts: new Set(['127.0.0.1:4000', 'localhost:4000']),
  allowedOrigins: new Set(['http://127.0.0.1:4000', 'http://localhost:4000']),
};
const url = (path = '/'): URL => new URL(path, 'http://127.0.0.1:4000');
const HOST = { host: '127.0.0.1:4000' };
/** What earlier versions let in. */
const withCookie = { ...HOST, cookie: 'tessera_4000=s3cr3t' };

describe('checkAccess', () => {
  it('serves the page and its files to anyone on an allowed Host and Origin: they hold no data, and a reload must work', () => {
    expect(checkAccess(policy, HOST, url('/?monitor=1'), 'page')).toEqual({ ok: true });
    expect(checkAccess(policy, { ...HOST, origin: 'http://localhost:4000' }, url('/assets/app.js'), 'page')).toEqual({ ok: true });
  });

  it('opens the socket only to the launch key offered as a subprotocol, never to a cookie', () => {
    expect(checkAccess(policy, { ...HOST, 'sec-websocket-protocol': 'tessera.v1, tessera.key.s3cr3t' }, url('/ipc'), 'socket')).toEqual({ ok: true });
    expect(checkAccess(policy, { ...HOST, 'sec-websocket-protocol': 'tessera.v1, tessera.key.s3cr3' }, url('/ipc'), 'socket')).toMatchObject({ ok: false, status: 401 });
    expect(checkAccess(policy, withCookie, url('/ipc?k=s3cr3t'), 'socket')).toMatchObject({ ok: false, status: 401 });
  });

  it('serves a resource to the key in its header or to a live capability, and to nothing else', () => {
    expect(checkAccess(policy, { ...HOST, 'x-tessera-key': 's3cr3t' }, url('/media/a/index.m3u8'), 'resource')).toEqual({ ok: true });
    const { token } = capabilities.issue();
    expect(checkAccess(policy, HOST, url(`/event-media/e1/image?cap=${token}`), 'resource')).toEqual({ ok: true });
    expect(checkAccess(policy, HOST, url('/event-media/e1/image?k=s3cr3t'), 'resource'), 'the key itself never goes in a resource URL').toMatchObject({ ok: false, status: 401 });
    expect(checkAccess(policy, withCookie, url('/media/a/index.m3u8'), 'resource')).toMatchObject({ ok: false, status: 401 });
    now += 60_001;
    expect(checkAccess(policy, HOST, url(`/event-media/e1/image?cap=${token}`), 'resource'), 'an expired capability').toMatchObject({ ok: false, status: 401 });
  });

  it('answers 403 to a foreign Host (DNS rebinding) or Origin, even with the key', () => {
    const key = { 'x-tessera-key': 's3cr3t', 'sec-websocket-protocol': 'tessera.key.s3cr3t' };
    expect(checkAccess(policy, { ...key, host: 'evil.example:4000' }, url(), 'page')).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(policy, { ...key, host: '127.0.0.1:4001' }, url('/media/x'), 'resource')).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(policy, { ...key, ...HOST, origin: 'http://127.0.0.1:4001' }, url('/ipc'), 'socket')).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(policy, {}, url('/'), 'page')).toMatchObject({ ok: false, status: 403 });
  });
});

describe('Capabilities', () => {
  it('are only those this launch issued, until they expire', () => {
    let clock = 5_000_000;
    const issuer = new Capabilities(() => clock, 10_000);
    const { token, expiresAt } = issuer.issue();
    expect(expiresAt).toBeGreaterThanOrEqual(clock + 10_000);
    expect(issuer.verify(token)).toBe(true);
    expect(new Capabilities(() => clock, 10_000).verify(token), 'another launch').toBe(false);
    const [expiry, mac] = token.split('.');
    expect(issuer.verify(`${Number(expiry) + 3600}.${mac}`), 'a lifetime stretched by hand').toBe(false);
    expect(issuer.verify('garbage')).toBe(false);
    expect(issuer.verify(null)).toBe(false);
    clock = expiresAt;
    expect(issuer.verify(token)).toBe(false);
  });
});

describe('expireLegacyCookies', () => {
  it('deletes the launch cookies older versions set for any port, and nothing else', () => {
    expect(expireLegacyCookies('a=b; tessera_4000=x; tessera_51234=y; tessera_key=z')).toEqual(['tessera_4000=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict', 'tessera_51234=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict']);
    expect(expireLegacyCookies(undefined)).toEqual([]);
  });
});
