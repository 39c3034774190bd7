import { useState } from 'react';
import { cameraKey, type CameraRef } from '../../../shared/model/camera';
import { MAX_EXPORT_SPAN_MS } from '../../../shared/model/export';
import { formatDateTime, formatMegabytes, fromLocalInput, toLocalInput } from '../../format';
import { useClient } from '../../ipc/context';
import { resourceLink } from '../../ipc/resources';
import { addJobs, useExports } from '../../stores/exports';
import { useServers } from '../../stores/servers';
import { useWall } from '../../stores/wall';
import { playbackTargets } from './targets';
import { Modal } from '../../ui/Modal';

export interface ExportDialogProps {
  /** The moment the export is centred on by default (the playback clock, or now). */
  readonly around: number;
  readonly onClose: () => void;
}

/**
 * Export recorded video as MP4: cameras of the wall (those playing back, or selected,
 * ticked by default), a time range to the second, then one job per camera with its
 * progress, its download, or why the VMS could not give it.
 */
export function ExportDialog({ around, onClose }: ExportDialogProps) {
  const client = useClient();
  const wall = useWall();
  const cameras = useServers((state) => state.cameras);
  const jobs = useExports((state) => state.jobs);
  const onWall = wall.tiles.flatMap((tile) => (tile ? [{ serverId: tile.serverId, cameraId: tile.cameraId }] : [])).filter((ref, index, all) => all.findIndex((other) => cameraKey(other) === cameraKey(ref)) === index);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(playbackTargets(wall).flatMap((index) => (wall.tiles[index] ? [cameraKey(wall.tiles[index])] : []))));
  // "Now" as of opening the dialog: a render must not read the clock.
  const [openedAt] = useState(() => Date.now());
  const [from, setFrom] = useState(() => toLocalInput(Math.min(around, openedAt - 60_000) - 30_000));
  const [to, setTo] = useState(() => toLocalInput(Math.min(around + 30_000, openedAt - 5000)));
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const start = fromLocalInput(from);
  const end = fromLocalInput(to);
  const nameOf = (ref: CameraRef): string => cameras[ref.serverId]?.find((camera) => camera.cameraId === ref.cameraId)?.name ?? ref.cameraId;
  const rangeProblem = start === undefined || end === undefined ? 'Enter a start and an end' : end <= start ? 'The end must be after the start' : end - start > MAX_EXPORT_SPAN_MS ? 'At most 2 hours per export' : end > openedAt ? 'The end has not been recorded yet' : undefined;

  const submit = async (): Promise<void> => {
    if (start === undefined || end === undefined) return;
    const selected = onWall.filter((ref) => chosen.has(cameraKey(ref)));
    const result = await client.invoke('export.start', { cameras: selected, from: start, to: end });
    if (!result.ok) setProblem(result.error.message);
    else {
      setProblem(undefined);
      addJobs(result.value);
    }
  };

  return (
    <Modal label="Export video" testId="export-dialog" className="export" onClose={onClose}>
      <header className="dialog__head">Export video (MP4)</header>
      <fieldset className="export__cameras">
        <legend>Cameras on the wall</legend>
        {onWall.length === 0 && <p className="sidebar__note">No camera on the wall.</p>}
        {onWall.map((ref) => (
          <label key={cameraKey(ref)} className="export__camera">
            <input
              type="checkbox"
              data-testid="export-camera"
              checked={chosen.has(cameraKey(ref))}
              onChange={() =>
                setChosen((current) => {
                  const next = new Set(current);
                  if (!next.delete(cameraKey(ref))) next.add(cameraKey(ref));
                  return next;
                })
              }
            />
            {nameOf(ref)}
          </label>
        ))}
      </fieldset>
      <div className="export__range">
        <label>
          From
          <input className="picker__input" type="datetime-local" step="1" data-testid="export-from" value={from} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          To
          <input className="picker__input" type="datetime-local" step="1" data-testid="export-to" value={to} onChange={(event) => setTo(event.target.value)} />
        </label>
      </div>
      {(rangeProblem ?? problem) && <p className="picker__problem">{rangeProblem ?? problem}</p>}
      <div className="dialog__foot">
        <span className="picker__spacer" />
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        <button type="button" className="button button--primary" data-testid="export-start" disabled={rangeProblem !== undefined || chosen.size === 0} onClick={() => void submit()}>
          Export {chosen.size > 1 ? `${chosen.size} cameras` : ''}
        </button>
      </div>
      {jobs.length > 0 && (
        <ul className="export__jobs" data-testid="export-jobs">
          {jobs.map((job) => (
            <li key={job.id} className={`export__job export__job--${job.state}`} data-testid="export-job" data-state={job.state}>
              <span className="export__name">
                {job.cameraName} · {formatDateTime(job.from)} – {formatDateTime(job.to).slice(11)}
              </span>
              {job.state === 'running' || job.state === 'queued' ? (
                <>
                  <progress max={1} value={job.progress} aria-label={`Export of ${job.cameraName}`} />
                  <button type="button" className="button" data-testid="export-cancel" onClick={() => void client.invoke('export.cancel', { id: job.id })}>
                    Cancel
                  </button>
                </>
              ) : job.state === 'done' && job.download ? (
                <a className="button" data-testid="export-download" {...resourceLink(job.download)} download={job.fileName}>
                  Download {job.bytes !== undefined ? `(${formatMegabytes(job.bytes)})` : ''}
                </a>
              ) : (
                <span className="export__message" data-testid="export-message">
                  {job.state === 'cancelled' ? 'Cancelled' : (job.message ?? 'Failed')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
