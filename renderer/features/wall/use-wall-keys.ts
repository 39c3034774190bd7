import { useEffect } from 'react';
import { useClient } from '../../ipc/context';
import { type Direction, PRESET_LAYOUTS } from '../../../shared/model/layout';
import { allCameras, useServers } from '../../stores/servers';
import { usePanels } from '../../stores/panels';
import { useWall } from '../../stores/wall';
import { activateHotkey } from '../walls/walls-actions';
import { openTileMenu } from './TileMenu';

const ARROWS: Readonly<Record<string, Direction>> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/** True when a key belongs to something else: a text field, a dialog, a menu. */
function elsewhere(target: EventTarget | null): boolean {
  // An open dialog owns the keyboard, wherever focus fell (a confirmation that closed leaves it on the page).
  if (document.querySelector('[role="dialog"][aria-modal="true"]')) return true;
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('[role="dialog"], [role="menu"], [role="slider"]') !== null;
}

function openMenuOfTile(index: number): void {
  const box = document.querySelector(`[role="grid"] [role="gridcell"][data-index="${index}"]`)?.getBoundingClientRect();
  if (box) openTileMenu(index, box.left + 8, box.top + 8);
}

/**
 * The wall's keyboard: arrows move the selection, Enter maximises and restores, Escape
 * restores, Delete clears the selected tile, the menu key (or Shift+F10) opens its context
 * menu, F fills empty tiles, 1–9 pick layouts;
 * Ctrl+Alt+1–9 switch every monitor to the wall with that hotkey.
 */
export function useWallKeys(): void {
  const client = useClient();
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      // By the key's place (`code`), not its character: Ctrl+Alt is AltGr on many layouts.
      const wallDigit = event.ctrlKey && event.altKey && !event.metaKey && !elsewhere(event.target) ? /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1] : undefined;
      if (wallDigit) {
        event.preventDefault();
        void activateHotkey(client, Number(wallDigit));
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey || elsewhere(event.target)) return;
      // F11: the wall has the screen (only the tiles and an alert ticker), or gives it back.
      if (event.key === 'F11') {
        event.preventDefault();
        usePanels.getState().toggle('wallOnly');
        return;
      }
      const wall = useWall.getState();
      const direction = ARROWS[event.key];
      if (direction) wall.moveSelection(direction);
      else if (event.key === 'Enter') wall.toggleMaximize();
      else if (event.key === 'Escape' && wall.maximized !== null) wall.toggleMaximize();
      // The menu key or Shift+F10: the selected tile's context menu, at its top left corner.
      else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) openMenuOfTile(wall.selected);
      else if (event.key === 'Delete' || event.key === 'Backspace') wall.clear(wall.selected);
      else if (event.key === 'f' || event.key === 'F') wall.fill(allCameras(useServers.getState()));
      else if (/^[1-9]$/.test(event.key)) {
        const layout = PRESET_LAYOUTS[Number(event.key) - 1];
        if (layout) wall.setLayout(layout);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);
}
