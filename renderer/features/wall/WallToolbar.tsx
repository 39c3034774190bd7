import { useState } from 'react';
import { usePanels } from '../../stores/panels';
import { allCameras, useServers } from '../../stores/servers';
import { useWall } from '../../stores/wall';
import { LayoutEditor } from '../layouts/LayoutEditor';
import { LayoutMenu } from '../layouts/LayoutMenu';
import { WallsMenu } from '../walls/WallsMenu';
import { SiteButton } from '../site/SiteHost';

const WALL_HINT = 'Arrows select · Enter maximises · Delete clears · right-click a tile for its menu · 1–9 layouts · drag cameras and tiles';

/** Above the wall: layouts, fill, saved walls and monitors, and what the keyboard does. */
export function WallToolbar() {
  const wall = useWall();
  const panels = usePanels();
  const [editing, setEditing] = useState(false);
  const empty = wall.tiles.filter((tile) => tile === null).length;
  return (
    <div className="toolbar" role="toolbar" aria-label="Wall">
      <LayoutMenu onEdit={() => setEditing(true)} />
      <WallsMenu />
      <button type="button" className="button" data-testid="fill" title="Put cameras not on the wall into the empty tiles (F)" disabled={empty === 0} onClick={() => wall.fill(allCameras(useServers.getState()))}>
        Fill <kbd>F</kbd>
      </button>
      {wall.maximized !== null && (
        <button type="button" className="button" onClick={() => wall.toggleMaximize()}>
          Restore wall <kbd>Esc</kbd>
        </button>
      )}
      <span className="toolbar__panels">
        <button type="button" className={`button${panels.tree ? ' button--on' : ''}`} data-testid="toggle-tree" aria-pressed={panels.tree} title={panels.tree ? 'Hide the camera list' : 'Show the camera list'} onClick={() => panels.toggle('tree')}>
          Cameras
        </button>
        <button type="button" className={`button${panels.alerts ? ' button--on' : ''}`} data-testid="toggle-alerts" aria-pressed={panels.alerts} title={panels.alerts ? 'Hide the alert list' : 'Show the alert list'} onClick={() => panels.toggle('alerts')}>
          Alerts
        </button>
        <SiteButton />
        <button type="button" className="button" data-testid="wall-only" title="Only the tiles and an alert ticker (F11)" onClick={() => panels.toggle('wallOnly')}>
          Wall only <kbd>F11</kbd>
        </button>
      </span>
      {/* Cut short with an ellipsis on a narrow window: the whole hint shows on hover. */}
      <span className="toolbar__hint" title={WALL_HINT}>
        {WALL_HINT}
      </span>
      {editing && <LayoutEditor onClose={() => setEditing(false)} />}
    </div>
  );
}
