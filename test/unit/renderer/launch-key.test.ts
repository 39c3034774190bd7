import { describe, expect, it } from 'vitest';
import { takeLaunchKey, withLaunchKey } from '../../../renderer/ipc/launch-key';

/** A page's location, history and sessionStorage, as much as takeLaunchKey uses. */
function page(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const location = { href };
  return {
    location: location as Location,
    history: { state: null, replaceState: (_state: unknown, _title: string, url: string) => (location.href = new URL(url, location.href).href) } as unknown as History,
    sessionStorage: { getItem: (name: string) => storage.get(name) ?? null, setItem: (name: string, value: string) => void storage.set(name, value) } as Storage,
    storage,
  };
}

describe('takeLaunchKey', () => {
  it('takes the key from the address into this origin\'s sessionStorage and out of the address', () => {
    const opened = page('http://127.0.0.1:4000/?monitor=1&k=abc#x');
    expect(takeLaunchKey(opened)).toBe('abc');
    expect(opened.location.href).toBe('http://127.0.0.1:4000/?monitor=1#x');
    expect([...opened.storage.values()]).toEqual(['abc']);
  });

  it('keeps working after a reload (the address has no key any more), and says when there is none', () => {
    const opened = page('http://127.0.0.1:4000/?k=abc');
    takeLaunchKey(opened);
    const reloaded = page('http://127.0.0.1:4000/', Object.fromEntries(opened.storage));
    expect(takeLaunchKey(reloaded)).toBe('abc');
    expect(takeLaunchKey(page('http://127.0.0.1:4000/?monitor=1'))).toBeUndefined();
  });

  it('puts the key into a monitor link', () => {
    expect(withLaunchKey('http://127.0.0.1:4000/?monitor=2', 'abc')).toBe('http://127.0.0.1:4000/?monitor=2&k=abc');
  });
});
