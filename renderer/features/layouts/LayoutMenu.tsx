import { useCallback, useRef, useState } from 'react';
import { type Layout, PRESET_LAYOUTS } from '../../../shared/model/layout';
import { useWall } from '../../stores/wall';
import { LayoutIcon } from '../wall/LayoutIcon';
import { useMenuDismiss } from '../../ui/use-menu-dismiss';

/** The layout chooser: every preset with its key (1–9), then the operator's own layouts. */
export function LayoutMenu({ onEdit }: { readonly onEdit: () => void }) {
  const { layout, customLayouts, setLayout } = useWall();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const closeMenu = useCallback(() => setOpen(false), []);

  useMenuDismiss(open, menu, closeMenu);

  const pick = (chosen: Layout): void => {
    setLayout(chosen);
    setOpen(false);
  };

  return (
    <div className="menu" ref={menu}>
      <button type="button" className="button" data-testid="layout-button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        <LayoutIcon layout={layout} size={18} />
        <span>{layout.name}</span>
      </button>
      {open && (
        <div className="menu__panel" role="menu" aria-label="Layouts">
          <div className="menu__grid">
            {[...PRESET_LAYOUTS, ...customLayouts].map((candidate, at) => (
              <button
                key={candidate.id}
                type="button"
                role="menuitemradio"
                aria-checked={candidate.id === layout.id}
                className={`menu__item${candidate.id === layout.id ? ' menu__item--current' : ''}`}
                data-testid="layout-option"
                data-layout-id={candidate.id}
                onClick={() => pick(candidate)}
              >
                <LayoutIcon layout={candidate} size={36} />
                <span>{candidate.name}</span>
                {at < 9 && <kbd>{at + 1}</kbd>}
              </button>
            ))}
          </div>
          <button
            type="button"
            className="button menu__edit"
            data-testid="layout-edit"
            onClick={() => {
              setOpen(false);
              onEdit();
            }}
          >
            Edit layout…
          </button>
        </div>
      )}
    </div>
  );
}
