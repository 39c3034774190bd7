import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The ffmpeg binary shipped by @ffmpeg-installer (a static build with libx264 and drawtext),
 * or TESSERA_FFMPEG. One helper for the app and its simulator: in a packaged Electron app the
 * package sits inside app.asar, which a child process cannot execute, so electron-builder
 * unpacks binaries next to it (the installer's README gives this fix).
 */
export function ffmpegPath(): string {
  const override = process.env['TESSERA_FFMPEG'];
  if (override) return override;
  const sep = process.platform === 'win32' ? '\\' : '/';
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
}
