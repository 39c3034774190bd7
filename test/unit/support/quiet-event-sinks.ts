import { silentLogger } from '../../../electron/common/logger';

/**
 * The EventService's outlets, every one a no-op, for tests that watch the journal or one
 * outlet only: spread it and override the one the test reads.
 */
export const QUIET_EVENT_SINKS = {
  log: silentLogger,
  publish: () => undefined,
  publishChanges: () => undefined,
  publishCounts: () => undefined,
  alarm: () => undefined,
  silenced: () => undefined,
  onStreamState: () => undefined,
  onCameraStatus: () => undefined,
} as const;
