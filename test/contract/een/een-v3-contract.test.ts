import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../electron/common/clock';
import { silentLogger } from '../../../electron/common/logger';
import type { VmsEvent, VmsEventSink } from '../../../electron/vms/adapter';
import { EenV3Adapter } from '../../../electron/vms/een/een-v3-adapter';
import { EenV3Tokens } from '../../../electron/vms/een/een-v3-tokens';
import { isVmsError } from '../../../electron/vms/errors';
import type { HttpFetch } from '../../../electron/vms/http';
import { type PrismExchange, type PrismMock, type PrismOperations, startPrismMock } from '../prism-mock';

/**
 * Contract tests of the Eagle Eye API v3 adapter against Eagle Eye's own OpenAPI 3.0.3 files
 * (EENCloud/VMS-Developer-Portal, `Open API Specifications/`; copies and provenance in
 * ./openapi/SOURCES.md), served by Stoplight Prism. The real adapter code (een-v3-adapter.ts,
 * een-v3-events.ts) makes each v3 call it makes in use; every request must validate against
 * the spec (parameters, body, Bearer security: any violation Prism reports fails the test),
 * and the adapter must read Prism's replies — the spec's examples, then replies generated
 * from the schemas — without an error of its own.
 *
 * Outside the spec, so not checked here: the OAuth token host (auth.eagleeyenetworks.com,
 * answered below by a stand-in), the server-sent-event stream a subscription names
 * (`sseUrl`, answered by a stand-in stream of one event) and the media hosts an `hlsUrl` or
 * `mp4Url` points at (never fetched here). The simulator tests (test/unit/vms/een-v3.test.ts) cover those.
 */

const SPEC_DIR = fileURLToPath(new URL('./openapi/', import.meta.url));
/** The spec's server, `https://{BaseUrl}/api/v3.0`, with the host a token reply names. */
const SERVER_URL = 'https://api.c001.eagleeyenetworks.com/api/v3.0';
const ACCESS_TOKEN = 'contract-access-token';
/**
 * Prism compiles a schema validator the first time an operation is used: the body of
 * `POST /events` (one of ~60 event schemas) takes seconds on a loaded machine. The adapter's
 * own timeout is not under test here.
 */
const REQUEST_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 90_000;

/**
 * A defect of the published spec, corrected in what Prism serves (and only there): the
 * schema `EventTypeFilter` (events_category.yaml, the `types` of an event subscription's
 * filter) defines one property, `id` (example `een.deviceCloudStatusUpdateEvent.v1`: "only
 * events with this specific event type"), but lists `type` as required — a property it does
 * not define. The public een-api-toolkit (klaushofrichter/een-api-toolkit,
 * src/eventSubscriptions/service.ts) sends `types: [{ id }]`, and the spec's own 400 example
 * is "Unexpected argument: name" (arguments the API does not know are refused), so the
 * adapter sends `{ id }`. Returns how many schemas it corrected: none means the spec
 * changed, and this correction must go.
 */
function correctEventTypeFilter(operations: PrismOperations): number {
  const subscribe = operations.find((operation) => operation.iid === 'createEventSubscription');
  let corrected = 0;
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const schema = node as { properties?: Record<string, unknown>; required?: string[] };
    if (schema.properties && 'id' in schema.properties && !('type' in schema.properties) && schema.required?.includes('type')) {
      schema.required = schema.required.filter((name) => name !== 'type');
      corrected++;
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const content of subscribe?.request?.body?.contents ?? []) visit(content.schema);
  return corrected;
}
let eventTypeFilterCorrections = 0;

let prism: PrismMock;
const realFetch = globalThis.fetch;
/** The stand-in SSE stream: which URLs the adapter opened, and the event it then serves. */
const sse = { opened: [] as string[], event: undefined as Record<string, unknown> | undefined };

