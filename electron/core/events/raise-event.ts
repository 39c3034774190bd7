import type { ServerDirectory } from '../servers';
import { CoreError } from '../errors';

type Directory = Pick<ServerDirectory, 'adapter' | 'camera' | 'requireSignedIn'>;

/** The events an operator may raise by hand on a server's cameras; none where its VMS defines none. */
export async function raisableEvents(servers: Directory, serverId: string): Promise<Array<{ id: string; name: string }>> {
  const adapter = servers.adapter(serverId);
  if (!adapter.raisableEvents || !adapter.createEvent) return [];
  servers.requireSignedIn(serverId);
  const events = await adapter.raisableEvents();
  return events.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Raises an event an operator picked on a camera, on the VMS (Milestone: `POST /events` with
 * a user-defined event's id). It comes back through the VMS's own event stream like any
 * other, so the alert list shows what the VMS did with it, not what was asked.
 */
export async function raiseEvent(servers: Directory, request: { readonly serverId: string; readonly cameraId: string; readonly type: string }): Promise<{ vendorEventId?: string }> {
  const camera = servers.camera(request.serverId, request.cameraId);
  const adapter = servers.adapter(request.serverId);
  if (!adapter.createEvent || !adapter.raisableEvents) throw new CoreError('invalid-request', 'This server takes no events raised from Tessera');
  servers.requireSignedIn(request.serverId);
  const known = await adapter.raisableEvents();
  if (!known.some((event) => event.id === request.type)) throw new CoreError('invalid-request', `The VMS has no event “${request.type}” to raise any more`);
  const created = await adapter.createEvent({ cameraId: camera.cameraId, type: request.type, time: Date.now(), label: 'Raised by an operator', metadata: { source: 'tessera', by: 'operator' } });
  return created.vendorEventId === undefined ? {} : { vendorEventId: created.vendorEventId };
}
