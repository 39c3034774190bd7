import { create } from 'zustand';
import type { Camera } from '../../shared/model/camera';
import type { ServerInfo } from '../../shared/model/server';
import type { VendorInfo } from '../../shared/model/server-form';
import type { TesseraClient } from '../ipc/client';

interface ServersState {
  readonly servers: readonly ServerInfo[];
  /** Cameras per server id, in the server's order. */
  readonly cameras: Readonly<Record<string, readonly Camera[]>>;
  /** True once the first server list arrived. */
  readonly loaded: boolean;
  /** Why the server list could not be loaded, if it could not. */
  readonly problem: string | undefined;
  /** Every vendor: its form, its notes, its event types (the unsupported ones marked). */
  readonly vendors: readonly VendorInfo[];
}

export const useServers = create<ServersState>()(() => ({ servers: [], cameras: {}, loaded: false, problem: undefined, vendors: [] }));

/** Words for a vendor, e.g. "Videonetics IVMS Pro". */
export function vendorLabel(state: Pick<ServersState, 'vendors'>, kind: string): string {
  return state.vendors.find((vendor) => vendor.kind === kind)?.label ?? kind;
}

/** All cameras of all servers, in server then camera order (the tree's order). */
export function allCameras(state: ServersState): Camera[] {
  return state.servers.flatMap((server) => state.cameras[server.id] ?? []);
}

/**
 * Loads servers and cameras and keeps them current from the core's events.
 * Returns the function that stops listening.
 */
export function syncServers(client: TesseraClient): () => void {
  const stops = [
    client.on('servers.changed', (servers) => useServers.setState({ servers, loaded: true })),
    client.on('cameras.changed', ({ serverId, cameras }) => useServers.setState((state) => ({ cameras: { ...state.cameras, [serverId]: cameras } }))),
  ];
  void client.invoke('servers.kinds', {}).then((kinds) => {
    if (kinds.ok) useServers.setState({ vendors: kinds.value });
  });
  void (async () => {
    // Asked together: the wall's first streams wait for both.
    const [servers, cameras] = await Promise.all([client.invoke('servers.list', {}), client.invoke('cameras.list', {})]);
    if (!servers.ok) {
      useServers.setState({ loaded: true, problem: servers.error.message });
      return;
    }
    const byServer: Record<string, Camera[]> = {};
    for (const camera of cameras.ok ? cameras.value : []) (byServer[camera.serverId] ??= []).push(camera);
    useServers.setState((state) => ({ servers: servers.value, cameras: { ...byServer, ...state.cameras }, loaded: true, problem: cameras.ok ? undefined : cameras.error.message }));
  })();
  return () => stops.forEach((stop) => stop());
}

/** What the servers dialog shows: the list, the form for a new server, or one server's form. */
export type ServersDialogView = { readonly kind: 'list' } | { readonly kind: 'add' } | { readonly kind: 'edit'; readonly serverId: string } | { readonly kind: 'cameras'; readonly serverId: string };

/** The servers dialog, opened from the top bar or from a server in the camera tree. */
export const useServersDialog = create<{ readonly view: ServersDialogView | undefined }>()(() => ({ view: undefined }));

export function openServersDialog(view: ServersDialogView = { kind: 'list' }): void {
  useServersDialog.setState({ view });
}

export function closeServersDialog(): void {
  useServersDialog.setState({ view: undefined });
}
