import type { SimCamera } from '../site/catalog';

/**
 * A channel object as IVMS returns it, with the field set seen in the field.
 * `oldestClipTime`: the start of the oldest recorded segment, epoch ms (the likelier of
 * the document's two readings); 0 when nothing is recorded.
 */
export function channelRecord(camera: SimCamera, oldestClipTime = 0): Record<string, unknown> {
  const rtsp = `rtsp://${camera.username}:${camera.password}@${camera.ip}/axis-media/media.amp`;
  return {
    id: camera.id,
    model: camera.model,
    ip: camera.ip,
    name: camera.name,
    configurationType: 0,
    snapUrl: rtsp,
    analyticUrl: rtsp,
    minorUrl: rtsp,
    majorUrl: rtsp,
    username: camera.username,
    password: camera.password,
    posX: 0,
    posY: 0,
    recordingId: 1,
    locationId: 1,
    junctionId: 1,
    // Four cameras to a group, as a site is organised by building or floor.
    groupId: Math.ceil(camera.id / 4),
    recordingStream: 1,
    oldestClipTime,
    number: camera.id,
    channelType: 1,
    latitude: 0,
    longitude: 0,
    commandPort: 80,
    param1: 0,
    param2: 0,
    vocRecordingFlag: 1,
    noOfJobs: 0,
  };
}
