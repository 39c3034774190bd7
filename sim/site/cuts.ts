import { runFfmpeg } from './ffmpeg';

/** A JPEG of the first frame of an MPEG-TS segment, scaled for previews and event pictures. */
export function segmentJpeg(path: string): Promise<Buffer | undefined> {
  return runFfmpeg(['-i', path, '-frames:v', '1', '-vf', 'scale=480:-2', '-q:v', '6', '-f', 'mjpeg', 'pipe:1']).catch(() => undefined);
}

/**
 * Joins consecutive MPEG-TS segments of one run into an MP4 without re-encoding, its
 * index at the front (faststart) so a player can start before the whole file arrived.
 */
export async function segmentsToMp4(paths: readonly string[], out: string): Promise<void> {
  await runFfmpeg(['-i', `concat:${paths.join('|')}`, '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', '-y', out]);
}
