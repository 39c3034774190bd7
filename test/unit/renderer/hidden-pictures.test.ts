import { describe, expect, it } from 'vitest';
import type { CameraRef } from '../../../shared/model/camera';
import { HiddenPictures } from '../../../renderer/features/alerts/hidden-pictures';

/** A stream opened for a frame, which the test ends with a picture (or none). */
interface Opened {
  readonly camera: string;
  readonly signal: AbortSignal;
  give(picture: string | undefined): void;
}

function setup(options: { readonly onTile?: Set<string> } = {}) {
  const opened: Opened[] = [];
  let now = 0;
  const pictures = new HiddenPictures<string>({
    take: (camera: CameraRef, signal) =>
      new Promise((resolve) => {
        opened.push({ camera: camera.cameraId, signal, give: resolve });
      }),
    fromTile: (camera) => (options.onTile?.has(camera.cameraId) ? Promise.resolve(`tile:${camera.cameraId}`) : undefined),
    now: () => now,
  });
  return { pictures, opened, advance: (ms: number) => (now += ms) };
}

const camera = (cameraId: string): CameraRef => ({ serverId: 'xprotect', cameraId });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('cameras opened out of sight for an alert frame', () => {
  it('opens two cameras at a time, the next as one ends, and one stream per camera however many alerts wait for it', async () => {
    const { pictures, opened } = setup();
    const gate = pictures.take(camera('gate'));
    const gateAgain = pictures.take(camera('gate'));
    const yard = pictures.take(camera('yard'));
    const dock = pictures.take(camera('dock'));
    expect(opened.map((stream) => stream.camera)).toEqual(['gate', 'yard']);
    opened[0]?.give('frame of gate');
    await expect(gate).resolves.toBe('frame of gate');
    await expect(gateAgain).resolves.toBe('frame of gate');
    await settle();
    expect(opened.map((stream) => stream.camera), 'the third starts as the first ends').toEqual(['gate', 'yard', 'dock']);
    opened[1]?.give(undefined);
    opened[2]?.give('frame of dock');
    await expect(yard).resolves.toBeUndefined();
    await expect(dock).resolves.toBe('frame of dock');
    // Done: a later alert of the camera opens it again, for a frame of its own moment.
    void pictures.take(camera('gate'));
    expect(opened.map((stream) => stream.camera)).toEqual(['gate', 'yard', 'dock', 'gate']);
    pictures.dispose();
  });

  it('takes the frame of a tile that started showing the camera while it waited, and gives up one that waited too long', async () => {
    const onTile = new Set<string>();
    const { pictures, opened, advance } = setup({ onTile });
    void pictures.take(camera('a'));
    void pictures.take(camera('b'));
    const late = pictures.take(camera('yard'));
    advance(35_000);
    const shown = pictures.take(camera('gate'));
    onTile.add('gate');
    advance(6_000);
    opened[0]?.give('frame of a');
    await expect(late, 'queued 41 s: its frame would not show the alert').resolves.toBeUndefined();
    await expect(shown).resolves.toBe('tile:gate');
    expect(opened.map((stream) => stream.camera), 'neither opened').toEqual(['a', 'b']);
    pictures.dispose();
  });

  it('on dispose, stops the open streams and gives the waiting cameras none', async () => {
    const { pictures, opened } = setup();
    void pictures.take(camera('a'));
    void pictures.take(camera('b'));
    const waiting = pictures.take(camera('c'));
    pictures.dispose();
    await expect(waiting).resolves.toBeUndefined();
    expect(opened.map((stream) => stream.signal.aborted)).toEqual([true, true]);
  });
});
