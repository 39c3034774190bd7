import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../common/clock';
import type { VmsBinary, VmsRecordings } from '../adapter';
import { isVmsError, VmsError } from '../errors';
import type { HttpFetch } from '../http';
import type { MilestoneClient } from './milestone-client';
import type { MilestoneToken } from './milestone-token';
import { RECORDER_COMMAND_NS as RECORDER_COMMAND, RECORDING_SEQUENCE, SERVER_COMMAND_NS as SERVER_COMMAND } from '../../../shared-node/soap-envelope';
import { callSoap } from './milestone-soap';
/** Sequences asked for per call; a full page is followed by the next from its last end. */
const PAGE = 500;
const MAX_PAGES = 20;
/** The camera → recorder map is read again after this long (cameras move between recorders rarely). */
const RECORDERS_TTL_MS = 5 * 60_000;

const Relation = z.object({ type: z.string(), id: z.string() }).loose();
const WithParent = z.object({ id: z.string(), relations: z.object({ parent: Relation.optional() }).loose().optional() }).loose();
const ParentList = z.object({ array: z.array(WithParent) }).loose();
const RecordingServers = z.object({ array: z.array(z.object({ id: z.string(), webServerUri: z.string().optional(), hostName: z.string().optional(), portNumber: z.number().optional() }).loose()) }).loose();
const LoginResult = z.object({ LoginResult: z.object({ Token: z.string().min(1), TimeToLive: z.object({ MicroSeconds: z.string() }).loose().optional() }).loose() }).loose();
const SequenceEntry = z.object({ TimeBegin: z.string(), TimeEnd: z.string() }).loose();
const JpegReply = z.object({ JPEGGetLiveResult: z.object({ Time: z.string().optional(), Data: z.string().optional() }).loose() }).loose();
const SequencesReply = z.object({ SequencesGetResult: z.union([z.literal(''), z.object({ SequenceEntry: z.array(SequenceEntry).optional() }).loose()]) }).loose();

export interface MilestoneRecordersOptions {
  /** `https://{host}` of the API Gateway; the management server is on the same host. */
  readonly baseUrl: string;
  readonly token: MilestoneToken;
  readonly client: MilestoneClient;
  readonly fetch: HttpFetch;
  readonly clock: Clock;
  readonly timeoutMs: number;
}

interface SoapToken {
  readonly value: string;
  readonly renewAt: number;
}

/** The size of a live picture asked for: an alert's thumbnail and drawer picture. */
const LIVE_PICTURE = { width: 960, height: 540 };

/**
 * What the API Gateway does not give, from the camera's recording server's SOAP service
 * (`RecorderCommandService`): recorded spans and live pictures. The gateway has no
 * recordings resource (its REST API answers "Unknown resource: recordings") and no
 * pictures but WebRTC video. The recorder lists recordings with
 * `SequencesGet` with the `RecordingSequence` type, `minTime`,
 * `maxTime` and `maxCount`, answering `SequenceEntry` items with `TimeBegin`, `TimeTrigged`
 * and `TimeEnd` in order of `TimeBegin`, and gives the newest frame as a JPEG with
 * `JPEGGetLive` (`token`, `deviceId`, `maxWidth`, `maxHeight` → `Time`, base64 `Data`; an
 * empty `Data` when it has none) (thlucas1/xprotect-webapi-python). Its `token` is not the
 * bearer token but the management server's: `ServerCommandServiceOAuth.svc` `Login` with
 * the bearer token in `Authorization` gives it, with its `TimeToLive` (MIP SDK protocol
 * samples, `ServerCommandServiceLogin`). The camera's recorder is found through the
 * configuration REST API: camera → parent hardware → parent recording server, whose
 * `webServerUri` (e.g. `http://win10vm:7563/`) serves the SOAP service.
 */
export class MilestoneRecorders {
  private readonly instanceId = randomUUID();
  private soapToken: SoapToken | undefined;
  private login: Promise<SoapToken> | undefined;
  private recorders: { readonly at: number; readonly byCamera: ReadonlyMap<string, string> } | undefined;
  private recordersRead: Promise<ReadonlyMap<string, string>> | undefined;

  constructor(private readonly options: MilestoneRecordersOptions) {}

