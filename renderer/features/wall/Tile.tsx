import { useEffect, useRef, useState } from 'react';
import type { Camera } from '../../../shared/model/camera';
import type { ServerInfo } from '../../../shared/model/server';
import { formatTime } from '../../format';
import type { TileSource } from '../../stores/wall';
import { ClockIcon, CloseIcon } from '../../ui/icons';
import { ArchivePicker } from './ArchivePicker';
import { TILE_STATE_LABEL } from './tile-state';
import { useTileStream } from './use-tile-stream';

export interface TileProps {
  readonly index: number;
  readonly camera: Camera | undefined;
  readonly source: TileSource;
  readonly server: ServerInfo | undefined;
  readonly selected: boolean;
  readonly onSelect: (index: number) => void;
  readonly onClose: (index: number) => void;
  readonly onArchive: (index: number, from: number) => void;
  readonly onLive: (index: number) => void;
}

const LIVE: TileSource = { mode: 'live' };

/** One cell of the wall: a camera, live or recorded, with its overlay; or an empty slot. */
export function Tile({ index, camera, source, server, selected, onSelect, onClose, onArchive, onLive }: TileProps) {
  const video = useRef<HTMLVideoElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const stream = useTileStream(camera, camera ? source : LIVE, video, box);
  const [picking, setPicking] = useState(false);
  const archive = source.mode === 'archive';
  const position = usePosition(stream.position, archive && stream.state === 'playing');
  const { state, reason } = stream;

  return (
    <div
      ref={box}
      className={`tile tile--${state}${selected ? ' tile--selected' : ''}${archive ? ' tile--archive' : ''}`}
      data-testid="tile"
      data-index={index}
      data-camera-id={camera?.cameraId ?? ''}
      data-server-id={camera?.serverId ?? ''}
      data-state={state}
      data-mode={source.mode}
      aria-selected={selected}
      role="gridcell"
      onClick={() => onSelect(index)}
    >
      <video ref={video} className="tile__video" muted playsInline disablePictureInPicture />
      {camera ? (
        <>
          <div className="tile__bar">
            <span className={`tile__dot tile__dot--${state}`} aria-hidden="true" />
            <span className="tile__name" title={camera.name}>
              {camera.name}
            </span>
            <span className="tile__server">{server?.name ?? camera.serverId}</span>
            {archive ? (
              <>
                <span className="tile__badge tile__badge--archive">ARCHIVE</span>
                <span className="tile__time" data-testid="tile-time">
                  {formatTime(position ?? source.from)}
                </span>
                <button type="button" className="tile__action" data-testid="tile-live" title="Back to live" onClick={(event) => (event.stopPropagation(), onLive(index))}>
                  Live
                </button>
              </>
            ) : (
              <span className="tile__badge tile__badge--live">LIVE</span>
            )}
            <button type="button" className="tile__action tile__icon" data-testid="tile-archive" title="Play recording from a time" aria-label={`Play a recording of ${camera.name}`} onClick={(event) => (event.stopPropagation(), setPicking((open) => !open))}>
              <ClockIcon />
            </button>
            <button type="button" className="tile__action tile__icon tile__close" aria-label={`Close ${camera.name}`} title="Close tile" onClick={(event) => (event.stopPropagation(), onClose(index))}>
              <CloseIcon />
            </button>
          </div>
          {picking && (
            <ArchivePicker
              initial={archive ? (position ?? source.from) : undefined}
              onPick={(time) => {
                setPicking(false);
                onArchive(index, time);
              }}
              onCancel={() => setPicking(false)}
            />
          )}
          {state !== 'playing' && (
            <div className="tile__status" role="status">
              <span className="tile__state">{TILE_STATE_LABEL[state]}</span>
              {reason && <span className="tile__reason">{reason}</span>}
            </div>
          )}
        </>
      ) : (
        <div className="tile__empty">Pick a camera from the list to show it here</div>
      )}
    </div>
  );
}

/** The playback position, read twice a second while it matters. */
function usePosition(read: () => number | undefined, active: boolean): number | undefined {
  const [position, setPosition] = useState<number | undefined>(undefined);
  const reader = useRef(read);
  useEffect(() => {
    reader.current = read;
  });
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setPosition(reader.current()), 500);
    return () => window.clearInterval(timer);
  }, [active]);
  return active ? position : undefined;
}
