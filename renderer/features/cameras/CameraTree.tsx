import { useState } from 'react';
import type { Camera } from '../../../shared/model/camera';
import type { ServerInfo, ServerState } from '../../../shared/model/server';
import { openServersDialog, useServers } from '../../stores/servers';
import { useWall } from '../../stores/wall';
import { startDrag } from '../wall/dnd';
import { cameraImageUrl } from './camera-image-url';
import { serverWords } from '../wall/tile-words';
import { resourceUrl, retryImage } from '../../ipc/resources';

const EVENT_STATE_WORDS: Readonly<Record<ServerInfo['events']['state'], string>> = {
  connecting: 'connecting…',
  open: 'live',
  reconnecting: 'reconnecting…',
  closed: 'off',
  unsupported: 'not available',
};

function matches(camera: Camera, filter: string): boolean {
  if (!filter) return true;
  const wanted = filter.toLowerCase();
  return [camera.name, camera.model, camera.address, camera.group].some((field) => field?.toLowerCase().includes(wanted));
}

/** Cameras by group, keeping the server's order; a single group is not shown as one. */
function groups(cameras: readonly Camera[]): Array<[string | undefined, Camera[]]> {
  const byGroup = new Map<string | undefined, Camera[]>();
  for (const camera of cameras) byGroup.set(camera.group, [...(byGroup.get(camera.group) ?? []), camera]);
  return byGroup.size > 1 ? [...byGroup] : [[undefined, [...cameras]]];
}

/**
 * Every server's cameras with their live status, by group, with a filter. Click a camera
 * to show it in the selected tile; drag a camera onto a tile, or a server or group onto
 * the wall to fill it from there.
 */
export function CameraTree() {
  const { servers, cameras, loaded, problem } = useServers();
  const { selected, tiles, assign, select } = useWall();
  const [filter, setFilter] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string): void =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  const show = (camera: Camera): void => {
    const firstEmpty = tiles.findIndex((tile) => tile === null);
    const target = tiles[selected] === null || firstEmpty < 0 ? selected : firstEmpty;
    assign(target, camera);
    select(target);
  };

  if (!loaded) return <aside className="sidebar"><p className="sidebar__note">Loading servers…</p></aside>;
  return (
    <aside className="sidebar" aria-label="Cameras">
      <input className="sidebar__filter" type="search" placeholder="Filter cameras" value={filter} onChange={(event) => setFilter(event.target.value)} data-testid="camera-filter" aria-label="Filter cameras" />
      {problem && <p className="sidebar__problem">{problem}</p>}
      {servers.length === 0 && (
        <div className="sidebar__note">
          <p>No VMS server is configured.</p>
          <button type="button" className="button" data-testid="servers-add-first" onClick={() => openServersDialog({ kind: 'add' })}>
            Add a server…
          </button>
        </div>
      )}
      {servers.map((server) => {
        const serverCameras = (cameras[server.id] ?? []).filter((camera) => matches(camera, filter));
        if (filter && serverCameras.length === 0) return null;
        const open = filter !== '' || !collapsed.has(server.id);
        return (
          <section key={server.id} className="server" data-testid="server" data-server-id={server.id} data-server-state={server.state} data-endpoint={server.endpoint ?? 'primary'}>
            <header className="server__header" draggable onDragStart={(event) => startDrag(event, { kind: 'cameras', cameras: serverCameras })} title="Drag onto the wall to show these cameras">
              <button type="button" className="tree__toggle" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${server.name}`} onClick={() => toggle(server.id)}>
                {open ? '▾' : '▸'}
              </button>
              <span className={`server__dot server__dot--${server.state}`} aria-hidden="true" />
              <span className="server__name">{server.name}</span>
              <span className="server__count">{server.cameraCount}</span>
              <button type="button" className="server__settings" data-testid="server-settings" aria-label={`Settings of ${server.name}`} title="Server settings" onClick={() => openServersDialog({ kind: 'edit', serverId: server.id })}>
                ⚙
              </button>
            </header>
            <ServerReason state={server.state} reason={server.reason} />
            {server.endpoint === 'standby' && <p className="server__note">Running on the standby server</p>}
            <p className={`server__events server__events--${server.events.state}`} data-testid="server-events" data-events-state={server.events.state}>
              Events: {EVENT_STATE_WORDS[server.events.state]}
              {server.events.reason && ` — ${server.events.reason}`}
            </p>
            {open &&
              groups(serverCameras).map(([group, members]) => {
                const key = `${server.id}/${group ?? ''}`;
                const groupOpen = filter !== '' || !collapsed.has(key);
                return (
                  <div key={key} className="group" data-testid="camera-group">
                    {group !== undefined && (
                      <div className="group__header" draggable onDragStart={(event) => startDrag(event, { kind: 'cameras', cameras: members })} title="Drag onto the wall to show this group">
                        <button type="button" className="tree__toggle" aria-expanded={groupOpen} onClick={() => toggle(key)}>
                          {groupOpen ? '▾' : '▸'}
                        </button>
                        <span>{group}</span>
                        <span className="server__count">{members.length}</span>
                      </div>
                    )}
                    {groupOpen && (
                      <ul className="cameras">
                        {members.map((camera) => (
                          <li key={camera.cameraId}>
                            <button
                              type="button"
                              className="camera"
                              draggable
                              data-testid="camera"
                              data-camera-id={camera.cameraId}
                              data-status={camera.status}
                              // A double-click (or Enter, or a drag) puts it on the wall: a single click only picks it, as in other VMS clients.
                              onDoubleClick={() => show(camera)}
                              onKeyDown={(event) => {
                                if (event.key === 'Enter') {
                                  event.preventDefault();
                                  show(camera);
                                }
                              }}
                              onDragStart={(event) => startDrag(event, { kind: 'cameras', cameras: [{ serverId: camera.serverId, cameraId: camera.cameraId }] })}
                              title={[camera.name, camera.model, camera.detail].filter(Boolean).join(' · ')}
                            >
                              <span className={`camera__dot camera__dot--${camera.status}`} aria-hidden="true" />
                              <span className="camera__name">{camera.name}</span>
                              {camera.detail && (
                                <span className="camera__detail" data-testid="camera-detail">
                                  {camera.detail}
                                </span>
                              )}
                              {server.livePreview && camera.status !== 'offline' && (
                                // The VMS's latest picture, shown while the pointer rests on the camera (loaded only then).
                                <span className="camera__preview" aria-hidden="true">
                                  <CameraPreview camera={camera} />
                                </span>
                              )}
                            </button>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                );
              })}
          </section>
        );
      })}
    </aside>
  );
}

/** The camera's latest picture, fetched when it first shows (on hover), not for every camera of the tree. */
function CameraPreview({ camera }: { readonly camera: Camera }) {
  return <img className="camera__preview-image" alt="" loading="lazy" src={resourceUrl(cameraImageUrl(camera))} onError={retryImage(cameraImageUrl(camera))} />;
}

/** Why a server is not online, in words; the adapter's technical text is the tooltip. */
function ServerReason({ state, reason }: { readonly state: ServerState; readonly reason: string | undefined }) {
  const { words, detail } = serverWords(state, reason);
  if (!words) return null;
  return (
    <p className="server__reason" data-testid="server-reason" title={detail}>
      {words}
    </p>
  );
}
