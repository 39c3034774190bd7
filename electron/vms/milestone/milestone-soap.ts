import { objectAt, soapBody, soapEnvelope } from '../../../shared-node/soap-envelope';
import { VmsError } from '../errors';
import type { HttpFetch } from '../http';

/**
 * One call to an XProtect SOAP service: the management server's `ServerCommandService`
 * and the recording servers' `RecorderCommandService`, which hold what the API Gateway's
 * REST API does not (the SOAP token, recorded sequences). Both are document/literal SOAP
 * 1.1: a `SOAPAction` header naming the operation and an envelope whose body is the
 * operation's element in the service's namespace (MIP SDK protocol samples
 * `ServerCommandServiceClient`; thlucas1/xprotect-webapi-python `xpwrecordercommandservice.py`).
 */
export interface SoapCall {
  /** Who answers, in the operator's words: `management server`, `recording server`. */
  readonly server: string;
  readonly url: string;
  /** The service's namespace, e.g. `http://videoos.net/2/XProtectCSRecorderCommand`. */
  readonly namespace: string;
  readonly operation: string;
  /** The `SOAPAction` header (the management server's names its interface too). */
  readonly action: string;
  /** The operation's parameters, in the order the service's WSDL lists them. */
  readonly parameters: ReadonlyArray<readonly [string, string]>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** The SOAP 1.1 envelope of `call`. */
function callEnvelope(call: Pick<SoapCall, 'namespace' | 'operation' | 'parameters'>): string {
  const operation: Record<string, unknown> = { '@xmlns': call.namespace };
  for (const [name, value] of call.parameters) operation[name] = value;
  return soapEnvelope({ [call.operation]: operation });
}

/**
 * The `{operation}Response` element of a SOAP reply, as plain objects (a childless element
 * is an empty string). A SOAP fault (HTTP 500 with `Fault/faultstring`), any other HTTP
 * failure or a reply that is not SOAP becomes a VmsError whose message says which.
 */
export async function callSoap(fetch: HttpFetch, call: SoapCall): Promise<unknown> {
  const response = await fetch({
    url: call.url,
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: call.action, ...call.headers },
    body: callEnvelope(call),
    timeoutMs: call.timeoutMs,
    ...(call.signal ? { signal: call.signal } : {}),
  });
  const text = new TextDecoder().decode(response.body);
  const body = soapBody(text);
  const fault = objectAt(body, 'Fault');
  const where = `${call.operation}: HTTP ${response.status}`;
  const who = `Milestone’s ${call.server}`;
  if (fault) {
    const reason = typeof fault['faultstring'] === 'string' ? fault['faultstring'] : 'no reason given';
    throw new VmsError({ kind: response.status === 401 || response.status === 403 ? 'auth' : 'rejected', url: call.url, httpStatus: response.status }, `${who} refused ${call.operation} (${reason})`);
  }
  if (response.status === 401 || response.status === 403) throw new VmsError({ kind: 'auth', url: call.url, httpStatus: response.status }, `${who} refused the sign-in (${where})`);
  if (response.status === 404) throw new VmsError({ kind: 'not-found', url: call.url, httpStatus: response.status }, `${who} has no such service (${where})`);
  if (response.status >= 300) throw new VmsError({ kind: 'http', url: call.url, httpStatus: response.status }, `${who} failed (${where})`);
  const reply = body?.[`${call.operation}Response`];
  if (reply === undefined) throw new VmsError({ kind: 'protocol', url: call.url, httpStatus: response.status }, `${who} sent an unreadable answer to ${call.operation}`);
  return reply;
}
