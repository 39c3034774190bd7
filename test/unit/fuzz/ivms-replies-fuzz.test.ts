import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVmsError } from '../../../electron/vms/errors';
import { httpFetch, type HttpFetch, type HttpRequest } from '../../../electron/vms/http';
import { IvmsAdapter } from '../../../electron/vms/ivms/ivms-adapter';
import { parseIvmsMessage } from '../../../electron/vms/ivms/ivms-events';
import { startIvmsSim, type IvmsSim } from '../../../sim/ivms-sim';
import { FUZZ_SEED, hostileValue } from '../support/hostile';

/**
 * The simulator's real replies, damaged at random, through the IVMS adapter's parsers:
 * every call resolves or fails with a VmsError (words an operator can read), never with
 * a TypeError or another crash; every event socket message becomes an event or a status.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 60);
const ZONE = 'Asia/Kolkata';
let sim: IvmsSim;
/** Each API path the adapter called, with the simulator's reply. */
const replies = new Map<string, { status: number; text: string }>();

beforeAll(async () => {
  sim = await startIvmsSim({ cameraCount: 3, recording: false, encoderLingerMs: 0, timeZone: ZONE });
  const recording: HttpFetch = async (request) => {
    const response = await httpFetch(request);
    replies.set(pathOf(request), { status: response.status, text: new TextDecoder().decode(response.body) });
    return response;
  };
  const ivms = adapter(recording);
  await ivms.listCameras();
  await ivms.camera('1');
  await ivms.cameraCount();
  await ivms.cameraStatuses();
  await ivms.recordings('1', 0, Date.now());
  const session = await ivms.openLive({ cameraId: '2', width: 320, height: 180, audio: false });
  await ivms.keepAlive(session);
  await ivms.closeSession(session);
  await ivms.dispose();
  expect(replies.size).toBeGreaterThanOrEqual(5);
});

afterAll(async () => {
  await sim.close();
});

function pathOf(request: HttpRequest): string {
  return new URL(request.url).pathname.replace(/\/\d{6,}/g, '/:id');
}

function adapter(fetch: HttpFetch): IvmsAdapter {
  return new IvmsAdapter({ url: sim.url, pathPrefix: sim.pathPrefix, keepaliveIntervalMs: 1000, requestTimeoutMs: 3000, statusOnlineValue: 1, timeZone: ZONE, eventIdleTimeoutMs: 30_000, failbackProbeMs: 10_000, fetch });
}

/** A JSON value with one node replaced, removed or retyped, somewhere in it. */
function mutateJson(value: unknown, path: readonly number[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const [step = 0, ...rest] = path;
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement;
    const at = step % value.length;
    const copy: unknown[] = [...(value as unknown[])];
    if (remove && rest.length === 0) copy.splice(at, 1);
    else copy[at] = mutateJson(copy[at], rest, replacement, remove);
    return copy;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[step % keys.length] ?? '';
  const entries = Object.entries(value as Record<string, unknown>);
  if (remove && rest.length === 0) return Object.fromEntries(entries.filter(([name]) => name !== key));
  return Object.fromEntries(entries.map(([name, inner]) => [name, name === key ? mutateJson(inner, rest, replacement, remove) : inner]));
}

function jsonOf(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined; // IVMS's own channel/count reply is not JSON (`[{ 9 }]`, as documented)
  }
}

const damagedText = (text: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.array(fc.nat(), { maxLength: 4 }), hostileValue, fc.boolean()).map(([path, replacement, remove]) => {
      const json = jsonOf(text);
      return json ? JSON.stringify(mutateJson(json.value, path, replacement, remove) ?? null) : text.replace(/\d/g, String(path.length));
    }) },
    { weight: 2, arbitrary: fc.nat({ max: text.length }).map((at) => text.slice(0, at)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
    { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '{}', '[{ 9 }]', '<html>502 Bad Gateway</html>', '{"status":2000,"code":200,"result":null}', '{"status":"2000","result":[{}]}') },
  );

describe('IVMS replies, damaged', () => {
  it('every adapter call resolves or fails with a VmsError', async () => {
    const calls: Array<{ name: string; run: (ivms: IvmsAdapter) => Promise<unknown> }> = [
      { name: 'listCameras', run: (ivms) => ivms.listCameras() },
      { name: 'camera', run: (ivms) => ivms.camera('1') },
      { name: 'cameraCount', run: (ivms) => ivms.cameraCount() },
      { name: 'cameraStatuses', run: (ivms) => ivms.cameraStatuses() },
      { name: 'recordings', run: (ivms) => ivms.recordings('1', 0, Date.now()) },
      { name: 'openLive', run: (ivms) => ivms.openLive({ cameraId: '2', width: 320, height: 180, audio: false }) },
    ];
    const known = [...replies.entries()];
    const scenario = fc.tuple(
      fc.constantFrom(...calls),
      fc.constantFrom(...known).chain(([path, reply]) => damagedText(reply.text).map((text) => ({ path, text }))),
      fc.constantFrom(200, 200, 200, 400, 404, 422, 500, 503),
    );
    await fc.assert(
      fc.asyncProperty(scenario, async ([call, damage, status]) => {
        // The damaged reply answers the path it was captured from; every other path answers as the simulator did.
        const fetch: HttpFetch = (request) => {
          const path = pathOf(request);
          const reply = path === damage.path ? { status, text: damage.text } : (replies.get(path) ?? { status: 404, text: '' });
          return Promise.resolve({ status: reply.status, headers: new Headers({ 'content-type': 'application/json' }), body: new TextEncoder().encode(reply.text) });
        };
        const ivms = adapter(fetch);
        try {
          await call.run(ivms);
        } catch (error) {
          expect(isVmsError(error), `${call.name} with ${damage.path} answering ${status} ${damage.text.slice(0, 120)}: ${String(error)}`).toBe(true);
          expect((error as Error).message.length).toBeGreaterThan(5);
        } finally {
          await ivms.dispose();
        }
      }),
      { seed: FUZZ_SEED, numRuns: RUNS * 4 },
    );
  });

  it('every event socket message becomes an event or a status, whatever it holds', () => {
    const real = JSON.stringify({ cameraId: 2, cameraName: 'Lobby', eventTime: '2027-01-15 08:00:00', alertMessage: 'Activity Detection', alertType: 209, base64imageUrl: 'data:image/jpeg;base64,/9j/4AAQ', eventDetails1: 'EventId=77' });
    fc.assert(
      fc.property(damagedText(real), (text) => {
        const parsed = parseIvmsMessage(text, ZONE, 1_800_000_000_000);
        if (parsed.kind === 'event') {
          expect(typeof parsed.event.type).toBe('string');
          expect(Number.isFinite(parsed.event.time), `time of ${text.slice(0, 80)}`).toBe(true);
          expect(parsed.event.label.length).toBeGreaterThan(0);
        }
      }),
      { seed: FUZZ_SEED, numRuns: RUNS * 10 },
    );
  });
});
