import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { type HttpAnswer, type RouteHandler, textAnswer } from '../../common/http-answer';

export const DOWNLOAD_ROUTE = '/downloads/';

export type DownloadBody = { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'file'; readonly path: string };

export interface Download {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: DownloadBody;
}

const ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Files the core hands to the renderer by URL on the app's own origin: finished exports
 * (on disk) and snapshots the browser host keeps for download (in memory). Ids are
 * random, so a URL cannot be guessed; whoever adds a download removes it.
 */
export class Downloads {
  private readonly entries = new Map<string, Download>();

  add(download: Download): string {
    const id = randomBytes(16).toString('base64url');
    this.entries.set(id, download);
    return id;
  }

  remove(id: string): void {
    this.entries.delete(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Where the renderer downloads it: saved under its name (`?download=1`). Without the query it is served inline. */
  url(id: string): string {
    return `${DOWNLOAD_ROUTE}${id}?download=1`;
  }

  /** `/downloads/<id>`: the bytes or the file, with `?download=1` as an attachment under its name. */
  route(): RouteHandler {
    return async (path, url) => {
      const download = ID.test(path) ? this.entries.get(path) : undefined;
      if (!download) return textAnswer(404, 'No such download (it may have expired)');
      const headers: Record<string, string> = { 'content-type': download.contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
      if (url.searchParams.get('download') === '1') headers['content-disposition'] = attachment(download.fileName);
      if (download.body.kind === 'bytes') return { status: 200, headers, body: download.body.bytes } satisfies HttpAnswer;
      let size: number;
      try {
        size = (await stat(download.body.path)).size;
      } catch {
        return textAnswer(404, 'The file is no longer there');
      }
      return { status: 200, headers, body: new Uint8Array(), file: { path: download.body.path, size } };
    };
  }
}

/**
 * Content-Disposition for any name: an ASCII fallback for old clients, and the name
 * itself in RFC 5987 form (camera names are often not ASCII).
 */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
