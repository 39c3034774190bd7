import { useState, type DragEvent } from 'react';
import type { CameraRef } from '../../../shared/model/camera';
import { gridLayout } from '../../../shared/model/layout';
import type { SiteMonitor, SitePc } from '../../../shared/model/site';
import type { MonitorView } from '../../../shared/model/wall';
import { useClient } from '../../ipc/context';
import { useServers } from '../../stores/servers';
import { isOurDrag, readDrop } from '../wall/dnd';
import { viewOf } from '../walls/monitor-view';
import { NO_WALLS, useWallsUi } from '../walls/walls-ui';
import { cameraView, pushViews, tileView, useSite, wallViews } from './site-store';

const BROKER_WORDS = { off: 'Not in a site', connecting: 'Connecting to the site broker…', online: 'Site broker connected', offline: 'Site broker not reachable: each PC works alone' } as const;
const MODE_WORDS = { live: 'live', recorded: 'recorded', mixed: 'live and recorded', empty: 'nothing' } as const;

/** Cameras dropped together: a grid just big enough for them, live. */
function camerasView(cameras: ReadonlyArray<CameraRef & { name?: string | undefined }>): MonitorView {
  const [first] = cameras;
  if (cameras.length === 1 && first) return cameraView(first);
  const side = Math.min(8, Math.ceil(Math.sqrt(cameras.length)));
  const layout = gridLayout(side, side);
  const tiles = layout.cells.map((_, index) => {
    const camera = cameras[index];
    return camera ? { serverId: camera.serverId, cameraId: camera.cameraId, source: { mode: 'live' as const }, ...(camera.name ? { name: camera.name } : {}) } : null;
  });
  return viewOf({ layout, tiles, maximized: null, playback: undefined, carousels: {}, cycle: null });
}

/**
 * The PCs of the site, their monitors, what each shows and whether the PC is online. Drop
 * cameras (from the camera list) or a tile (from the wall) onto a monitor to show it there;
 * send a saved wall to a PC's monitors from its row.
 */
export function SitePanel() {
  const state = useSite((site) => site.state);
  return (
    <aside className="events site-panel" aria-label="Site" data-testid="site-panel">
      <header className="panel__header">
        <span>Site{state?.configured ? `: ${state.site}` : ''}</span>
        <button type="button" className="button" aria-label="Close the Site panel" onClick={() => useSite.setState({ open: false })}>
          ×
        </button>
      </header>
      {!state?.configured ? (
        <p className="editor__hint site-panel__hint">This PC is not in a site. Name the site&apos;s broker and this PC in the deployment file (&quot;site&quot;) to see the other PCs and send video to their monitors.</p>
      ) : (
        <>
          <p className={`site-panel__broker site-panel__broker--${state.broker}`} data-testid="site-broker" data-state={state.broker} title={state.reason}>
            {BROKER_WORDS[state.broker]}
            {state.reason && state.broker !== 'online' ? ` (${state.reason})` : ''}
          </p>
          {state.conflict && (
            <p className="site-panel__conflict" role="alert" data-testid="site-panel-conflict">
              {state.conflict}
            </p>
          )}
          <p className="editor__hint site-panel__hint">Drag cameras or a tile onto a monitor to show it there.</p>
          <ul className="site-panel__pcs">
            {state.pcs.map((pc) => (
              <PcRow key={pc.id} pc={pc} me={state.pc} />
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

function PcRow({ pc, me }: { pc: SitePc; me: string }) {
  const client = useClient();
  const walls = useWallsUi((state) => state.walls?.walls ?? NO_WALLS);
  const refused = pc.acceptPushFrom !== null && !pc.me && !pc.acceptPushFrom.includes(me);
  return (
    <li className="site-pc" data-testid="site-pc" data-pc={pc.id} data-online={pc.online ? 'true' : 'false'}>
      <div className="site-pc__head">
        <span className={`site-pc__dot${pc.online ? ' site-pc__dot--on' : ''}`} aria-hidden="true" />
        <strong>{pc.id}</strong>
        <span className="site-pc__state">{pc.me ? 'this PC' : pc.online ? 'online' : 'offline'}</span>
        {walls.length > 0 && !refused && (
          <select
            className="site-pc__wall"
            data-testid="site-send-wall"
            aria-label={`Send a saved wall to ${pc.id}`}
            value=""
            onChange={(event) => {
              const wall = walls.find((known) => known.id === event.target.value);
              if (wall) void pushViews(client, pc.id, wallViews(wall), `wall ${wall.name}`);
            }}
          >
            <option value="">Send wall…</option>
            {walls.map((wall) => (
              <option key={wall.id} value={wall.id}>
                {wall.name}
              </option>
            ))}
          </select>
        )}
      </div>
      {refused && <p className="editor__hint">Takes pushes only from {pc.acceptPushFrom?.join(', ') || 'no PC'}</p>}
      <ul className="site-pc__monitors">
        {pc.monitors.map((monitor) => (
          <MonitorRow key={monitor.index} pc={pc} monitor={monitor} disabled={refused} />
        ))}
      </ul>
    </li>
  );
}

function MonitorRow({ pc, monitor, disabled: refused }: { pc: SitePc; monitor: SiteMonitor; disabled: boolean }) {
  const client = useClient();
  // A monitor whose window is closed would show a push to nobody: it is no drop target.
  const closed = monitor.window === false;
  const disabled = refused || closed;
  const [dropping, setDropping] = useState(false);
  const onDrop = (event: DragEvent): void => {
    setDropping(false);
    const payload = readDrop(event);
    if (!payload || disabled) return;
    event.preventDefault();
    const target = String(monitor.index);
    if (payload.kind === 'tile') {
      const view = tileView(payload.index);
      const tile = view?.tiles[0];
      if (view && tile) void pushViews(client, pc.id, { [target]: view }, `camera ${tile.name ?? tile.cameraId}`);
      return;
    }
    const { cameras } = useServers.getState();
    const named = payload.cameras.map((camera) => ({ ...camera, name: cameras[camera.serverId]?.find((known) => known.cameraId === camera.cameraId)?.name }));
    const [first] = named;
    const label = named.length === 1 && first ? `camera ${first.name ?? first.cameraId}` : `${named.length} cameras`;
    void pushViews(client, pc.id, { [target]: camerasView(named) }, label);
  };
  return (
    <li
      className={`site-monitor${dropping ? ' site-monitor--drop' : ''}${closed ? ' site-monitor--closed' : ''}`}
      data-testid="site-monitor"
      data-pc={pc.id}
      data-monitor={monitor.index}
      data-mode={monitor.mode}
      data-window={closed ? 'false' : 'true'}
      title={closed ? `No window shows this monitor on ${pc.id} now: nothing can be sent to it until one is opened there` : undefined}
      data-cameras={monitor.cameras.map((camera) => camera.cameraId).join(',')}
      onDragOver={(event) => {
        if (!isOurDrag(event) || disabled) return;
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <span className="site-monitor__name">
        Monitor {monitor.index + 1}
        {closed && <span className="site-monitor__closed"> · no window open</span>}
      </span>
      <span className="site-monitor__what">
        {monitor.mode === 'empty' ? 'empty' : `${monitor.layout} · ${MODE_WORDS[monitor.mode]} · ${monitor.cameras.map((camera) => camera.name).join(', ')}`}
      </span>
    </li>
  );
}
