import { useState } from 'react';
import { useWall } from '../../stores/wall';
import { dwellProblem } from './dwell';
import { DwellControls } from './DwellControls';
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
      <DwellControls
        fieldLabel="Seconds per wall"
        minSeconds={MIN_DWELL_S}
        seconds={seconds}
        onSeconds={setSeconds}
        problem={problem}
        startLabel="Start cycling"
        onStart={start}
        stopLabel="Stop cycling"
        onStop={current ? () => useWall.getState().setCycle(null) : undefined}
        onClose={onClose}
        testIds={{ dwell: 'cycle-dwell', start: 'cycle-start', stop: 'cycle-stop' }}
      />
    </Modal>
  );
}
