import { useState } from 'react';
import { useWall } from '../../stores/wall';
import { dwellProblem, MAX_DWELL_S } from './dwell';
import { startMonitorCycle } from './use-carousels';
import { NO_WALLS, useWallsUi } from './walls-ui';
import { Modal } from '../../ui/Modal';

const MIN_DWELL_S = 5;

/** Makes this monitor cycle through saved walls (each wall's view of this monitor), or stops it. */
export function CycleDialog({ onClose }: { readonly onClose: () => void }) {
  const monitor = useWallsUi((state) => state.monitor);
  const walls = useWallsUi((state) => state.walls?.walls ?? NO_WALLS);
  const current = useWall((state) => state.cycle);
  const usable = walls.filter((wall) => wall.monitors[monitor] !== undefined);
  const [chosen, setChosen] = useState<readonly string[]>(current?.wallIds ?? []);
  const [seconds, setSeconds] = useState(String(current ? current.dwellMs / 1000 : 30));
  const dwell = Number(seconds);
  const wallIds = usable.map((wall) => wall.id).filter((id) => chosen.includes(id));
  const problem = wallIds.length < 2 ? 'Choose at least two walls' : dwellProblem(dwell, MIN_DWELL_S);

  const start = (): void => {
    const first = usable.find((wall) => wall.id === wallIds[0])?.monitors[monitor];
    if (problem || !first) return;
    startMonitorCycle(first, { wallIds, dwellMs: Math.round(dwell * 1000) });
    onClose();
  };

  return (
    <Modal label="Cycle this monitor" testId="cycle-dialog" className="walls-dialog" onClose={onClose}>
      <header className="dialog__head">Cycle monitor {monitor + 1} through walls</header>
      <p className="editor__hint">This monitor shows each wall’s view of it in turn, holding still while you work and going on by itself.</p>
      {usable.length < 2 && <p className="editor__hint">Save at least two walls first.</p>}
      {usable.map((wall) => (
        <label key={wall.id} className="settings__check">
          <input type="checkbox" data-testid="cycle-wall" data-wall-id={wall.id} checked={chosen.includes(wall.id)} onChange={() => setChosen((list) => (list.includes(wall.id) ? list.filter((id) => id !== wall.id) : [...list, wall.id]))} />
          {wall.name}
        </label>
      ))}
      <label className="picker__label">
        Seconds per wall
        <input className="picker__input" data-testid="cycle-dwell" type="number" min={MIN_DWELL_S} max={MAX_DWELL_S} value={seconds} onChange={(event) => setSeconds(event.target.value)} />
      </label>
      {problem && <p className="editor__hint">{problem}</p>}
      <footer className="dialog__foot">
        <button type="button" className="button button--primary" data-testid="cycle-start" disabled={problem !== undefined} onClick={start}>
          Start cycling
        </button>
        {current && (
          <button
            type="button"
            className="button"
            data-testid="cycle-stop"
            onClick={() => {
              useWall.getState().setCycle(null);
              onClose();
            }}
          >
            Stop cycling
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </footer>
    </Modal>
  );
}
