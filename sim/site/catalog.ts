/** The simulated site: its cameras and the stream profiles each camera offers. */

export interface SimProfile {
  /** Stable name of the stream; IVMS puts it in its HLS paths as the real server names its streams (`MinorStream`, `MajorStream`). */
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

/** The default profiles with the main stream at another size (bitrate scaled by area). */
export function withMainSize(width: number, height: number): SimProfile[] {
  return DEFAULT_PROFILES.map((profile) =>
    profile.name === 'MajorStream' ? { ...profile, width, height, bitrateKbps: Math.max(200, Math.round((profile.bitrateKbps * width * height) / (profile.width * profile.height))) } : profile,
  );
}

/** The profiles at another frame rate (bitrate scaled with it): tests need fewer frames than a real camera sends. */
export function withFrameRate(profiles: readonly SimProfile[], fps: number): SimProfile[] {
  return profiles.map((profile) => ({ ...profile, fps, bitrateKbps: Math.max(100, Math.round((profile.bitrateKbps * fps) / profile.fps)) }));
}

/** The smallest profile at least as large as the request, else the largest. */
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
