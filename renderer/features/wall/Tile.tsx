import { useRef } from 'react';
import type { Camera } from '../../../shared/model/camera';
import type { ServerInfo } from '../../../shared/model/server';
import { TILE_STATE_LABEL } from './tile-state';
import { useLiveStream } from './use-live-stream';

export interface TileProps {
  readonly index: number;
  readonly camera: Camera | undefined;
  readonly server: ServerInfo | undefined;
  readonly selected: boolean;
  readonly onSelect: (index: number) => void;
  readonly onClose: (index: number) => void;
}

/** One cell of the wall: a live camera with its overlay, or an empty slot. */
export function Tile({ index, camera, server, selected, onSelect, onClose }: TileProps) {
  const video = useRef<HTMLVideoElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const { state, reason } = useLiveStream(camera, video, box);

  return (
    <div
      ref={box}
      className={`tile tile--${state}${selected ? ' tile--selected' : ''}`}
      data-testid="tile"
      data-index={index}
      data-camera-id={camera?.cameraId ?? ''}
      data-server-id={camera?.serverId ?? ''}
      data-state={state}
      data-mode="live"
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
            <span className="tile__badge tile__badge--live">LIVE</span>
            <button
              type="button"
              className="tile__close"
              aria-label={`Close ${camera.name}`}
              title="Close tile"
              onClick={(event) => {
                event.stopPropagation();
                onClose(index);
              }}
            >
              ×
            </button>
          </div>
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
