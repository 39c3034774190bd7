import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { create } from 'zustand';
import { useMenuDismiss } from '../../ui/use-menu-dismiss';
import type { TileMenuItem } from './tile-menu-items';

interface OpenTileMenu {
  readonly index: number;
  /** Where it opens, in viewport pixels: the pointer, or the tile's corner for the keyboard. */
  readonly x: number;
  readonly y: number;
}

/** The one tile context menu open on this monitor, if any (a new one replaces it). */
export const useTileMenu = create<{ readonly open: OpenTileMenu | null }>(() => ({ open: null }));

export function openTileMenu(index: number, x: number, y: number): void {
  useTileMenu.setState({ open: { index, x, y } });
}

export function closeTileMenu(): void {
  useTileMenu.setState({ open: null });
}

/** Room kept between the menu and the window's edge. */
const EDGE_PX = 4;

/**
 * A tile's context menu, as desktop menus work: it opens at the pointer and stays inside the
 * window (moved up or left where it would not fit), takes the focus on its first item, moves
 * with the arrow keys, Home and End, runs an item on click or Enter, and closes on Escape, a press
 * outside or a resize (the wall's keys then work on the tile it was for, still selected). It is portalled to the page's body: a tile
 * clips what overflows it, and a small tile has no room for the menu.
 */
export function TileMenu({ at, label, items }: { readonly at: OpenTileMenu; readonly label: string; readonly items: readonly TileMenuItem[] }) {
  const panel = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState({ left: at.x, top: at.y, shown: false });
  const close = useCallback(() => closeTileMenu(), []);
  useMenuDismiss(true, panel, close);

  useLayoutEffect(() => {
    const box = panel.current;
    if (!box) return;
    const { width, height } = box.getBoundingClientRect();
    setPlace({
      left: Math.max(EDGE_PX, Math.min(at.x, window.innerWidth - width - EDGE_PX)),
      top: Math.max(EDGE_PX, Math.min(at.y, window.innerHeight - height - EDGE_PX)),
      shown: true,
    });
    window.addEventListener('resize', close);
    return () => window.removeEventListener('resize', close);
  }, [at, close]);

  // Focus once placed (a menu hidden while it is measured takes none), before it is painted:
  // a key pressed as soon as the menu shows is the menu's.
  useLayoutEffect(() => {
    if (place.shown) panel.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [place.shown]);

  // A tile that goes away (closed, or gone with a smaller layout) takes its menu with it.
  useEffect(
    () => () => {
      if (useTileMenu.getState().open === at) closeTileMenu();
    },
    [at],
  );

  const onKeyDown = (event: React.KeyboardEvent): void => {
    const entries = [...(panel.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const now = entries.indexOf(document.activeElement as HTMLElement);
    const next = { ArrowDown: now + 1, ArrowUp: now - 1, Home: 0, End: entries.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    entries[(next + entries.length) % entries.length]?.focus();
  };

  return createPortal(
    <div
      ref={panel}
      className="tile-menu"
      role="menu"
      aria-label={label}
      data-testid="tile-menu"
      style={{ left: place.left, top: place.top, visibility: place.shown ? 'visible' : 'hidden' }}
      onKeyDown={onKeyDown}
      // React carries a portal's events up to the tile that renders it: a press here must
      // not select, pan a zoomed picture, maximise or open the menu again.
      onPointerDown={(event) => event.stopPropagation()}
      onClick={(event) => event.stopPropagation()}
      onDoubleClick={(event) => event.stopPropagation()}
      onContextMenu={(event) => {
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          tabIndex={-1}
          className={`tile-menu__item${item.group ? ' tile-menu__item--group' : ''}`}
          data-testid={`tile-menu-${item.id}`}
          onClick={() => {
            close();
            item.run();
          }}
        >
          <span>{item.label}</span>
          {item.keys && <kbd>{item.keys}</kbd>}
        </button>
      ))}
    </div>,
    document.body,
  );
}
