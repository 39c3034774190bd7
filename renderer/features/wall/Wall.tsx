import { cameraKey } from '../../../shared/model/camera';
import { useServers } from '../../stores/servers';
import { useWall } from '../../stores/wall';
import { Tile } from './Tile';

const LIVE = { mode: 'live' } as const;

/** The grid of tiles. */
export function Wall() {
  const { columns, rows, tiles, selected, select, clear, showArchive, showLive } = useWall();
  const servers = useServers((state) => state.servers);
  const cameras = useServers((state) => state.cameras);

  return (
    <div className="wall" role="grid" aria-label="Video wall" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)`, gridTemplateRows: `repeat(${rows}, 1fr)` }}>
      {tiles.map((tile, index) => {
        const camera = tile ? cameras[tile.serverId]?.find((candidate) => candidate.cameraId === tile.cameraId) : undefined;
        const server = tile ? servers.find((candidate) => candidate.id === tile.serverId) : undefined;
        return (
          <Tile
            key={tile ? `${index}:${cameraKey(tile)}` : `${index}:empty`}
            index={index}
            camera={camera}
            source={tile?.source ?? LIVE}
            server={server}
            selected={index === selected}
            onSelect={select}
            onClose={clear}
            onArchive={showArchive}
            onLive={showLive}
          />
        );
      })}
    </div>
  );
}
