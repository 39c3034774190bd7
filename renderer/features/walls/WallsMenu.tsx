import { useCallback, useRef, useState } from 'react';
import { useClient } from '../../ipc/context';
import { MonitorCycleBadge } from './CarouselBadge';
import { CycleDialog } from './CycleDialog';
import { MonitorsDialog } from './MonitorsDialog';
import { SaveWallDialog } from './SaveWallDialog';
import { activateWall, deleteWall, setDefaultWall } from './walls-actions';
import { NO_WALLS, useWallsUi } from './walls-ui';
import { useMenuDismiss } from '../../ui/use-menu-dismiss';

type Dialog = 'save' | 'cycle' | 'monitors';

/**
 * The walls menu: switch every monitor to a saved wall, save what they show as one, pick
 * the wall shown at start, delete; cycle this monitor through walls. Next to it, the
 * monitors button (browser only: Electron opens a window per display by itself).
 */
export function WallsMenu() {
  const client = useClient();
  const walls = useWallsUi((state) => state.walls?.walls ?? NO_WALLS);
  const activeId = useWallsUi((state) => state.walls?.activeWallId ?? null);
  const defaultId = useWallsUi((state) => state.walls?.defaultWallId ?? null);
  const browser = useWallsUi((state) => state.transport === 'web');
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const menu = useRef<HTMLDivElement>(null);
  const closeMenu = useCallback(() => setOpen(false), []);
  const active = walls.find((wall) => wall.id === activeId);

  useMenuDismiss(open, menu, closeMenu);

  const run = async (action: Promise<string | undefined>, closeAfter = false): Promise<void> => {
    const failure = await action;
    setProblem(failure);
    if (!failure && closeAfter) setOpen(false);
  };
  const show = (next: Dialog): void => {
    setOpen(false);
    setDialog(next);
  };

  return (
    <>
      <div className="menu" ref={menu}>
        <button type="button" className="button walls-button" data-testid="walls-button" aria-haspopup="menu" aria-expanded={open} title="Saved walls (Ctrl+Alt+1–9)" onClick={() => setOpen((value) => !value)}>
          Walls{active ? `: ${active.name}` : ''}
        </button>
        {open && (
          <div className="menu__panel walls-menu" role="menu" aria-label="Walls" data-testid="walls-menu">
            {walls.length === 0 && <p className="editor__hint">No saved walls yet: arrange the monitors, then save them as a wall.</p>}
            <ul className="walls-menu__list">
              {walls.map((wall) => (
                <li key={wall.id} className={`walls-menu__row${wall.id === activeId ? ' walls-menu__row--active' : ''}`} data-testid="wall-row" data-wall-id={wall.id} data-default={wall.id === defaultId ? 'true' : 'false'}>
                  <button type="button" role="menuitem" className="walls-menu__name" data-testid="wall-activate" title="Show this wall on every monitor" onClick={() => void run(activateWall(client, wall.id), true)}>
                    {wall.name}
                    {wall.id === defaultId && <span className="walls-menu__tag"> · at start</span>}
                  </button>
                  {wall.hotkey !== null && <kbd>Ctrl+Alt+{wall.hotkey}</kbd>}
                  <button type="button" className="button walls-menu__small" data-testid="wall-default" onClick={() => void run(setDefaultWall(client, wall.id === defaultId ? null : wall.id))}>
                    {wall.id === defaultId ? 'Not at start' : 'At start'}
                  </button>
                  <button
                    type="button"
                    className={`button walls-menu__small${deleting === wall.id ? ' walls-menu__small--danger' : ''}`}
                    data-testid="wall-delete"
                    onClick={() => {
                      if (deleting !== wall.id) return setDeleting(wall.id);
                      setDeleting(null);
                      void run(deleteWall(client, wall.id));
                    }}
                  >
                    {deleting === wall.id ? 'Really delete' : 'Delete'}
                  </button>
                </li>
              ))}
            </ul>
            {problem && (
              <p className="walls-dialog__problem" role="alert">
                {problem}
              </p>
            )}
            <div className="walls-menu__actions">
              <button type="button" className="button" data-testid="wall-save-as" onClick={() => show('save')}>
                Save as wall…
              </button>
              <button type="button" className="button" data-testid="wall-cycle" onClick={() => show('cycle')}>
                Cycle this monitor…
              </button>
            </div>
          </div>
        )}
      </div>
      <MonitorCycleBadge />
      {browser && (
        <button type="button" className="button" data-testid="monitors-button" title="One window per screen" onClick={() => setDialog('monitors')}>
          Monitors
        </button>
      )}
      {dialog === 'save' && <SaveWallDialog onClose={() => setDialog(null)} />}
      {dialog === 'cycle' && <CycleDialog onClose={() => setDialog(null)} />}
      {dialog === 'monitors' && <MonitorsDialog onClose={() => setDialog(null)} />}
    </>
  );
}