beforeAll(async () => {
  prism = await startPrismMock({
    specFiles: ['devices_category.yaml', 'media_category.yaml', 'events_category.yaml'].map((file) => `${SPEC_DIR}${file}`),
    serverUrl: SERVER_URL,
    basePath: '/api/v3.0',
    correct: (operations) => {
      eventTypeFilterCorrections = correctEventTypeFilter(operations);
    },
  });
  // The event the stand-in SSE stream sends: shaped like the spec's /events example (EEN-TK: each `data:` is one such event).
  prism.replies({ dynamic: false });
  const example = await realFetch(`${prism.url}/api/v3.0/events?actor=camera:100d4c41&startTimestamp__gte=2025-01-01T00:00:00.000Z&type__in=een.motionDetectionEvent.v1`, { headers: { authorization: `Bearer ${ACCESS_TOKEN}` } });
  const first = ((await example.json()) as { results?: Array<Record<string, unknown>> }).results?.[0];
  if (!first) throw new Error(`Prism gave no example event: ${JSON.stringify(prism.exchanges)}`);
  sse.event = { ...first, id: `sse-${String(first.id)}` };
  prism.exchanges.length = 0;
  // Only requests to Prism go to the network; any other absolute URL is the SSE stream (outside the spec).
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!URL.canParse(url) || new URL(url).origin === prism.url) return realFetch(input, init);
    sse.opened.push(url);
    return Promise.resolve(sseStream(init?.signal ?? undefined));
  });
}, 90_000);

afterAll(async () => {
  vi.unstubAllGlobals();
  await prism.close();
});

afterEach(() => {
  prism.exchanges.length = 0;
  sse.opened.length = 0;
});

/** A text/event-stream reply that sends one event and stays open until the client aborts. */
function sseStream(signal: AbortSignal | undefined): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(`data: ${JSON.stringify(sse.event)}\n\n`));
      signal?.addEventListener('abort', () => controller.error(signal.reason));
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** The OAuth token endpoint (outside the spec): a token reply as Eagle Eye's docs show it. */
const tokenEndpoint: HttpFetch = (request) => {
  expect(request.url).toBe('https://auth.eagleeyenetworks.com/oauth2/token');
  const reply = { access_token: ACCESS_TOKEN, refresh_token: 'rotated', expires_in: 43_198, token_type: 'Bearer', scope: 'vms.all', httpsBaseUrl: { hostname: 'api.c001.eagleeyenetworks.com', port: 443 } };
  return Promise.resolve({ status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: new TextEncoder().encode(JSON.stringify(reply)), url: request.url });
};

function adapter(extra: Partial<ConstructorParameters<typeof EenV3Adapter>[0]> = {}): EenV3Adapter {
  const tokens = new EenV3Tokens({ authUrl: 'https://auth.eagleeyenetworks.com', clientId: 'client', clientSecret: 'secret', refreshToken: 'refresh', apiUrl: prism.url, secrets: { save: () => undefined }, fetch: tokenEndpoint, clock: systemClock, log: silentLogger, timeoutMs: REQUEST_TIMEOUT_MS });
  return new EenV3Adapter({ tokens, requestTimeoutMs: REQUEST_TIMEOUT_MS, eventTypes: ['een.motionDetectionEvent.v1', 'een.deviceCloudStatusUpdateEvent.v1'], eventLabel: (type) => type, clock: systemClock, log: silentLogger, ...extra });
}

function callOf(exchange: PrismExchange): string {
  return `${exchange.method} ${exchange.target.split('?')[0] ?? ''}`;
}

/** Every request Prism saw and every place one broke the spec; the calls made, for the test to name. */
function violations(): { readonly calls: string[]; readonly unexpected: string[] } {
  const unexpected = prism.exchanges.flatMap((exchange) => exchange.requestViolations.map((violation) => `${exchange.method} ${exchange.target} → ${violation}`));
  return { calls: [...new Set(prism.exchanges.map(callOf))], unexpected };
}

/** An event sink that keeps what a user would see: the events, the stream's states. */
function recordingSink(): VmsEventSink & { readonly events: VmsEvent[]; readonly states: string[] } {
  const events: VmsEvent[] = [];
  const states: string[] = [];
  return {
    events,
    states,
    onEvent: (event) => events.push(event),
    onState: (state, reason) => states.push(reason ? `${state}: ${reason}` : state),
  };
}

