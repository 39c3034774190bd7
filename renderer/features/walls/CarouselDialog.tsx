import { useState } from 'react';
import { cameraKey } from '../../../shared/model/camera';
import { allCameras, useServers } from '../../stores/servers';
import { useWall } from '../../stores/wall';
import { dwellProblem } from './dwell';
import { DwellControls } from './DwellControls';
import { Modal } from '../../ui/Modal';

const DEFAULT_DWELL_S = 10;
const MIN_DWELL_S = 2;

/** Makes a tile cycle through cameras from the tree, each shown for a dwell time; or stops it. */
export function CarouselDialog({ index, onClose }: { readonly index: number; readonly onClose: () => void }) {
  const servers = useServers();
  const cameras = allCameras(servers);
  const existing = useWall((state) => state.carousels[index]);
  const shown = useWall((state) => state.tiles[index] ?? null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(existing ? existing.cameras.map(cameraKey) : shown ? [cameraKey(shown)] : []));
  const [seconds, setSeconds] = useState(String(existing ? existing.dwellMs / 1000 : DEFAULT_DWELL_S));
  const dwell = Number(seconds);
  const picked = cameras.filter((camera) => chosen.has(cameraKey(camera)));
  const problem = picked.length < 2 ? 'Choose at least two cameras' : dwellProblem(dwell, MIN_DWELL_S);

  const toggle = (key: string): void =>
    setChosen((set) => {
      const next = new Set(set);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const save = (): void => {
    if (problem) return;
    useWall.getState().setCarousel(index, { cameras: picked.map(({ serverId, cameraId }) => ({ serverId, cameraId })), dwellMs: Math.round(dwell * 1000) });
    onClose();
  };

  return (
    <Modal label={`Carousel of tile ${index + 1}`} testId="carousel-dialog" className="carousel-dialog" onClose={onClose}>
      <header className="dialog__head">Carousel of tile {index + 1}</header>
      <p className="editor__hint">The tile shows these cameras in turn. It holds still while you work on it and goes on by itself.</p>
      <div className="carousel-dialog__cameras">
        {cameras.length === 0 && <p className="editor__hint">No cameras yet.</p>}
        {cameras.map((camera) => (
          <label key={cameraKey(camera)} className="settings__check">
            <input type="checkbox" data-testid="carousel-camera" data-camera-id={camera.cameraId} data-server-id={camera.serverId} checked={chosen.has(cameraKey(camera))} onChange={() => toggle(cameraKey(camera))} />
            {camera.name}
          </label>
        ))}
      </div>
      <DwellControls
        fieldLabel="Seconds per camera"
        minSeconds={MIN_DWELL_S}
        seconds={seconds}
        onSeconds={setSeconds}
        problem={problem}
        startLabel="Start carousel"
        onStart={save}
        stopLabel="Stop carousel"
        onStop={existing ? () => useWall.getState().setCarousel(index, null) : undefined}
        onClose={onClose}
        testIds={{ dwell: 'carousel-dwell', start: 'carousel-save', stop: 'carousel-stop' }}
      />
    </Modal>
  );
}
