import { useState } from 'react';
import { windowUrl } from '../../ipc/resources';
import { monitorUrl } from './monitor';
import { openMonitorWindows } from './monitor-windows';
import { useWallsUi } from './walls-ui';
import { Modal } from '../../ui/Modal';

/**
 * One window per screen: placed by the browser's Window Management API where it can,
 * otherwise opened by hand from the `?monitor=N` links (each keeps its own view).
 */
export function MonitorsDialog({ onClose }: { readonly onClose: () => void }) {
  const monitor = useWallsUi((state) => state.monitor);
  const saved = useWallsUi((state) => Object.keys(state.walls?.current ?? {}).length);
  const [outcome, setOutcome] = useState<string | undefined>(undefined);
  const [screens, setScreens] = useState(0);
  const [copied, setCopied] = useState<number | undefined>(undefined);
  const count = Math.max(2, screens, saved, monitor + 1);
  // Each link carries the wall's key, so it opens in any window (or browser) it is pasted into.
  const links = Array.from({ length: count }, (_, number) => ({ number, url: monitorUrl(windowUrl(location.href), number) }));

  const place = async (): Promise<void> => {
    const placement = await openMonitorWindows(monitor, windowUrl(location.href));
    if (placement.placed) {
      setScreens(placement.screens);
      setOutcome(placement.screens < 2 ? 'Only one screen is connected.' : `Opened ${placement.opened} of ${placement.screens - 1} windows. A blocked pop-up can be opened from its link below.`);
    } else setOutcome(`${placement.reason} Open the links below by hand, one per screen.`);
  };
  const copy = async (number: number, url: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(number);
    } catch {
      setOutcome('Copying was not allowed: select the link and copy it.');
    }
  };

  return (
    <Modal label="Monitors" testId="monitors-dialog" className="walls-dialog" onClose={onClose}>
      <header className="dialog__head">Monitors</header>
      <p className="editor__hint">Each monitor has its own view of the wall. This window is monitor {monitor + 1}.</p>
      <button type="button" className="button button--primary" data-testid="monitors-place" onClick={() => void place()}>
        Open a window on every screen
      </button>
      {outcome && (
        <p className="editor__hint" role="status" data-testid="monitors-outcome">
          {outcome}
        </p>
      )}
      <ul className="monitor-links">
        {links.map(({ number, url }) => (
          <li key={number} className="monitor-links__row">
            <span className="monitor-links__number">Monitor {number + 1}</span>
            <input className="picker__input monitor-links__url" data-testid="monitor-link" readOnly value={url} onFocus={(event) => event.target.select()} />
            <button type="button" className="button" onClick={() => void copy(number, url)}>
              {copied === number ? 'Copied' : 'Copy'}
            </button>
            {number !== monitor && (
              <a className="button" href={url} target={`tessera-monitor-${number}`} rel="opener">
                Open
              </a>
            )}
          </li>
        ))}
      </ul>
      <footer className="dialog__foot">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </footer>
    </Modal>
  );
}
