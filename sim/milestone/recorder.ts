import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { RECORDER_COMMAND_NS as RECORDER_COMMAND, RECORDING_SEQUENCE, SERVER_COMMAND_NS as SERVER_COMMAND, soapBody, soapEnvelope } from '../../shared-node/soap-envelope';
import { refusalReason } from '../http/request-guard';
import { readBody, sendText } from '../http/router';
import { closeServer, httpOrigin, listen } from '../http/server';

/**
 * XProtect's SOAP side, as far as a client reads recorded spans: the management server's
 * `ServerCommandServiceOAuth.svc` `Login` (a bearer token in, the SOAP token and its
 * `TimeToLive` out) and a recording server's `RecorderCommandService.asmx` with
 * `SequencesGetTypes`, `SequencesGet` and `JPEGGetLive`, on a port of its own as a recorder has (7563 on
 * a real one). Envelopes are SOAP 1.1; faults are HTTP 500 with `faultstring`.
 */

/** The sequence types a recorder lists (their GUIDs as XProtect's). */
export const SEQUENCE_TYPES = [
  { id: '0601d294-b7e5-4d93-9614-9658561ad5e4', name: 'RecordingWithTriggerSequence' },
  { id: RECORDING_SEQUENCE, name: 'RecordingSequence' },
  { id: '53cb5e33-2183-44bd-9491-8364d2457480', name: 'MotionSequence' },
] as const;
/** Only continuous recording is simulated: every recorded span is a sequence of these types. */
const RECORDED_TYPES = new Set<string>(SEQUENCE_TYPES.filter((type) => type.name !== 'MotionSequence').map((type) => type.id));
/** XProtect's default life of a SOAP token: four hours. */
const TOKEN_LIFE_MS = 4 * 3600_000;

/** The body's operation element and its parameters, or undefined when the request is not a SOAP envelope. */
export function soapRequest(text: string): { operation: string; parameters: Record<string, unknown> } | undefined {
  const [operation, parameters] = Object.entries(soapBody(text) ?? {})[0] ?? [];
  if (!operation) return undefined;
  return { operation, parameters: parameters !== null && typeof parameters === 'object' ? (parameters as Record<string, unknown>) : {} };
}

export function sendSoap(response: ServerResponse, namespace: string, operation: string, result: Record<string, unknown>): void {
  sendText(response, 200, soapEnvelope({ [`${operation}Response`]: { '@xmlns': namespace, ...result } }), 'text/xml; charset=utf-8');
}

export function sendFault(response: ServerResponse, reason: string): void {
  sendText(response, 500, soapEnvelope({ 's:Fault': { faultcode: 's:Client', faultstring: reason } }), 'text/xml; charset=utf-8');
}

/** SOAP tokens the management server gave, by value; recorders accept them until they lapse. */
export class SoapTokens {
  private readonly tokens = new Map<string, number>();
  logins = 0;

  issue(current: string | undefined): { token: string; lifeMs: number } {
    if (current) this.tokens.delete(current);
    const token = `TOKEN#${randomUUID()}#tessera-sim//ServerConnector#`;
    this.tokens.set(token, Date.now() + TOKEN_LIFE_MS);
    this.logins += 1;
    return { token, lifeMs: TOKEN_LIFE_MS };
  }

  valid(token: string): boolean {
    return (this.tokens.get(token) ?? 0) > Date.now();
  }

  /** Every token lapses (the management server restarted). */
  revokeAll(): void {
    this.tokens.clear();
  }
}

/** `ServerCommandServiceOAuth.svc` `Login`, for a caller whose bearer token checked out. */
export async function handleManagementLogin(request: IncomingMessage, response: ServerResponse, tokens: SoapTokens): Promise<void> {
  const call = soapRequest(await readBody(request));
  if (!call || call.operation !== 'Login') return sendFault(response, 'Unknown operation');
  const current = typeof call.parameters['currentToken'] === 'string' && call.parameters['currentToken'] ? call.parameters['currentToken'] : undefined;
  const { token, lifeMs } = tokens.issue(current);
  sendSoap(response, SERVER_COMMAND, 'Login', {
    LoginResult: { RegistrationTime: new Date().toISOString(), TimeToLive: { MicroSeconds: String(lifeMs * 1000) }, TimeToLiveLimited: 'false', Token: token },
  });
}