/** A failure the adapter may report for a reply the spec allows: in words, of a known kind — never a crash, never "unexpected shape". */
async function settled<T>(work: Promise<T>): Promise<{ readonly value?: T; readonly error?: string }> {
  try {
    return { value: await work };
  } catch (error) {
    if (!isVmsError(error)) throw error;
    expect(error.kind, error.message).not.toBe('protocol');
    return { error: `${error.kind}: ${error.message}` };
  }
}

describe('Eagle Eye v3 adapter against the OpenAPI spec, with the spec examples', { timeout: TEST_TIMEOUT_MS }, () => {
  beforeAll(() => prism.replies({ dynamic: false }));

  it('lists cameras with their status (GET /cameras), every request valid', async () => {
    const vms = adapter();
    const cameras = await vms.listCameras();
    const statuses = await vms.cameraStatuses();
    // The example camera and its `connectionStatus: online`.
    expect(cameras.length).toBeGreaterThan(0);
    expect(statuses.get(cameras[0]?.id ?? '')).toBe('online');
    const seen = violations();
    expect(seen.calls).toEqual(['GET /cameras']);
    expect(seen.unexpected).toEqual([]);
    // The example's nextPageToken is followed (with pageToken), and a token that comes back unchanged ends the listing.
    expect(prism.exchanges.some((exchange) => exchange.target.includes('pageToken='))).toBe(true);
    expect(prism.exchanges.length).toBeLessThanOrEqual(4);
    await vms.dispose();
  });

  it('opens a live main stream from GET /feeds: the example hlsUrl, the token only for its origin', async () => {
    const vms = adapter();
    const session = await vms.openLive({ cameraId: '100d4c41', width: 1280, height: 720, audio: false });
    const reply = prism.exchanges.find((exchange) => callOf(exchange) === 'GET /feeds')?.reply as { results: Array<{ hlsUrl?: string }> };
    const hlsUrl = reply.results.find((feed) => feed.hlsUrl)?.hlsUrl;
    expect(session.media.kind).toBe('hls');
    if (session.media.kind === 'hls') expect(session.media.playlistUrl).toBe(hlsUrl);
    const seen = violations();
    expect(seen.calls).toEqual(['GET /feeds']);
    expect(seen.unexpected).toEqual([]);
    await vms.dispose();
  });

  it('opens a preview tile from GET /feeds?type=preview&include=multipartUrl, a request the spec accepts', async () => {
    // The spec's feed example names no multipartUrl: the stream itself (outside the spec) is the unit tests' (een-v3-previews.test.ts).
    const vms = adapter({ liveTiles: 'preview' });
    const session = await vms.openLive({ cameraId: '100d4c41', width: 640, height: 360, audio: false });
    expect(session.media.kind).toBe('jpeg');
    await expect.poll(() => prism.exchanges.some((exchange) => callOf(exchange) === 'GET /feeds'), { timeout: 30_000 }).toBe(true);
    const feeds = prism.exchanges.find((exchange) => callOf(exchange) === 'GET /feeds');
    const asked = new URLSearchParams(feeds?.target.split('?')[1]);
    expect([asked.get('deviceId'), asked.get('type'), asked.get('include')]).toEqual(['100d4c41', 'preview', 'multipartUrl']);
    expect(violations().unexpected).toEqual([]);
    await vms.closeSession(session);
    await vms.dispose();
  });

  it('lists recordings for the timeline and for playback (GET /media), and takes the example interval of no length as nothing recorded', async () => {
    const vms = adapter();
    const from = Date.parse('2019-08-24T14:00:00.000Z');
    const recorded = await vms.recordings('100d4c41', from, Date.parse('2019-08-24T15:00:00.000Z'));
    const session = await vms.openArchive({ cameraId: '100d4c41', fromMs: from, width: 1280, height: 720, audio: false });
    if (session.media.kind !== 'hls') throw new Error('not HLS');
    const playlist = await session.media.upstream.fetch({ url: session.media.playlistUrl, timeoutMs: REQUEST_TIMEOUT_MS });
    // The timeline asks with intervals coalesced, the archive for each interval's MP4.
    const asked = prism.exchanges.map((exchange) => new URLSearchParams(exchange.target.split('?')[1]));
    expect([...new Set(asked.map((query) => query.get('coalesce')))]).toEqual(['true', 'false']);
    expect(asked.filter((query) => query.get('coalesce') === 'false').every((query) => query.get('include') === 'mp4Url')).toBe(true);
    // The spec's example interval starts and ends at the same moment (2019-08-24T14:15:22Z): no span on the timeline, nothing to play, said in words.
    const example = (prism.exchanges[0]?.reply as { results: Array<{ startTimestamp: string; endTimestamp: string }> }).results[0];
    expect(example?.startTimestamp).toBe(example?.endTimestamp);
    expect(recorded).toEqual({ kind: 'ranges', ranges: [] });
    expect(playlist.status).toBe(404);
    expect(new TextDecoder().decode(playlist.body)).toBe('Nothing recorded at this time');
    const seen = violations();
    expect(seen.calls).toEqual(['GET /media']);
    expect(seen.unexpected).toEqual([]);
    await vms.dispose();
  });

  it('creates an event (POST /events) with a body the spec accepts', async () => {
    const vms = adapter();
    const created = await vms.createEvent({ cameraId: '100d4c41', type: 'een.deviceIOEvent.v1', time: Date.parse('2025-06-01T10:00:00.000Z'), label: 'Door 3', metadata: { sensor: 'door-3', state: 'open' } });
    const seen = violations();
    // The camera's account (required in the body) from the camera itself, as no list was read first.
    expect(seen.calls).toEqual(['GET /cameras/100d4c41', 'POST /events']);
    expect(seen.unexpected).toEqual([]);
    const reply = prism.exchanges.find((exchange) => callOf(exchange) === 'POST /events')?.reply as { id?: string };
    expect(created.vendorEventId).toBe(reply.id);
    await vms.dispose();
  });

  it('subscribes to events (POST /eventSubscriptions), opens the SSE stream it names, and fills the gap from GET /events', async () => {
    const vms = adapter();
    const sink = recordingSink();
    const subscription = vms.subscribeEvents(sink);
    // The event of the SSE stream and the example of GET /events both reach the sink.
    await expect.poll(() => sink.events.map((event) => event.vendorEventId).sort(), { timeout: 30_000 }).toEqual([String(sse.event?.id).replace(/^sse-/, ''), String(sse.event?.id)].sort());
    subscription.close();
    expect(sink.states[0]).toBe('connecting');
    expect(sink.states).toContain('open');
    const subscribed = prism.exchanges.find((exchange) => callOf(exchange) === 'POST /eventSubscriptions')?.reply as { deliveryConfig: { sseUrl: string } };
    expect(sse.opened).toEqual([subscribed.deliveryConfig.sseUrl]);
    const streamed = sink.events.find((event) => event.vendorEventId === sse.event?.id);
    expect(streamed?.cameraId).toBe(sse.event?.actorId);
    expect(streamed?.type).toBe(sse.event?.type);
    const seen = violations();
    expect(seen.calls.sort()).toEqual(['GET /cameras', 'GET /events', 'POST /eventSubscriptions']);
    expect(seen.unexpected).toEqual([]);
    expect(eventTypeFilterCorrections, 'the spec no longer has the EventTypeFilter defect: remove correctEventTypeFilter').toBeGreaterThan(0);
    await vms.dispose();
  });
});

