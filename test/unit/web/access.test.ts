import { describe, expect, it } from 'vitest';
import { type AccessPolicy, checkAccess, sessionCookie } from '../../../electron/web/access';

const policy: AccessPolicy = {
  secret: 's3cr3t',
  cookieName: 'tessera_4000',
  allowedHosts: new Set(['127.0.0.1:4000', 'localhost:4000']),
  allowedOrigins: new Set(['http://127.0.0.1:4000', 'http://localhost:4000']),
};
const url = (path = '/'): URL => new URL(path, 'http://127.0.0.1:4000');

describe('checkAccess', () => {
  it('lets in the secret by cookie, or by query (to be swapped for the cookie)', () => {
    expect(checkAccess(policy, { host: '127.0.0.1:4000', cookie: 'a=b; tessera_4000=s3cr3t' }, url())).toEqual({ ok: true, fromQuery: false });
    expect(checkAccess(policy, { host: '127.0.0.1:4000' }, url('/?k=s3cr3t'))).toEqual({ ok: true, fromQuery: true });
  });

  it('answers 401 without the right secret', () => {
    expect(checkAccess(policy, { host: '127.0.0.1:4000' }, url())).toMatchObject({ ok: false, status: 401 });
    expect(checkAccess(policy, { host: '127.0.0.1:4000', cookie: 'tessera_4000=s3cr3' }, url('/?k=wrong'))).toMatchObject({ ok: false, status: 401 });
  });

  it('answers 403 to a foreign Host (DNS rebinding) or Origin, even with the secret', () => {
    expect(checkAccess(policy, { host: 'evil.example:4000', cookie: 'tessera_4000=s3cr3t' }, url())).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(policy, { host: '127.0.0.1:4001', cookie: 'tessera_4000=s3cr3t' }, url())).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(policy, { host: '127.0.0.1:4000', origin: 'http://evil.example', cookie: 'tessera_4000=s3cr3t' }, url())).toMatchObject({ ok: false, status: 403 });
    expect(checkAccess(policy, {}, url('/?k=s3cr3t'))).toMatchObject({ ok: false, status: 403 });
  });

  it('sets an HttpOnly, SameSite=Strict cookie', () => {
    expect(sessionCookie(policy)).toBe('tessera_4000=s3cr3t; Path=/; HttpOnly; SameSite=Strict');
  });
});