export interface RecorderOptions {
  readonly host: string;
  readonly tokens: SoapTokens;
  /** The recorded spans of a camera (by its GUID), oldest first; undefined for a camera this recorder does not hold. */
  readonly recorded: (cameraGuid: string) => ReadonlyArray<{ fromMs: number; toMs: number }> | undefined;
  /** The camera's newest frame as a JPEG, undefined when there is none (the camera is off). */
  readonly liveJpeg: (cameraGuid: string) => Promise<Buffer | undefined>;
  /** True while the recorder is to answer 503. */
  readonly down: () => boolean;
  readonly log: (line: string) => void;
}

export interface SimRecorder {
  /** The recorder's `webServerUri`, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  readonly counters: { sequencesGet: number; jpegGetLive: number; refused: number };
  close(): Promise<void>;
}

/** A recording server's `RecorderCommandService.asmx`. */
export async function startRecorder(options: RecorderOptions): Promise<SimRecorder> {
  const counters = { sequencesGet: 0, jpegGetLive: 0, refused: 0 };
  let port = 0;
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const refusal = refusalReason(request.headers, { host: options.host, port: () => port });
    if (refusal) return sendText(response, 403, `Forbidden: ${refusal}`);
    if (options.down()) return sendText(response, 503, 'Service Unavailable');
    const path = new URL(request.url ?? '/', 'http://recorder').pathname;
    if (request.method !== 'POST' || path !== '/RecorderCommandService/RecorderCommandService.asmx') return sendText(response, 404, 'Not found');
    const call = soapRequest(await readBody(request));
    if (!call) return sendFault(response, 'The request is not a SOAP envelope');
    const text = (name: string): string => {
      const value = call.parameters[name];
      return typeof value === 'string' ? value : '';
    };
    if (!options.tokens.valid(text('token'))) {
      counters.refused += 1;
      return sendFault(response, 'Security token invalid');
    }
    const recorded = options.recorded(text('deviceId'));
    if (!recorded) return sendFault(response, `Unknown device ${text('deviceId')}`);
    if (call.operation === 'SequencesGetTypes') return sendSoap(response, RECORDER_COMMAND, call.operation, { SequencesGetTypesResult: { SequenceType: SEQUENCE_TYPES.map((type) => ({ Id: type.id, Name: type.name })) } });
    if (call.operation === 'JPEGGetLive') {
      counters.jpegGetLive += 1;
      const jpeg = await options.liveJpeg(text('deviceId'));
      // No picture: XProtect's "minimum dateTime" and no data.
      return sendSoap(response, RECORDER_COMMAND, call.operation, { JPEGGetLiveResult: jpeg ? { Time: new Date().toISOString(), Data: jpeg.toString('base64') } : { Time: '0001-01-01T00:00:00', Data: '' } });
    }
    if (call.operation !== 'SequencesGet') return sendFault(response, `Unknown operation ${call.operation}`);
    counters.sequencesGet += 1;
    const minTime = Date.parse(text('minTime'));
    const maxTime = Date.parse(text('maxTime'));
    const maxCount = Number(text('maxCount'));
    if (!Number.isFinite(minTime) || !Number.isFinite(maxTime) || !Number.isInteger(maxCount) || maxCount < 1) return sendFault(response, 'minTime, maxTime and maxCount are required');
    const spans = RECORDED_TYPES.has(text('sequenceType').toLowerCase()) ? recorded : [];
    const entries = spans
      .filter((span) => span.toMs > minTime && span.fromMs < maxTime)
      .slice(0, maxCount)
      .map((span) => ({ TimeBegin: new Date(span.fromMs).toISOString(), TimeTrigged: new Date(span.fromMs).toISOString(), TimeEnd: new Date(span.toMs).toISOString() }));
    sendSoap(response, RECORDER_COMMAND, call.operation, { SequencesGetResult: entries.length ? { SequenceEntry: entries } : '' });
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((failure: unknown) => {
      options.log(`recorder request failed: ${String(failure)}`);
      if (!response.headersSent) sendFault(response, 'Internal error');
    });
  });
  port = await listen(server, options.host, 0);
  return { url: `${httpOrigin(options.host, port)}/`, counters, close: () => closeServer(server) };
}
