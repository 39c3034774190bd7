import { cameraKey } from '../../../shared/model/camera';
import { useServers } from '../../stores/servers';
import { useWall } from '../../stores/wall';
import { Tile } from './Tile';

/** The grid of tiles. */
export function Wall() {
  const { columns, rows, tiles, selected, select, clear } = useWall();
  const servers = useServers((state) => state.servers);
  const cameras = useServers((state) => state.cameras);

  return (
    <div className="wall" role="grid" aria-label="Video wall" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)`, gridTemplateRows: `repeat(${rows}, 1fr)` }}>
      {tiles.map((ref, index) => {
        const camera = ref ? cameras[ref.serverId]?.find((candidate) => candidate.cameraId === ref.cameraId) : undefined;
        const server = ref ? servers.find((candidate) => candidate.id === ref.serverId) : undefined;
        return (
          <Tile
            key={ref ? `${index}:${cameraKey(ref)}` : `${index}:empty`}
            index={index}
            camera={camera}
            server={server}
            selected={index === selected}
            onSelect={select}
            onClose={clear}
          />
        );
      })}
    </div>
  );
}
