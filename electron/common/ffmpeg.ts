import { spawn } from 'node:child_process';
import { ffmpegPath } from '../../shared-node/ffmpeg-binary';

export { ffmpegPath };

export class FfmpegError extends Error {
  override readonly name = 'FfmpegError';
}

/**
 * Runs ffmpeg to completion. Rejects with the last lines it wrote to stderr when it fails,
 * is killed after `timeoutMs`, and is killed at once when `signal` aborts (rejecting with
 * the signal's reason).
 */
export function runFfmpeg(args: readonly string[], options: { readonly signal?: AbortSignal; readonly timeoutMs?: number } = {}): Promise<void> {
  const { signal, timeoutMs = 10 * 60_000 } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const child = spawn(ffmpegPath(), ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const onAbort = (): void => void child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    const settle = (error: Error | undefined): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    child.once('error', (error) => settle(new FfmpegError(`ffmpeg could not be started: ${error.message}`)));
    child.once('close', (code) => {
      if (signal?.aborted) settle(signal.reason as Error);
      else if (timedOut) settle(new FfmpegError(`ffmpeg took longer than ${Math.round(timeoutMs / 1000)} s`));
      else if (code !== 0) settle(new FfmpegError(lastLine(stderr) || `ffmpeg exited with code ${String(code)}`));
      else settle(undefined);
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/**
 * Runs ffmpeg and returns what it wrote to stdout (a remuxed segment, a frame), with the
 * same failure handling as runFfmpeg.
 */
export function ffmpegOutput(args: readonly string[], options: { readonly signal?: AbortSignal; readonly timeoutMs?: number } = {}): Promise<Uint8Array> {
  const { signal, timeoutMs = 60_000 } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const child = spawn(ffmpegPath(), ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const onAbort = (): void => void child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new FfmpegError(`ffmpeg could not be started: ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(signal.reason as Error);
      else if (code !== 0) reject(new FfmpegError(lastLine(stderr) || `ffmpeg exited with code ${String(code)}`));
      else resolve(new Uint8Array(Buffer.concat(chunks)));
    });
  });
}
