import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VmsError } from '../../../electron/vms/errors';
import type { HttpFetch } from '../../../electron/vms/http';
import { IvmsClient } from '../../../electron/vms/ivms/ivms-client';

function client(status: number, body: string, seen: string[] = []): IvmsClient {
  const fetch: HttpFetch = (request) => {
    seen.push(request.url);
    return Promise.resolve({ status, headers: new Headers(), body: new TextEncoder().encode(body) });
  };
  return new IvmsClient({ baseUrl: 'http://vms:8080/', pathPrefix: '/V-Pro-IVMS-APIServer/', timeoutMs: 1000, fetch });
}

async function failure(promise: Promise<unknown>): Promise<VmsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof VmsError)) throw new Error(`expected a VmsError, got ${String(error)}`);
  return error;
}

describe('IvmsClient', () => {
  it('builds URLs under the context prefix and unwraps the envelope', async () => {
    const seen: string[] = [];
    const result = await client(200, '{"status":2000,"code":200,"result":[1,2]}', seen).call('channel', z.array(z.number()));
    expect(result).toEqual([1, 2]);
    expect(seen).toEqual(['http://vms:8080/V-Pro-IVMS-APIServer/REST/local/channel']);
  });

  it.each([
    [500, '{"status":1504,"code":500,"message":"Cannot connect the site VMS server.","result":[]}', 'site-down', /site VMS server is down/],
    [422, '{"status":3002,"code":422,"message":"Unable to process!","result":[]}', 'rejected', /refused the request/],
    [404, '{"status":3110,"code":404,"message":"There is no channel","result":[]}', 'not-found', /No such channel/],
    [200, '{"status":9999,"code":200,"result":[]}', 'http', /status 9999/],
  ])('turns HTTP %i status codes into %s errors', async (http, body, kind, words) => {
    const error = await failure(client(http, body).call('channel', z.unknown()));
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(words);
    expect(error.httpStatus).toBe(http);
  });

  it('reads the status out of the document\'s own malformed failure JSON', async () => {
    const broken = '{"status":1504,"code":500,"description":"Internal Server Error","message":"Cannot connect the site VMS server.,"uri":" http://x/REST/local/channel","result":[]}';
    const error = await failure(client(500, broken).call('channel', z.unknown()));
    expect(error.kind).toBe('site-down');
    expect(error.vendorStatus).toBe(1504);
  });

  it('never takes a cut-off success for an empty result', async () => {
    const cut = await failure(client(200, '{"status":2000,"code":200,"description":"OK","message":"Successfully Retrieved!","result":[{"id":1,"na').call('channel', z.unknown()));
    expect(cut.kind).toBe('protocol');
    expect(cut.message).toMatch(/is not JSON \(HTTP 200\)/);
  });

  it('names the URL and status when a reply is not JSON or has the wrong shape', async () => {
    const notJson = await failure(client(502, '<html>Bad gateway</html>').call('channel', z.unknown()));
    expect(notJson.kind).toBe('protocol');
    expect(notJson.message).toBe('Reply from http://vms:8080/V-Pro-IVMS-APIServer/REST/local/channel is not JSON (HTTP 502)');
    const shape = await failure(client(200, '{"status":2000,"result":[{"id":"x"}]}').call('channel', z.array(z.object({ id: z.number() }))));
    expect(shape.kind).toBe('protocol');
    expect(shape.message).toMatch(/result\[0\]\.id/);
    const missing = await failure(client(404, 'Not Found').call('stoparchive/1', z.unknown()));
    expect(missing.kind).toBe('not-found');
  });
});
