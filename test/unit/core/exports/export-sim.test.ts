import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../electron/common/clock';
import { ExportService } from '../../../../electron/core/exports/export-service';
import { Downloads } from '../../../../electron/core/files/downloads';
import { silentLogger } from '../../../../electron/common/logger';
import { IvmsAdapter } from '../../../../electron/vms/ivms/ivms-adapter';
import { startIvmsSim, type IvmsSim } from '../../../../sim/ivms-sim';
import { eventually } from '../../support/frames';

/** An export end to end: the IVMS adapter against the simulator's recording, real HLS, real ffmpeg. */
let sim: IvmsSim;
let adapter: IvmsAdapter;

beforeAll(async () => {
  sim = await startIvmsSim({ cameraCount: 1, mediaPort: 0, recording: { segmentSeconds: 1 } });
  adapter = new IvmsAdapter({ url: sim.url, pathPrefix: '', keepaliveIntervalMs: 1000, requestTimeoutMs: 5000, statusOnlineValue: 1, timeZone: 'UTC', eventIdleTimeoutMs: 30_000, failbackProbeMs: 10_000 });
  await eventually(() => ((sim.state().recordings[0]?.segments ?? 0) >= 6 ? true : undefined), 20_000, 'six recorded segments');
}, 30_000);
afterAll(async () => {
  await adapter.dispose();
  await sim.close();
});

describe('export from the IVMS simulator', () => {
  it('is an MP4 of the seconds asked for, and the archive session is closed', async () => {
    const downloads = new Downloads();
    const exports = new ExportService({
      dir: join(await mkdtemp(join(tmpdir(), 'tessera-exports-')), 'exports'),
      clock: systemClock,
      log: silentLogger,
        adapterFor: () => adapter,
      cameraName: () => 'Main Entrance',
      downloads,
      publish: () => undefined,
    });
    const [recorded] = sim.state().recordings[0]?.ranges.slice(-1) ?? [];
    const to = (recorded?.toMs ?? Date.now()) - 1000;
    const [job] = exports.start([{ serverId: 'demo', cameraId: '1' }], to - 3000, to);
    const done = await eventually(() => exports.list().find((candidate) => candidate.id === job?.id && (candidate.state === 'done' || candidate.state === 'failed')), 20_000, 'the export');
    expect(done).toMatchObject({ state: 'done', progress: 1 });
    const url = new URL(done.download ?? '', 'http://app');
    const answer = await downloads.route()(url.pathname.slice('/downloads/'.length), url);
    const mp4 = await readFile(answer.file?.path ?? '');
    expect(mp4.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(mp4.length).toBeGreaterThan(10_000);
    expect(sim.state().sessions).toHaveLength(0);
    expect(sim.state().counters).toMatchObject({ started: 1, stopped: 1 });

    // An hour before the recording began: the simulator starts the session at its oldest
    // segment (as a recorder does), which is after the range: nothing recorded, at once.
    const started = Date.now();
    const [early] = exports.start([{ serverId: 'demo', cameraId: '1' }], started - 3_600_000, started - 3_590_000);
    const failed = await eventually(() => exports.list().find((candidate) => candidate.id === early?.id && (candidate.state === 'done' || candidate.state === 'failed')), 20_000, 'the early export');
    expect(failed.state).toBe('failed');
    expect(failed.message).toMatch(/nothing recorded/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(sim.state().sessions).toHaveLength(0);
    await exports.dispose();
  });
});
