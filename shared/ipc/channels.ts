/**
 * The names of every channel, with no runtime dependencies, so that the sandboxed
 * preload can check a call before it crosses into the main process.
 */
export const INVOKE_CHANNELS = [
  'app.info',
  'servers.list',
  'cameras.list',
  'cameras.add',
  'cameras.remove',
  'live.start',
  'archive.start',
  'stream.stop',
  'stream.taking',
  'stream.restart',
  'webrtc.offer',
  'webrtc.answer',
  'webrtc.candidates',
  'events.query',
  'events.get',
  'events.raisable',
  'events.raise',
  'alerts.acknowledge',
  'alerts.counts',
  'alerts.alarms',
  'alerts.silence',
  'alerts.picture',
  'alerts.pictureClaim',
  'settings.get',
  'settings.update',
  'timeline.recordings',
  'timeline.markers',
  'export.start',
  'export.cancel',
  'export.list',
  'files.save',
  'app.problems',
  'servers.settings',
  'servers.kinds',
  'servers.add',
  'servers.update',
  'servers.remove',
  'servers.test',
  'servers.signIn',
  'walls.get',
  'walls.saveCurrent',
  'walls.save',
  'walls.delete',
  'walls.setDefault',
  'walls.activate',
  'site.state',
  'site.push',
  'site.window',
  'sensors.state',
  'sensors.settings',
  'sensors.save',
  'sensors.remove',
  'sensors.retry',
] as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

export const EVENT_NAMES = ['servers.changed', 'cameras.changed', 'stream.state', 'stream.playlist', 'events.added', 'alerts.changed', 'alerts.counts', 'alerts.alarm', 'alerts.silenced', 'settings.changed', 'export.changed', 'walls.changed', 'app.problems', 'site.changed', 'site.pushed', 'sensors.changed'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** Electron channel of an invoke: `tessera:cameras.list`. */
export function ipcChannel(channel: InvokeChannel): `tessera:${InvokeChannel}` {
  return `tessera:${channel}`;
}

/** The single Electron channel that carries every main → renderer event. */
export const EVENT_CHANNEL = 'tessera:event';

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENT_NAMES as readonly string[]).includes(value);
}
