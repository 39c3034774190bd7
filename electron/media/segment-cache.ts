import type { HttpResponse } from '../vms/http';

interface Entry {
  response: Promise<HttpResponse>;
  bytes: number;
  lastUsed: number;
  /** Kept until then at least: segments of the last minute, for instant replay. */
  keepUntil: number;
  /** Which content of `url` this is (the segment's program date-time), when known. */
  version: number | undefined;
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

  /**
   * The cached answer for `url`, or the result of `fetch` (shared with concurrent callers).
   * `version` tells contents of one URL apart: a VMS whose encoder restarts may name new
   * segments as it named old ones, and an entry of another version is never served.
   */
  get(url: string, keepMs: number, fetch: () => Promise<HttpResponse>, version?: number): Promise<HttpResponse> {
    const now = this.now();
    let existing = this.entries.get(url);
    if (existing && version !== undefined && existing.version !== undefined && existing.version !== version) {
      this.drop(url, existing);
      existing = undefined;
    }
    if (existing) {
      existing.lastUsed = now;
      existing.keepUntil = Math.max(existing.keepUntil, now + keepMs);
      return existing.response;
    }
    const entry: Entry = { response: fetch(), bytes: 0, lastUsed: now, keepUntil: now + keepMs, version };
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

  /** True when `url` is held (fetched or being fetched), in `version` when one is given. */
  has(url: string, version?: number): boolean {
    const entry = this.entries.get(url);
    return entry !== undefined && (version === undefined || entry.version === undefined || entry.version === version);
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
