import { createHash } from 'node:crypto';
import type { EventRecord } from '../../../shared/model/event';
import type { AlertIdentity } from '../../site/site-protocol';

/**
 * An alert's identity across the PCs of a site. Each PC receives the same VMS event on
 * its own and gives it its own journal id; what they share is the VMS's event id where
 * the VMS has one, and otherwise (IVMS Pro sends none for most alerts) the server, the
 * camera, the type and the event's time, which every PC reads alike from the same event.
 * The key is a digest of that, short and safe as an MQTT topic level.
 */
export function alertIdentity(record: Pick<EventRecord, 'serverId' | 'cameraId' | 'type' | 'time' | 'vendorEventId'>): AlertIdentity {
  const basis = record.vendorEventId ? ['v', record.serverId, record.vendorEventId] : ['d', record.serverId, record.cameraId ?? '', record.type, String(record.time)];
  const key = createHash('sha256').update(JSON.stringify(basis)).digest('hex').slice(0, 32);
  return {
    key,
    serverId: record.serverId,
    ...(record.cameraId === undefined ? {} : { cameraId: record.cameraId }),
    type: record.type,
    time: record.time,
    ...(record.vendorEventId === undefined ? {} : { vendorEventId: record.vendorEventId }),
  };
}
