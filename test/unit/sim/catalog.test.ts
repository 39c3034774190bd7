import { describe, expect, it } from 'vitest';
import { channelRecord } from '../../../sim/ivms/channel-record';
import { createCameras, DEFAULT_PROFILES, pickProfile } from '../../../sim/site/catalog';

describe('pickProfile', () => {
  it('picks the smallest profile at least as large as the request', () => {
    expect(pickProfile(DEFAULT_PROFILES, 320, 180).name).toBe('MinorStream');
    expect(pickProfile(DEFAULT_PROFILES, 200, 100).name).toBe('MinorStream');
    expect(pickProfile(DEFAULT_PROFILES, 321, 180).name).toBe('MajorStream');
    expect(pickProfile(DEFAULT_PROFILES, 640, 360).name).toBe('MajorStream');
  });

  it('falls back to the largest when nothing is large enough', () => {
    expect(pickProfile(DEFAULT_PROFILES, 3840, 2160).name).toBe('MajorStream');
  });
});

describe('channelRecord', () => {
  it('says 0 for oldestClipTime when nothing is recorded, else the time it is given', () => {
    const [camera] = createCameras(1);
    if (!camera) throw new Error('no camera');
    expect(channelRecord(camera).oldestClipTime).toBe(0);
    expect(channelRecord(camera, 1_700_000_000_123).oldestClipTime).toBe(1_700_000_000_123);
  });
});
