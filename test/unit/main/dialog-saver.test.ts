import { describe, expect, it } from 'vitest';
import { DialogSaver, type DialogSaverHost } from '../../../electron/main/dialog-saver';

type ShowSaveDialog = DialogSaverHost['dialog']['showSaveDialog'];

/** Electron's dialog, scripted: records what it was asked and answers as the operator would. */
function host(answer: { canceled: boolean; filePath: string }, window: object | null = { id: 1 }) {
  const asked: Array<{ window: unknown; options: unknown }> = [];
  const written: Array<{ path: string; bytes: Uint8Array }> = [];
  const showSaveDialog = ((...args: unknown[]) => {
    asked.push(args.length === 2 ? { window: args[0], options: args[1] } : { window: undefined, options: args[0] });
    return Promise.resolve(answer);
  }) as ShowSaveDialog;
  const fake: DialogSaverHost = {
    dialog: { showSaveDialog },
    focusedWindow: () => window as ReturnType<DialogSaverHost['focusedWindow']>,
    picturesDir: () => '/home/op/Pictures',
    writeFile: (path, bytes) => {
      written.push({ path, bytes });
      return Promise.resolve();
    },
  };
  return { fake, asked, written };
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

describe('DialogSaver', () => {
  it('asks where, modal to the focused window, starting in Pictures under the proposed name, and writes there', async () => {
    const window = { id: 7 };
    const { fake, asked, written } = host({ canceled: false, filePath: '/home/op/Desktop/gate.png' }, window);
    expect(await new DialogSaver(fake).save('Main Entrance 10:00:00.png', PNG, 'image/png')).toEqual({ saved: 'file', path: '/home/op/Desktop/gate.png' });
    expect(asked).toEqual([
      {
        window,
        options: expect.objectContaining({ defaultPath: '/home/op/Pictures/Main Entrance 10_00_00.png', filters: [{ name: 'PNG image', extensions: ['png'] }] }) as unknown,
      },
    ]);
    expect(written).toEqual([{ path: '/home/op/Desktop/gate.png', bytes: PNG }]);
  });

  it('writes nothing when the operator cancels, and works with no window focused', async () => {
    const { fake, asked, written } = host({ canceled: true, filePath: '' }, null);
    expect(await new DialogSaver(fake).save('snap', PNG, 'image/png')).toEqual({ saved: 'cancelled' });
    expect(asked[0]?.window).toBeUndefined();
    expect(written).toEqual([]);
  });
});
