import { useState } from 'react';
import { gridLayout, type Layout, mergeCells, splitCell } from '../../../shared/model/layout';
import { useWall } from '../../stores/wall';
import { Modal } from '../../ui/Modal';

/**
 * Makes a layout from a grid: choose cells and merge them into one (they must form a
 * rectangle), or split a merged cell back. Saved layouts join the layout menu.
 */
export function LayoutEditor({ onClose }: { readonly onClose: () => void }) {
  const wall = useWall();
  const [draft, setDraft] = useState<Layout>(wall.layout);
  const [chosen, setChosen] = useState<readonly number[]>([]);
  const [name, setName] = useState(wall.layout.name.replace(/ \(edited\)$/, ''));
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const resize = (columns: number, rows: number): void => {
    if (columns < 1 || rows < 1 || columns > 12 || rows > 12) return;
    setDraft({ ...gridLayout(columns, rows), id: draft.id, name: draft.name });
    setChosen([]);
  };
  const toggle = (index: number): void => setChosen((current) => (current.includes(index) ? current.filter((at) => at !== index) : [...current, index]));
  const merge = (): void => {
    const result = mergeCells(draft, chosen);
    setProblem(result.problem);
    if (!result.problem) {
      setDraft(result.layout);
      setChosen([]);
    }
  };
  const split = (): void => {
    const [only] = chosen;
    if (only === undefined) return;
    setDraft(splitCell(draft, only));
    setChosen([]);
    setProblem(undefined);
  };
  const save = (): void => {
    const layout = { ...draft, id: draft.id.startsWith('custom-') ? draft.id : `custom-${Date.now().toString(36)}`, name: name.trim() || 'My layout' };
    wall.saveLayout(layout);
    wall.setLayout(layout);
    onClose();
  };
  const single = chosen.length === 1 ? draft.cells[chosen[0] ?? -1] : undefined;

  return (
    <Modal label="Edit layout" testId="layout-editor" onClose={onClose}>
      <header className="dialog__head">Edit layout</header>
      <div className="editor__controls">
        <label>
          Columns
          <input type="number" min={1} max={12} value={draft.columns} onChange={(event) => resize(Number(event.target.value), draft.rows)} data-testid="editor-columns" />
        </label>
        <label>
          Rows
          <input type="number" min={1} max={12} value={draft.rows} onChange={(event) => resize(draft.columns, Number(event.target.value))} data-testid="editor-rows" />
        </label>
        <label className="editor__name">
          Name
          <input value={name} maxLength={64} onChange={(event) => setName(event.target.value)} data-testid="editor-name" />
        </label>
      </div>
      <div className="editor__grid" style={{ gridTemplateColumns: `repeat(${draft.columns}, 1fr)`, gridTemplateRows: `repeat(${draft.rows}, 1fr)` }}>
        {draft.cells.map((cell, index) => (
          <button
            key={`${cell.x}.${cell.y}.${cell.w}.${cell.h}`}
            type="button"
            className={`editor__cell${chosen.includes(index) ? ' editor__cell--chosen' : ''}`}
            style={{ gridColumn: `${cell.x + 1} / span ${cell.w}`, gridRow: `${cell.y + 1} / span ${cell.h}` }}
            data-testid="editor-cell"
            aria-pressed={chosen.includes(index)}
            onClick={() => toggle(index)}
          >
            {index + 1}
          </button>
        ))}
      </div>
      <p className="editor__hint">{problem ?? 'Choose cells, then merge them; choose a merged cell to split it.'}</p>
      <footer className="dialog__foot">
        <button type="button" className="button" onClick={merge} disabled={chosen.length < 2} data-testid="editor-merge">
          Merge
        </button>
        <button type="button" className="button" onClick={split} disabled={!single || (single.w === 1 && single.h === 1)} data-testid="editor-split">
          Split
        </button>
        <span className="picker__spacer" />
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--primary" onClick={save} data-testid="editor-save">
          Save and use
        </button>
      </footer>
    </Modal>
  );
}