describe('Eagle Eye v3 adapter against the OpenAPI spec, with replies Prism generates from the schemas', { timeout: TEST_TIMEOUT_MS }, () => {
  // Prism's dynamic replies: any value the schema allows (nulls, extra properties, odd strings, optional fields left out), reproducible per seed.
  const SEEDS = ['tessera-1', 'tessera-2', 'tessera-3'];

  it.each(SEEDS)('makes every call with valid requests and reads every reply without a shape error (seed %s)', async (seed) => {
    prism.replies({ dynamic: true, seed });
    const vms = adapter();
    const cameras = await settled(vms.listCameras());
    await settled(vms.cameraStatuses());
    await settled(vms.openLive({ cameraId: cameras.value?.[0]?.id ?? '100d4c41', width: 1280, height: 720, audio: false }));
    await settled(vms.createEvent({ cameraId: '100d4c41', type: 'een.deviceIOEvent.v1', time: Date.now(), metadata: { sensor: 'door-3' } }));
    await settled(vms.recordings('100d4c41', Date.now() - 3_600_000, Date.now()));
    const archive = await vms.openArchive({ cameraId: '100d4c41', fromMs: Date.now() - 3_600_000, width: 1280, height: 720, audio: false });
    if (archive.media.kind === 'hls') {
      // The playlist of whatever was generated (the MP4s themselves are on media hosts, outside the spec).
      const playlist = await settled(archive.media.upstream.fetch({ url: archive.media.playlistUrl, timeoutMs: REQUEST_TIMEOUT_MS }));
      expect([200, 404]).toContain(playlist.value?.status);
    }
    const sink = recordingSink();
    const subscription = vms.subscribeEvents(sink);
    // A generated subscription may name no usable stream (its sseUrl is any string): the stream says so in words and tries again.
    await expect.poll(() => sink.states.length > 1, { timeout: 30_000 }).toBe(true);
    subscription.close();
    await vms.dispose();
    expect(sink.states.filter((state) => state.includes('unexpected shape'))).toEqual([]);
    const seen = violations();
    expect(seen.calls).toEqual(expect.arrayContaining(['GET /cameras', 'GET /feeds', 'GET /media', 'POST /events', 'POST /eventSubscriptions']));
    expect(seen.unexpected).toEqual([]);
  });

  it.each(SEEDS)('fills the event gap from generated GET /events pages once the stream is open (seed %s)', async (seed) => {
    // The subscription from the spec's example (its sseUrl opens the stand-in stream), every other reply generated.
    prism.replies((call) => (call === 'POST /eventSubscriptions' ? { dynamic: false } : { dynamic: true, seed }));
    const vms = adapter();
    const sink = recordingSink();
    const subscription = vms.subscribeEvents(sink);
    // The stream's event comes after the gap was filled: by then every listed camera's events were asked for.
    await expect.poll(() => sink.events.some((event) => event.vendorEventId === sse.event?.id), { timeout: 30_000 }).toBe(true);
    const listedCameras = new Set(prism.exchanges.filter((exchange) => callOf(exchange) === 'GET /cameras').flatMap((exchange) => ((exchange.reply as { results?: Array<{ id?: unknown }> }).results ?? []).map((camera) => String(camera.id))));
    const askedActors = new Set(prism.exchanges.filter((exchange) => callOf(exchange) === 'GET /events').map((exchange) => new URLSearchParams(exchange.target.split('?')[1]).get('actor')));
    expect([...askedActors].sort()).toEqual([...listedCameras].map((id) => `camera:${id}`).sort());
    subscription.close();
    await vms.dispose();
    expect(sink.states).toContain('open');
    expect(sink.states.filter((state) => state.includes('unexpected shape'))).toEqual([]);
    // Every generated event with an id reached the sink (one without is skipped: it could not be journaled once).
    const listed = prism.exchanges.filter((exchange) => callOf(exchange) === 'GET /events').flatMap((exchange) => (exchange.reply as { results?: Array<{ id?: unknown }> }).results ?? []);
    const ids = listed.flatMap((event) => (typeof event.id === 'string' && event.id !== '' ? [event.id] : []));
    for (const id of ids) expect(sink.events.map((event) => event.vendorEventId)).toContain(id);
    const seen = violations();
    expect(seen.unexpected).toEqual([]);
  });
});
