/**
 * A view's identity as text, the same for equal content whatever the key order (a view
 * built here and one parsed from the core list their keys differently).
 */
export function viewKey(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );
}
