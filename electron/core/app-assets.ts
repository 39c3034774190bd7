import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { type HttpAnswer, textAnswer } from '../common/http-answer';

/**
 * The renderer's Content-Security-Policy, the same in both transports. Nothing is
 * allowed that the app does not use: scripts and styles only from the app itself,
 * video only through the app's own media route (and the blob: URLs MSE makes), and
 * network only to the app's own origin.
 */
export function contentSecurityPolicy(extraConnect: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ${extraConnect.join(' ')}`.trim(),
    // hls.js runs its transmuxer in a worker it creates from a blob: URL.
    "worker-src 'self' blob:",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every document and asset response carries, in both transports. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * Serves the built renderer (dist/renderer). Paths that do not name a file fall back to
 * index.html so `?monitor=2`-style URLs work; nothing outside the root is reachable.
 */
export class AppAssets {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(
    private readonly root: string,
    private readonly csp: string,
  ) {}

  async get(pathname: string): Promise<HttpAnswer> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return notFound();
    }
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    const isDocument = relative === '' || relative === 'index.html' || !extname(relative);
    const file = isDocument ? 'index.html' : relative;
    const absolute = join(this.root, file);
    if (!absolute.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep)) return notFound();
    const body = await this.read(absolute);
    if (!body) return notFound();
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    };
    if (isDocument) headers['content-security-policy'] = this.csp;
    return { status: 200, headers, body };
  }

  private async read(path: string): Promise<Uint8Array | undefined> {
    const cached = this.cache.get(path);
    if (cached) return cached;
    try {
      const body = new Uint8Array(await readFile(path));
      this.cache.set(path, body);
      return body;
    } catch {
      return undefined;
    }
  }
}

function notFound(): HttpAnswer {
  return textAnswer(404, 'Not found', SECURITY_HEADERS);
}
