import type { Dialog, SaveDialogOptions } from 'electron';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SaveFileResult } from '../../shared/model/export';
import { type FileSaver, safeFileName } from '../core/files/file-saver';

/** The parts of Electron the saver uses; structural so unit tests pass fakes. */
export interface DialogSaverHost {
  readonly dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The window the operator is in: the dialog is modal to it. */
  readonly focusedWindow: () => Electron.BaseWindow | null;
  /** `app.getPath('pictures')`. */
  readonly picturesDir: () => string;
  readonly writeFile?: (path: string, bytes: Uint8Array) => Promise<void>;
}

const FILTERS: Readonly<Record<string, SaveDialogOptions['filters']>> = { 'image/png': [{ name: 'PNG image', extensions: ['png'] }] };

/**
 * Electron's saver: the save dialog, in the Pictures folder under the name the renderer
 * proposed, then the file written where the operator chose.
 */
export class DialogSaver implements FileSaver {
  constructor(private readonly host: DialogSaverHost) {}

  async save(fileName: string, bytes: Uint8Array, contentType: string): Promise<SaveFileResult> {
    const options: SaveDialogOptions = {
      title: 'Save snapshot',
      defaultPath: join(this.host.picturesDir(), safeFileName(fileName, contentType)),
      filters: FILTERS[contentType],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const window = this.host.focusedWindow();
    const chosen = window ? await this.host.dialog.showSaveDialog(window, options) : await this.host.dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return { saved: 'cancelled' };
    await (this.host.writeFile ?? writeFile)(chosen.filePath, bytes);
    return { saved: 'file', path: chosen.filePath };
  }
}
