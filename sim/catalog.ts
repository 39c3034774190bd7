/** The simulated site: its cameras and the stream profiles each camera offers. */

export interface SimProfile {
  /** Path component, as the real server names its streams (`MinorStream`, `MajorStream`). */
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly bitrateKbps: number;
}

/** Smallest first. */
export const DEFAULT_PROFILES: readonly SimProfile[] = [
  { name: 'MinorStream', width: 320, height: 180, fps: 15, bitrateKbps: 250 },
  { name: 'MajorStream', width: 1280, height: 720, fps: 15, bitrateKbps: 1500 },
];

/** What every camera records continuously: modest, because all of them record all the time. */
export const RECORDING_PROFILE: SimProfile = { name: 'RecordStream', width: 640, height: 360, fps: 10, bitrateKbps: 200 };

/** The smallest profile at least as large as the request, else the largest. */
/** The default profiles with the main stream at another size (bitrate scaled by area). */
export function withMainSize(width: number, height: number): SimProfile[] {
  return DEFAULT_PROFILES.map((profile) =>
    profile.name === 'MajorStream' ? { ...profile, width, height, bitrateKbps: Math.max(200, Math.round((profile.bitrateKbps * width * height) / (profile.width * profile.height))) } : profile,
  );
}

export function pickProfile(profiles: readonly SimProfile[], width: number, height: number): SimProfile {
  const sorted = [...profiles].sort((a, b) => a.width * a.height - b.width * b.height);
  const fits = sorted.find((profile) => profile.width >= width && profile.height >= height);
  const chosen = fits ?? sorted.at(-1);
  if (!chosen) throw new Error('no stream profiles configured');
  return chosen;
}

export interface SimCamera {
  readonly id: number;
  readonly name: string;
  readonly model: string;
  readonly ip: string;
  /** The real API returns camera credentials in clear text; so does the simulator, so clients are tested against it. */
  readonly username: string;
  readonly password: string;
  online: boolean;
  readonly hue: number;
}

const NAMES = [
  'Main Entrance',
  'Lobby',
  'Car Park North',
  'Loading Bay',
  'Reception',
  'Server Room',
  'Stairwell B',
  'Perimeter East',
  'Warehouse Aisle 3',
  'Car Park South',
  'Staff Entrance',
  'Roof Access',
];

const MODELS = ['Axis P3245-LVE', 'Hikvision DS-2CD2143', 'Bosch FLEXIDOME 5100i', 'Hanwha XNV-6081', 'ONVIF'];

export function createCameras(count: number): SimCamera[] {
  return Array.from({ length: count }, (_, index) => ({
    id: index + 1,
    name: NAMES[index] ?? `Camera ${index + 1}`,
    model: MODELS[index % MODELS.length] ?? 'ONVIF',
    ip: `172.17.99.${10 + index}`,
    username: 'root',
    password: 'hvs',
    online: true,
    hue: (index * 47) % 360,
  }));
}

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
