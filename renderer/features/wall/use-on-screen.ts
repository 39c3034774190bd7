import { type RefObject, useEffect, useState } from 'react';

/**
 * Whether a tile can be seen: in view (not scrolled away), its window not hidden or
 * minimised, and not behind a maximised tile (`covered`).
 */
export function useOnScreen(element: RefObject<HTMLElement | null>, covered: boolean): boolean {
  const [inView, setInView] = useState(true);
  const [pageVisible, setPageVisible] = useState(() => document.visibilityState !== 'hidden');

  useEffect(() => {
    const target = element.current;
    if (!target) return;
    const observer = new IntersectionObserver((entries) => {
      const entry = entries.at(-1);
      if (entry) setInView(entry.isIntersecting);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);

  useEffect(() => {
    const onChange = (): void => setPageVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);

  return !covered && inView && pageVisible;
}
