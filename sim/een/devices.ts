import type { SimCamera } from '../site/catalog';

/** The simulated account's id (Eagle Eye account ids are 8 hex digits). */
export const ACCOUNT_ID = '00001d2a';
/** The one bridge every simulated camera is attached to. */
export const BRIDGE_ESN = '10010000';

/**
 * Status bits of `/g/device/list` field 10 and of `/poll` `status`
 * (EENCloud/api-docs source/includes/_api_camera.md, "Status bitmask").
 */
export const STATUS_BITS = {
  registered: 0x100000,
  on: 0x020000,
  recording: 0x080000,
  streaming: 0x040000,
  previews: 0x000010,
  passwordNeeded: 0x000100,
} as const;

/** A site camera's ESN: 8 hex digits, stable across runs. */
export function esnOf(cameraId: number): string {
  return (0x10050000 + cameraId).toString(16).padStart(8, '0');
}

export function cameraIdOf(esn: string): number | undefined {
  if (!/^[0-9a-f]{8}$/i.test(esn)) return undefined;
  const id = Number.parseInt(esn, 16) - 0x10050000;
  return id > 0 && id < 0x10000 ? id : undefined;
}

/** How the simulated bridge reports a camera: streaming while online, registered but idle while not. */
export function statusBits(camera: SimCamera, recording: boolean, passwordNeeded: boolean): number {
  let bits = STATUS_BITS.registered | STATUS_BITS.on;
  if (camera.online) bits |= STATUS_BITS.streaming | STATUS_BITS.previews | (recording ? STATUS_BITS.recording : 0);
  if (passwordNeeded) bits |= STATUS_BITS.passwordNeeded;
  return bits;
}

/** One row of `/g/device/list`: an array indexed as the legacy API documents it. */
export function deviceRow(esn: string, name: string, type: 'camera' | 'bridge', status: number, timeZone: string): unknown[] {
  const row: unknown[] = new Array<unknown>(21).fill(null);
  row[0] = ACCOUNT_ID;
  row[1] = esn;
  row[2] = name;
  row[3] = type;
  row[4] = type === 'camera' ? [[BRIDGE_ESN, 'ATTD']] : [];
  row[5] = 'ATTD';
  row[6] = 'RWS';
  row[7] = [];
  row[8] = null;
  row[9] = null;
  row[10] = status;
  row[11] = timeZone;
  row[12] = 0;
  row[13] = null;
  row[14] = '*192.168.1.10';
  row[20] = null;
  return row;
}

/** EEN timestamps: `YYYYMMDDhhmmss.xxx`, always UTC (EENCloud/api-docs _api_asset.md, "EEN Timestamp"). */
export function formatEenTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2018-01-02T08:30:20.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}`;
}

export function parseEenTime(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, frac] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number((frac ?? '0').padEnd(3, '0')));
  return Number.isFinite(ms) ? ms : undefined;
}
