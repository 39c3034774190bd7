/**
 * An HTTP answer the core produces for either transport: the web transport writes it to
 * a socket, the Electron app protocol wraps it in a fetch Response.
 */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /**
   * A file to send instead of `body`, streamed by the transport: an export can be larger
   * than anything worth holding in memory.
   */
  readonly file?: { readonly path: string; readonly size: number };
}

export function textAnswer(status: number, message: string, headers: Readonly<Record<string, string>> = {}): HttpAnswer {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers }, body: new TextEncoder().encode(message) };
}

/** Handles the part of a request path after its route prefix. */
export type RouteHandler = (path: string, url: URL, signal?: AbortSignal) => Promise<HttpAnswer>;

/** The core's routes on the app's origin (media, event media), then the built renderer. */
export class AppRoutes {
  constructor(
    private readonly routes: ReadonlyArray<readonly [prefix: string, handler: RouteHandler]>,
    private readonly fallback: (pathname: string) => Promise<HttpAnswer>,
    /**
     * Exact paths the browser reaches without the launch key, each authorising its requests
     * itself (the OAuth callback: by a single-use `state`). Served like the app's page.
     */
    private readonly open: ReadonlyArray<readonly [path: string, handler: (url: URL) => Promise<HttpAnswer>]> = [],
  ) {}

  /** Whether the path is one of the core's routes (media, event media, downloads), not the renderer's files. */
  isCoreRoute(pathname: string): boolean {
    return this.routes.some(([prefix]) => pathname.startsWith(prefix));
  }

  handle(url: URL, signal?: AbortSignal): Promise<HttpAnswer> {
    for (const [path, handler] of this.open) if (url.pathname === path) return handler(url);
    for (const [prefix, handler] of this.routes) {
      if (url.pathname.startsWith(prefix)) return handler(url.pathname.slice(prefix.length), url, signal);
    }
    return this.fallback(url.pathname);
  }
}
