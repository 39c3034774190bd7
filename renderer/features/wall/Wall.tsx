import { cameraKey, type CameraRef } from '../../../shared/model/camera';
import { useServers } from '../../stores/servers';
import { useWall } from '../../stores/wall';
import type { DragPayload } from './dnd';
import { Tile } from './Tile';
import { useWallKeys } from './use-wall-keys';

const LIVE = { mode: 'live' } as const;

/** The grid of tiles, placed by the layout's cells; one tile may be maximised over it. */
export function Wall() {
  const wall = useWall();
  const servers = useServers((state) => state.servers);
  const cameras = useServers((state) => state.cameras);
  useWallKeys();
  const { layout, tiles, selected, maximized } = wall;

  const drop = (index: number, payload: DragPayload): void => {
    if (payload.kind === 'tile') wall.swap(payload.index, index);
    else if (payload.cameras.length === 1) wall.assign(index, payload.cameras[0] as CameraRef);
    else wall.fillFrom(index, payload.cameras);
    wall.select(index);
  };

  return (
    <div
      className={`wall${maximized !== null ? ' wall--maximized' : ''}`}
      role="grid"
      aria-label="Video wall"
      data-testid="wall"
      data-layout={layout.id}
      style={{ gridTemplateColumns: `repeat(${layout.columns}, minmax(var(--tile-min-width), 1fr))`, gridTemplateRows: `repeat(${layout.rows}, minmax(var(--tile-min-height), 1fr))` }}
    >
      {layout.cells.map((cell, index) => {
        const tile = tiles[index] ?? null;
        const camera = tile ? cameras[tile.serverId]?.find((candidate) => candidate.cameraId === tile.cameraId) : undefined;
        const server = tile ? servers.find((candidate) => candidate.id === tile.serverId) : undefined;
        const isMaximized = maximized === index;
        return (
          <Tile
            key={tile ? `${index}:${cameraKey(tile)}` : `${index}:empty`}
            index={index}
            camera={camera}
            source={tile?.source ?? LIVE}
            server={server}
            selected={index === selected}
            maximized={isMaximized}
            hidden={maximized !== null && !isMaximized}
            placement={isMaximized ? { gridColumn: '1 / -1', gridRow: '1 / -1' } : { gridColumn: `${cell.x + 1} / span ${cell.w}`, gridRow: `${cell.y + 1} / span ${cell.h}` }}
            onDrop={drop}
          />
        );
      })}
    </div>
  );
}
