import { type RefObject, useEffect } from 'react';

/**
 * An open drop-down menu closes as desktop menus do: on a press outside it, and on Escape
 * wherever the focus is. Focus stays on the menu's button after the click that opened it,
 * outside the panel, so a key handler on the panel alone never heard that Escape. The
 * Escape is the menu's: it is taken before the wall's keys see it (a maximised tile stays
 * maximised), and focus goes back to the menu's button.
 */
export function useMenuDismiss(open: boolean, menu: RefObject<HTMLElement | null>, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onPress = (event: MouseEvent): void => {
      if (!menu.current?.contains(event.target as Node)) close();
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      event.preventDefault();
      close();
      menu.current?.querySelector<HTMLElement>('[aria-haspopup="menu"]')?.focus();
    };
    window.addEventListener('mousedown', onPress);
    // Capture on the window: before any other key listener of the page.
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('mousedown', onPress);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open, menu, close]);
}
