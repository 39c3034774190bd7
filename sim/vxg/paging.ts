export interface PageMeta {
  readonly limit: number;
  readonly offset: number;
  readonly total_count: number;
  /** Path and query of the next page (the client prepends the host), or null on the last. */
  readonly next: string | null;
  readonly previous: string | null;
}

export interface PagingLimits {
  /** Page size when the request names none. */
  readonly defaultLimit: number;
  /** Largest page served, whatever the request asks (VXG serves up to 1000). */
  readonly maxLimit: number;
}

/**
 * One page of a list, with VXG's paging meta (VXG-PY admin_api_get_channels_on_server.py,
 * VXG.Web.Client api/streamland_api.php): `limit`/`offset` in, `next`/`previous` as paths
 * with the same query, so a client follows `meta.next` until it is null.
 */
export function page<T>(items: readonly T[], url: URL, limits: PagingLimits): { meta: PageMeta; objects: T[] } {
  const asked = Number(url.searchParams.get('limit'));
  const limit = Math.min(limits.maxLimit, Number.isSafeInteger(asked) && asked > 0 ? asked : limits.defaultLimit);
  const from = Number(url.searchParams.get('offset'));
  const offset = Number.isSafeInteger(from) && from > 0 ? from : 0;
  const at = (start: number): string => {
    const query = new URLSearchParams(url.searchParams);
    query.set('limit', String(limit));
    query.set('offset', String(start));
    return `${url.pathname}?${query.toString()}`;
  };
  return {
    meta: {
      limit,
      offset,
      total_count: items.length,
      next: offset + limit < items.length ? at(offset + limit) : null,
      previous: offset > 0 ? at(Math.max(0, offset - limit)) : null,
    },
    objects: items.slice(offset, offset + limit),
  };
}
