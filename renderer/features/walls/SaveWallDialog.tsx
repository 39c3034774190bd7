import { useState } from 'react';
import { useClient } from '../../ipc/context';
import { saveWallAs } from './walls-actions';
import { NO_WALLS, useWallsUi } from './walls-ui';

const DIGITS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** Names what every monitor shows now as a wall, with an optional Ctrl+Alt+<digit> hotkey. */
export function SaveWallDialog({ onClose }: { readonly onClose: () => void }) {
  const client = useClient();
  const walls = useWallsUi((state) => state.walls?.walls ?? NO_WALLS);
  const active = useWallsUi((state) => state.walls?.walls.find((wall) => wall.id === state.walls?.activeWallId));
  const [name, setName] = useState(active?.name ?? '');
  const [hotkey, setHotkey] = useState<number | null>(active?.hotkey ?? null);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const replaces = walls.find((wall) => wall.name.toLocaleLowerCase() === name.trim().toLocaleLowerCase());
  const taken = walls.find((wall) => wall.hotkey !== null && wall.hotkey === hotkey && wall.id !== replaces?.id);

  const save = async (): Promise<void> => {
    if (!name.trim() || saving) return;
    setSaving(true);
    const failure = await saveWallAs(client, name, hotkey);
    setSaving(false);
    if (failure) setProblem(failure);
    else onClose();
  };

  return (
    <div className="dialog__backdrop" onMouseDown={onClose}>
      <form
        className="dialog walls-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Save as wall"
        data-testid="wall-save-dialog"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === 'Escape' && onClose()}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <header className="dialog__head">Save as wall</header>
        <p className="editor__hint">A wall keeps what every monitor shows now: layouts, cameras, the maximised tile, recordings and carousels.</p>
        <label className="picker__label">
          Name
          <input className="picker__input" data-testid="wall-name" maxLength={80} autoFocus value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="picker__label">
          Hotkey
          <select className="picker__input" data-testid="wall-hotkey" value={hotkey ?? ''} onChange={(event) => setHotkey(event.target.value === '' ? null : Number(event.target.value))}>
            <option value="">none</option>
            {DIGITS.map((digit) => (
              <option key={digit} value={digit}>
                Ctrl+Alt+{digit}
              </option>
            ))}
          </select>
        </label>
        {replaces && <p className="editor__hint">Replaces the wall “{replaces.name}”.</p>}
        {taken && <p className="editor__hint">Ctrl+Alt+{hotkey} moves here from “{taken.name}”.</p>}
        {problem && (
          <p className="walls-dialog__problem" role="alert">
            {problem}
          </p>
        )}
        <footer className="dialog__foot">
          <button type="submit" className="button button--primary" data-testid="wall-save-confirm" disabled={!name.trim() || saving}>
            Save
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </footer>
      </form>
    </div>
  );
}
