import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/common/clock';
import { VmsError } from '../../../electron/vms/errors';
import type { HttpFetch, HttpRequest } from '../../../electron/vms/http';
import { MilestoneClient } from '../../../electron/vms/milestone/milestone-client';
import { MilestoneRecorders } from '../../../electron/vms/milestone/milestone-recorders';
import { RECORDING_SEQUENCE } from '../../../shared-node/soap-envelope';
import { MilestoneToken } from '../../../electron/vms/milestone/milestone-token';

const BASE = 'https://xprotect.example';
const CAMERA = 'c0ffee00-0000-4000-8000-000000000001';

function reply(status: number, text: string): ReturnType<HttpFetch> {
  return Promise.resolve({ status, headers: new Headers(), body: new TextEncoder().encode(text) });
}

function soap(operation: string, inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><${operation}Response xmlns="http://videoos.net/2/XProtectCSRecorderCommand">${inner}</${operation}Response></soap:Body></soap:Envelope>`;
}

/** A gateway with one recorder at `http://rec-1:7563/`, whose operations answer with `recorder(body)`. */
function site(recorder: (body: string) => ReturnType<HttpFetch>): { fetch: HttpFetch; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  const fetch: HttpFetch = (request) => {
    requests.push(request);
    const path = new URL(request.url).pathname;
    if (path === '/API/IDP/connect/token') return reply(200, JSON.stringify({ access_token: 'bearer-1', expires_in: 3600 }));
    if (path === '/api/rest/v1/cameras') return reply(200, JSON.stringify({ array: [{ id: CAMERA, relations: { parent: { type: 'hardware', id: 'hw-1' } } }] }));
    if (path === '/api/rest/v1/hardware') return reply(200, JSON.stringify({ array: [{ id: 'hw-1', relations: { parent: { type: 'recordingServers', id: 'rs-1' } } }] }));
    if (path === '/api/rest/v1/recordingServers') return reply(200, JSON.stringify({ array: [{ id: 'rs-1', hostName: 'rec-1', portNumber: 7563, webServerUri: 'http://rec-1:7563/' }] }));
    if (path === '/ManagementServer/ServerCommandServiceOAuth.svc') return reply(200, soap('Login', '<LoginResult><TimeToLive><MicroSeconds>14400000000</MicroSeconds></TimeToLive><Token>TOKEN#1#</Token></LoginResult>'));
    if (request.url === 'http://rec-1:7563/RecorderCommandService/RecorderCommandService.asmx') return recorder(request.body ?? '');
    return reply(404, '');
  };
  return { fetch, requests };
}

function recordersOf(fetch: HttpFetch): MilestoneRecorders {
  const token = new MilestoneToken({ baseUrl: BASE, username: 'u', password: 'p', fetch, clock: systemClock, timeoutMs: 1000 });
  const client = new MilestoneClient({ baseUrl: BASE, token, fetch, timeoutMs: 1000 });
  return new MilestoneRecorders({ baseUrl: BASE, token, client, fetch, clock: systemClock, timeoutMs: 1000 });
}

const entry = (begin: string, end: string): string => `<SequenceEntry><TimeBegin>${begin}</TimeBegin><TimeTrigged>${begin}</TimeTrigged><TimeEnd>${end}</TimeEnd></SequenceEntry>`;

describe('MilestoneRecorders', () => {
  it('asks the camera’s recorder for its recording sequences with the management server’s token, and reads times without a zone as UTC', async () => {
    const { fetch, requests } = site(() => reply(200, soap('SequencesGet', `<SequencesGetResult>${entry('2026-12-04T10:00:00.5000000Z', '2026-12-04T10:05:00Z')}${entry('2026-12-04T10:06:00', '2026-12-04T10:07:00')}</SequencesGetResult>`)));
    const answer = await recordersOf(fetch).recordings(CAMERA, Date.parse('2026-12-04T09:00:00Z'), Date.parse('2026-12-04T11:00:00Z'));
    expect(answer).toEqual({
      kind: 'ranges',
      ranges: [
        { from: Date.parse('2026-12-04T10:00:00.500Z'), to: Date.parse('2026-12-04T10:05:00Z') },
        { from: Date.parse('2026-12-04T10:06:00Z'), to: Date.parse('2026-12-04T10:07:00Z') },
      ],
    });
    const login = requests.find((request) => request.url.endsWith('/ServerCommandServiceOAuth.svc'));
    expect(login?.headers?.['authorization']).toBe('Bearer bearer-1');
    expect(login?.headers?.['soapaction']).toBe('http://videoos.net/2/XProtectCSServerCommand/IServerCommandService/Login');
    const asked = requests.find((request) => request.url.startsWith('http://rec-1:7563/'));
    expect(asked?.headers?.['soapaction']).toBe('http://videoos.net/2/XProtectCSRecorderCommand/SequencesGet');
    expect(asked?.body).toContain('<token>TOKEN#1#</token>');
    expect(asked?.body).toContain(`<sequenceType>${RECORDING_SEQUENCE}</sequenceType>`);
    expect(asked?.body).toContain('<minTime>2026-12-04T09:00:00.000Z</minTime>');
  });

  it('an empty result is no recording; a full page is followed from its last end', async () => {
    const empty = recordersOf(site(() => reply(200, soap('SequencesGet', '<SequencesGetResult />'))).fetch);
    expect(await empty.recordings(CAMERA, 0, 1000)).toEqual({ kind: 'ranges', ranges: [] });

    const minTimes: string[] = [];
    const start = Date.parse('2026-12-04T00:00:00Z');
    const paged = recordersOf(
      site((body) => {
        const minTime = /<minTime>([^<]+)</.exec(body)?.[1] ?? '';
        minTimes.push(minTime);
        // 500 one-second sequences from minTime, then a last short page.
        const from = Date.parse(minTime);
        const count = minTimes.length === 1 ? 500 : 2;
        const entries = Array.from({ length: count }, (_, index) => entry(new Date(from + index * 2000).toISOString(), new Date(from + index * 2000 + 1000).toISOString())).join('');
        return reply(200, soap('SequencesGet', `<SequencesGetResult>${entries}</SequencesGetResult>`));
      }).fetch,
    );
    const answer = await paged.recordings(CAMERA, start, start + 3_600_000);
    expect(minTimes).toEqual([new Date(start).toISOString(), new Date(start + 499 * 2000 + 1000).toISOString()]);
    expect(answer.kind === 'ranges' && answer.ranges.length).toBe(502);
  });

  it('says in words what went wrong: a fault, an answer that is not SOAP, a camera on no recorder', async () => {
    const fault = recordersOf(site(() => reply(500, '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>Device not found</faultstring></s:Fault></s:Body></s:Envelope>')).fetch);
    await expect(fault.recordings(CAMERA, 0, 1000)).rejects.toThrow('Milestone’s recording server refused SequencesGet (Device not found)');
    const garbage = recordersOf(site(() => reply(200, '<html>Service unavailable</html>')).fetch);
    await expect(garbage.recordings(CAMERA, 0, 1000)).rejects.toMatchObject({ kind: 'protocol' });
    const elsewhere = recordersOf(site(() => reply(200, soap('SequencesGet', '<SequencesGetResult />'))).fetch);
    const error: unknown = await elsewhere.recordings('another-camera', 0, 1000).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(VmsError);
    expect(error).toMatchObject({ kind: 'not-found', message: 'Milestone names no recording server for this camera' });
  });

  it('takes the recorder’s live picture as a JPEG; no data is no picture', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const { fetch, requests } = site(() => reply(200, soap('JPEGGetLive', `<JPEGGetLiveResult><Time>2026-12-04T10:00:00Z</Time><Data>${jpeg.toString('base64')}</Data></JPEGGetLiveResult>`)));
    await expect(recordersOf(fetch).liveJpeg(CAMERA)).resolves.toEqual({ bytes: new Uint8Array(jpeg), contentType: 'image/jpeg' });
    expect(requests.at(-1)?.headers?.['soapaction']).toBe('http://videoos.net/2/XProtectCSRecorderCommand/JPEGGetLive');
    expect(requests.at(-1)?.body).toContain(`<deviceId>${CAMERA}</deviceId><maxWidth>960</maxWidth><maxHeight>540</maxHeight>`);
    const none = recordersOf(site(() => reply(200, soap('JPEGGetLive', '<JPEGGetLiveResult><Time>0001-01-01T00:00:00</Time><Data></Data></JPEGGetLiveResult>'))).fetch);
    await expect(none.liveJpeg(CAMERA)).rejects.toMatchObject({ kind: 'not-found' });
  });
});
