import { useEffect } from 'react';
import { cameraKey, type CameraRef } from '../../../shared/model/camera';
import type { ServerInfo } from '../../../shared/model/server';
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

  // Tiles remember their camera's name, so a tile whose camera later goes away still says which it was.
  useEffect(() => {
    const names = new Map<string, string>();
    for (const tile of tiles) {
      const camera = tile ? cameras[tile.serverId]?.find((candidate) => candidate.cameraId === tile.cameraId) : undefined;
      if (camera) names.set(cameraKey(camera), camera.name);
    }
    if (names.size > 0) useWall.getState().rememberNames(names);
  }, [tiles, cameras]);

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
        const missing = tile && !camera ? missingWords(tile, server, cameras[tile.serverId]) : undefined;
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
            missing={missing}
            onDrop={drop}
          />
        );
      })}
    </div>
  );
}

/**
 * Why a tile's camera is not there, in words with the camera's last known name: its server
 * is not (or no longer) configured, or the server no longer lists it. Undefined while the
 * server has not listed its cameras yet (it is connecting, or unreachable).
 */
function missingWords(tile: CameraRef & { readonly name?: string }, server: ServerInfo | undefined, listed: readonly unknown[] | undefined): string | undefined {
  const camera = tile.name ? `“${tile.name}”` : `Camera ${tile.cameraId}`;
  if (!server) return `${camera} was on server “${tile.serverId}”, which is not configured here`;
  if ((server.state === 'online' || server.state === 'degraded') && listed !== undefined) return `${camera} is no longer on ${server.name}`;
  return undefined;
}
