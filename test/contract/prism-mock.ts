import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInstance, getHttpOperationsFromSpec, type IHttpConfig, type IHttpNameValue, type IHttpNameValues, type IHttpRequest, type IHttpResponse } from '@stoplight/prism-http';

/** What Prism said about one request: its own words for every place it breaks the spec. */
export interface PrismExchange {
  readonly method: string;
  /** The path under the spec's server (`/cameras`), with the query as sent. */
  readonly target: string;
  readonly status: number;
  /** The body Prism answered with (parsed JSON, or text). */
  readonly reply: unknown;
  /** Request violations (parameters, body, security) and routing failures, as `where: message`. */
  readonly requestViolations: readonly string[];
  /** Where Prism's own reply breaks the spec (a Prism or spec defect, not the client's). */
  readonly replyViolations: readonly string[];
}

/** The spec's operations as Prism reads them (JSON schemas with their references resolved). */
export type PrismOperations = Awaited<ReturnType<typeof getHttpOperationsFromSpec>>;

export interface PrismMockOptions {
  readonly specFiles: readonly string[];
  /** Corrects known defects of the published spec in the operations Prism serves (each with its reason, where it is written). */
  readonly correct?: (operations: PrismOperations) => void;
  /** The spec's server URL the requests are matched against (servers[].url with its variables filled in). */
  readonly serverUrl: string;
  /** The path prefix the client puts before the spec's paths (the server URL's path, `/api/v3.0`). */
  readonly basePath: string;
}

export interface ReplyMode {
  readonly dynamic: boolean;
  readonly seed?: string;
}

export interface PrismMock {
  /** The origin to point the client at: it sends `${url}${basePath}/...`. */
  readonly url: string;
  readonly exchanges: PrismExchange[];
  /**
   * Examples from the spec (the default), or replies generated from its schemas (`dynamic`),
   * reproducible with `seed`; one mode for all, or per call (`'POST /eventSubscriptions'`).
   */
  replies(mode: ReplyMode | ((call: string) => ReplyMode)): void;
  close(): Promise<void>;
}

/**
 * Prism logs through a pino logger (with its own `success` level); the tests read the
 * violations from its results, so its log goes nowhere (the methods Prism calls, no more).
 */
const quietLogger = (() => {
  const noop = (): void => undefined;
  const logger: Record<string, unknown> = { level: 'silent', fatal: noop, error: noop, warn: noop, info: noop, success: noop, debug: noop, trace: noop };
  logger.child = () => logger;
  return logger;
})();

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function queryOf(search: URLSearchParams): IHttpNameValues {
  const query: IHttpNameValues = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}

function headersOf(request: IncomingMessage): IHttpNameValue {
  const headers: IHttpNameValue = {};
  for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function describe(diagnostic: { readonly path?: readonly string[]; readonly message: string; readonly code?: string | number }): string {
  return `${diagnostic.path?.join('.') ?? '(request)'}: ${diagnostic.message}`;
}

function send(response: ServerResponse, output: IHttpResponse): void {
  const headers = output.headers ?? {};
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const body = output.body === undefined ? '' : typeof output.body === 'string' && !/json/i.test(type) ? output.body : JSON.stringify(output.body);
  response.writeHead(output.statusCode, headers);
  response.end(body);
}

/**
 * Stoplight Prism's HTTP mock (`@stoplight/prism-http`, the library behind `prism mock`), in
 * this process, behind a loopback HTTP server: every request is routed to an operation of the
 * given OpenAPI files and validated against it (parameters, body, Bearer security), and
 * answered with the spec's example or a reply generated from its schema. Unlike `prism mock`,
 * which only logs request violations (or turns some into a 422), every violation is kept in
 * `exchanges`, so a test can fail on any of them. One server per test file.
 */
export async function startPrismMock(options: PrismMockOptions): Promise<PrismMock> {
  const operations = (await Promise.all(options.specFiles.map((file) => getHttpOperationsFromSpec(file)))).flat();
  options.correct?.(operations);
  let modeOf: (call: string) => ReplyMode = () => ({ dynamic: false });
  const config = (call = ''): IHttpConfig => {
    const mode = modeOf(call);
    const mock = { dynamic: mode.dynamic, ...(mode.seed === undefined ? {} : { seed: mode.seed }) };
    return { mock, checkSecurity: true, validateRequest: true, validateResponse: true, errors: false, upstreamProxy: undefined, isProxy: false };
  };
  const prism = createInstance(config(), { logger: quietLogger });
  const exchanges: PrismExchange[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://prism.invalid');
    const method = (request.method ?? 'GET').toLowerCase() as IHttpRequest['method'];
    const text = await readBody(request);
    const record = (status: number, reply: unknown, requestViolations: string[], replyViolations: string[] = []): void => {
      exchanges.push({ method: method.toUpperCase(), target: `${url.pathname.slice(options.basePath.length)}${url.search}`, status, reply, requestViolations, replyViolations });
    };
    if (!url.pathname.startsWith(`${options.basePath}/`)) {
      record(404, undefined, [`path: ${url.pathname} is not under the spec's server path ${options.basePath}`]);
      response.writeHead(404).end();
      return;
    }
    let body: unknown = text === '' ? undefined : text;
    if (text !== '' && /json/i.test(request.headers['content-type'] ?? '')) {
      try {
        body = JSON.parse(text);
      } catch {
        record(400, undefined, ['body: not JSON although the content type says JSON']);
        response.writeHead(400).end();
        return;
      }
    }
    const input: IHttpRequest = {
      method,
      url: { baseUrl: options.serverUrl, path: url.pathname.slice(options.basePath.length), query: queryOf(url.searchParams) },
      headers: headersOf(request),
      ...(body === undefined ? {} : { body }),
    };
    const result = await prism.request(input, operations, config(`${method.toUpperCase()} ${input.url.path}`))();
    if (result._tag === 'Left') {
      // No operation of the spec matches (path, method or server): the client called something the spec does not have.
      record(404, undefined, [`route: ${result.left.message}`]);
      response.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: result.left.message }));
      return;
    }
    const { output, validations } = result.right;
    record(output.statusCode, output.body, validations.input.map(describe), validations.output.map(describe));
    send(response, output);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      exchanges.push({ method: request.method ?? 'GET', target: request.url ?? '', status: 500, reply: undefined, requestViolations: [`prism: ${error instanceof Error ? error.message : String(error)}`], replyViolations: [] });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    replies(mode) {
      modeOf = typeof mode === 'function' ? mode : () => mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