  async recordings(cameraId: string, from: number, to: number, signal?: AbortSignal): Promise<VmsRecordings> {
    const ranges: Array<{ from: number; to: number }> = [];
    let minTime = from;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { url, reply } = await this.call(
        cameraId,
        'SequencesGet',
        [
          ['sequenceType', RECORDING_SEQUENCE],
          ['minTime', new Date(minTime).toISOString()],
          ['maxTime', new Date(to).toISOString()],
          ['maxCount', String(PAGE)],
        ],
        signal,
      );
      const parsed = SequencesReply.safeParse(reply);
      if (!parsed.success) throw new VmsError({ kind: 'protocol', url }, 'Milestone’s recorder sent sequences that are not what its API documents');
      const entries = parsed.data.SequencesGetResult === '' ? [] : (parsed.data.SequencesGetResult.SequenceEntry ?? []);
      for (const entry of entries) {
        const begin = utcTime(entry.TimeBegin);
        const end = utcTime(entry.TimeEnd);
        if (begin === undefined || end === undefined) throw new VmsError({ kind: 'protocol', url }, `Milestone’s recorder sent a sequence without readable times (${entry.TimeBegin} – ${entry.TimeEnd})`);
        // A later page may repeat the sequence that ended where it starts.
        if (end > begin && (page === 0 || end > minTime)) ranges.push({ from: begin, to: end });
      }
      const last = ranges.at(-1);
      if (entries.length < PAGE || !last || last.to >= to || last.to <= minTime) break;
      minTime = last.to;
    }
    return { kind: 'ranges', ranges };
  }

  /** The camera's newest frame as a JPEG; not-found when the recorder has none (camera off, nothing recorded). */
  async liveJpeg(cameraId: string, signal?: AbortSignal): Promise<VmsBinary> {
    const { url, reply } = await this.call(
      cameraId,
      'JPEGGetLive',
      [
        ['maxWidth', String(LIVE_PICTURE.width)],
        ['maxHeight', String(LIVE_PICTURE.height)],
      ],
      signal,
    );
    const parsed = JpegReply.safeParse(reply);
    if (!parsed.success) throw new VmsError({ kind: 'protocol', url }, 'Milestone’s recorder sent a live picture that is not what its API documents');
    const bytes = Buffer.from(parsed.data.JPEGGetLiveResult.Data ?? '', 'base64');
    if (bytes.length === 0) throw new VmsError({ kind: 'not-found', url }, 'Milestone’s recorder has no picture of this camera now');
    return { bytes: new Uint8Array(bytes), contentType: 'image/jpeg' };
  }

  /**
   * `operation` of the camera's recorder, with the management server's token and the
   * camera's id before `parameters`. A recorder refuses a token the management server no
   * longer knows (it expired, or the server restarted): signed in afresh once and asked again.
   */
  private async call(cameraId: string, operation: string, parameters: ReadonlyArray<readonly [string, string]>, signal?: AbortSignal): Promise<{ url: string; reply: unknown }> {
    const url = new URL('RecorderCommandService/RecorderCommandService.asmx', await this.recorderOf(cameraId, signal)).toString();
    const ask = async (): Promise<unknown> =>
      callSoap(this.options.fetch, {
        server: 'recording server',
        url,
        namespace: RECORDER_COMMAND,
        operation,
        action: `${RECORDER_COMMAND}/${operation}`,
        parameters: [['token', await this.token(signal)], ['deviceId', cameraId], ...parameters],
        timeoutMs: this.options.timeoutMs,
        ...(signal ? { signal } : {}),
      });
    try {
      return { url, reply: await ask() };
    } catch (error) {
      if (!isVmsError(error) || (error.kind !== 'auth' && error.kind !== 'rejected')) throw error;
      this.soapToken = undefined;
      return { url, reply: await ask() };
    }
  }

  /** The management server's token for the recorders; signed in again a fifth of its life before it lapses. */
  private async token(signal?: AbortSignal): Promise<string> {
    const current = this.soapToken;
    if (current && current.renewAt > this.options.clock.now()) return current.value;
    this.login ??= this.signIn(current?.value, signal).finally(() => {
      this.login = undefined;
    });
    return (await this.login).value;
  }

  private async signIn(currentToken: string | undefined, signal?: AbortSignal): Promise<SoapToken> {
    const url = `${this.options.baseUrl}/ManagementServer/ServerCommandServiceOAuth.svc`;
    const login = (bearer: string): Promise<unknown> =>
      callSoap(this.options.fetch, {
        server: 'management server',
        url,
        namespace: SERVER_COMMAND,
        operation: 'Login',
        action: `${SERVER_COMMAND}/IServerCommandService/Login`,
        // `currentToken` renews the token this instance holds; empty for a first sign-in.
        parameters: [
          ['instanceId', this.instanceId],
          ['currentToken', currentToken ?? ''],
        ],
        headers: { authorization: `Bearer ${bearer}` },
        timeoutMs: this.options.timeoutMs,
        ...(signal ? { signal } : {}),
      });
    const bearer = await this.options.token.get(signal);
    let reply: unknown;
    try {
      reply = await login(bearer.value);
    } catch (error) {
      // A bearer token the server no longer takes: a new one (shared with every caller), once.
      if (!isVmsError(error) || error.kind !== 'auth') throw error;
      reply = await login((await this.options.token.refused(bearer.value, signal)).value);
    }
    const parsed = LoginResult.safeParse(reply);
    if (!parsed.success) throw new VmsError({ kind: 'protocol', url }, 'Milestone’s management server sent a sign-in answer without a token');
    const lifeMs = Number(parsed.data.LoginResult.TimeToLive?.MicroSeconds ?? NaN) / 1000;
    // Without a readable life, the token is used for a minute at a time.
    const usable = Number.isFinite(lifeMs) && lifeMs > 0 ? lifeMs * 0.8 : 60_000;
    const token = { value: parsed.data.LoginResult.Token, renewAt: this.options.clock.now() + usable };
    this.soapToken = token;
    return token;
  }

  /** The `webServerUri` of the camera's recording server. */
  private async recorderOf(cameraId: string, signal?: AbortSignal): Promise<string> {
    const cached = this.recorders;
    const fresh = cached && this.options.clock.now() - cached.at < RECORDERS_TTL_MS;
    let byCamera = fresh ? cached.byCamera : await this.readRecorders(signal);
    // A camera added since the map was read: read it again once.
    if (!byCamera.has(cameraId) && fresh) byCamera = await this.readRecorders(signal);
    const recorder = byCamera.get(cameraId);
    if (!recorder) throw new VmsError({ kind: 'not-found', url: this.options.baseUrl }, 'Milestone names no recording server for this camera');
    return recorder;
  }

  private readRecorders(signal?: AbortSignal): Promise<ReadonlyMap<string, string>> {
    this.recordersRead ??= this.mapRecorders(signal).finally(() => {
      this.recordersRead = undefined;
    });
    return this.recordersRead;
  }

  private async mapRecorders(signal?: AbortSignal): Promise<ReadonlyMap<string, string>> {
    const [cameras, hardware, servers] = await Promise.all([
      this.options.client.call('GET', '/rest/v1/cameras', ParentList, undefined, signal),
      this.options.client.call('GET', '/rest/v1/hardware', ParentList, undefined, signal),
      this.options.client.call('GET', '/rest/v1/recordingServers', RecordingServers, undefined, signal),
    ]);
    const serverUri = new Map(servers.array.flatMap((server) => {
      const uri = server.webServerUri ?? (server.hostName ? `http://${server.hostName}:${server.portNumber ?? 7563}/` : undefined);
      return uri ? [[server.id, uri] as const] : [];
    }));
    const serverOfHardware = new Map(hardware.array.flatMap((item) => (item.relations?.parent?.type === 'recordingServers' ? [[item.id, item.relations.parent.id] as const] : [])));
    const byCamera = new Map<string, string>();
    for (const camera of cameras.array) {
      const parent = camera.relations?.parent;
      const uri = parent?.type === 'hardware' ? serverUri.get(serverOfHardware.get(parent.id) ?? '') : undefined;
      if (uri) byCamera.set(camera.id, uri);
    }
    this.recorders = { at: this.options.clock.now(), byCamera };
    return byCamera;
  }
}

/** A .NET `dateTime`: with its zone (`Z`, `+01:00`) as it says, without one as UTC (the recorders' times are UTC). */
function utcTime(text: string): number | undefined {
  const value = Date.parse(/(Z|[+-]\d\d:\d\d)$/i.test(text) ? text : `${text}Z`);
  return Number.isFinite(value) ? value : undefined;
}
