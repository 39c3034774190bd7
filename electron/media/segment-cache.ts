import type { HttpResponse } from '../vms/http';

interface Entry {
  response: Promise<HttpResponse>;
  bytes: number;
  lastUsed: number;
  /** Kept until then at least: segments of the last minute, for instant replay. */
  keepUntil: number;
}

/**
 * Upstream media by URL: each segment is fetched from the VMS once, however many tiles
 * or windows ask for it (concurrent requests share the fetch), and kept for a while so a
 * live tile can be rewound at once, even while the VMS is unreachable. Bounded by bytes;
 * the least recently used go first, and failed fetches are not kept.
 */
export class SegmentCache {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly now: () => number,
  ) {}

  /** The cached answer for `url`, or the result of `fetch` (shared with concurrent callers). */
  get(url: string, keepMs: number, fetch: () => Promise<HttpResponse>): Promise<HttpResponse> {
    const now = this.now();
    const existing = this.entries.get(url);
    if (existing) {
      existing.lastUsed = now;
      existing.keepUntil = Math.max(existing.keepUntil, now + keepMs);
      return existing.response;
    }
    const entry: Entry = { response: fetch(), bytes: 0, lastUsed: now, keepUntil: now + keepMs };
    this.entries.set(url, entry);
    entry.response.then(
      (response) => {
        if (this.entries.get(url) !== entry) return;
        if (response.status !== 200) {
          this.entries.delete(url);
          return;
        }
        entry.bytes = response.body.byteLength;
        this.totalBytes += entry.bytes;
        this.evict();
      },
      () => {
        if (this.entries.get(url) === entry) this.entries.delete(url);
      },
    );
    return entry.response;
  }

  /** True when `url` is held (fetched or being fetched). */
  has(url: string): boolean {
    return this.entries.has(url);
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    const now = this.now();
    for (const [url, entry] of this.entries) {
      if (entry.keepUntil < now && entry.bytes > 0) this.drop(url, entry);
    }
    if (this.totalBytes <= this.maxBytes) return;
    const byAge = [...this.entries].filter(([, entry]) => entry.bytes > 0).sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    for (const [url, entry] of byAge) {
      if (this.totalBytes <= this.maxBytes) break;
      this.drop(url, entry);
    }
  }

  private drop(url: string, entry: Entry): void {
    this.entries.delete(url);
    this.totalBytes -= entry.bytes;
  }
}
