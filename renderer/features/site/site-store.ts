import { create } from 'zustand';
import type { CameraRef } from '../../../shared/model/camera';
import { gridLayout } from '../../../shared/model/layout';
import type { SitePushed, SiteState } from '../../../shared/model/site';
import type { MonitorView, Wall } from '../../../shared/model/wall';
import type { TesseraClient } from '../../ipc/client';
import { notify } from '../../stores/notices';
import { useWall } from '../../stores/wall';
import { viewOf } from '../walls/monitor-view';
import { useWallsUi } from '../walls/walls-ui';

interface SiteUi {
  /** The site as the core knows it; undefined until it answered. */
  readonly state: SiteState | undefined;
  /** The Site panel is shown. */
  readonly open: boolean;
  /** The tile whose "Send to…" chooser is open. */
  readonly sending: number | null;
  /** The last push another PC made onto this window's monitor (the banner naming the sender). */
  readonly pushed: SitePushed | undefined;
}

export const useSite = create<SiteUi>()(() => ({ state: undefined, open: false, sending: null, pushed: undefined }));

/** How long the banner naming the sender stays. */
const PUSHED_SHOW_MS = 15_000;
let hideBanner: number | undefined;

/** Keeps the site's state current; a push onto this window's monitor shows who sent it. Returns the function that stops. */
export function syncSite(client: TesseraClient): () => void {
  const stops = [
    client.on('site.changed', (state) => useSite.setState({ state })),
    client.on('site.pushed', (notice) => {
      if (!notice.monitors.includes(useWallsUi.getState().monitor)) return;
      useSite.setState({ pushed: notice });
      clearTimeout(hideBanner);
      hideBanner = setTimeout(() => useSite.setState({ pushed: undefined }), PUSHED_SHOW_MS);
    }),
  ];
  void client.invoke('site.state', {}).then((result) => {
    if (result.ok) useSite.setState({ state: result.value });
  });
  return () => {
    clearTimeout(hideBanner);
    for (const stop of stops) stop();
  };
}

/** One camera filling a monitor, live (a camera dropped on a monitor of the Site panel). */
export function cameraView(camera: CameraRef & { name?: string | undefined }): MonitorView {
  return viewOf({ layout: gridLayout(1, 1), tiles: [{ serverId: camera.serverId, cameraId: camera.cameraId, source: { mode: 'live' }, ...(camera.name ? { name: camera.name } : {}) }], maximized: null, playback: undefined, carousels: {}, cycle: null });
}

/** A tile of this window's wall as it is now (live, replay or the recording at the wall's clock, its zoom) filling a monitor. */
export function tileView(index: number): MonitorView | undefined {
  const wall = useWall.getState();
  const tile = wall.tiles[index];
  if (!tile) return undefined;
  return viewOf({ layout: gridLayout(1, 1), tiles: [tile], maximized: null, playback: tile.source.mode === 'archive' ? wall.playback : undefined, carousels: {}, cycle: null });
}

/** A saved wall's views, monitor by monitor, for another PC's monitors from `first` on. */
export function wallViews(wall: Wall, first = 0): Record<string, MonitorView> {
  return Object.fromEntries(wall.monitors.flatMap((view, index) => (first + index <= 15 ? [[String(first + index), view]] : [])));
}

/** Sends views to monitors of a PC of the site; the operator is told in words whether it went. */
export async function pushViews(client: TesseraClient, pc: string, monitors: Record<string, MonitorView>, label: string): Promise<boolean> {
  const result = await client.invoke('site.push', { pc, monitors, label });
  const where = Object.keys(monitors)
    .map((monitor) => `monitor ${Number(monitor) + 1}`)
    .join(', ');
  if (result.ok) {
    const { withoutWindow } = result.value;
    const sent = Object.keys(monitors)
      .map(Number)
      .filter((monitor) => !withoutWindow.includes(monitor))
      .map((monitor) => `monitor ${monitor + 1}`)
      .join(', ');
    if (withoutWindow.length === 0) notify(`Sent ${label} to ${pc}, ${where}`);
    else notify(`Sent ${label} to ${pc}, ${sent}; not to ${withoutWindow.map((monitor) => `monitor ${monitor + 1}`).join(', ')}: no window is open there`, 'problem');
  } else notify(`Could not send ${label} to ${pc}: ${result.error.message}`, 'problem');
  return result.ok;
}
