import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ffmpegPath } from '../../shared-node/ffmpeg-binary';

export { ffmpegPath };

const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSansMono-Bold.ttf',
  '/Library/Fonts/Arial.ttf',
  '/System/Library/Fonts/Supplemental/Arial.ttf',
  'C:\\Windows\\Fonts\\consola.ttf',
];

let fontLookup: { readonly font: string | undefined } | undefined;

/**
 * A font file for the burnt-in text: a known path, else whatever fontconfig matches,
 * else undefined (the encoder then draws no text rather than fail).
 */
export function findFont(): string | undefined {
  fontLookup ??= { font: FONT_CANDIDATES.find((candidate) => existsSync(candidate)) ?? fontconfigMatch() };
  return fontLookup.font;
}

function fontconfigMatch(): string | undefined {
  try {
    const file = execFileSync('fc-match', ['-f', '%{file}', 'monospace:bold'], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return file && existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts ffmpeg so that it dies with us. A killed simulator must not leave encoders
 * running for ever (they are `-re` and never end), and Node cannot set a parent-death
 * signal. So on POSIX a tiny shell watchdog holds our stdin pipe: when the pipe closes,
 * because we stopped the encoder or because we died, it terminates ffmpeg.
 */
export function spawnTiedToParent(binary: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, stdout: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  const options = { env: { ...process.env, ...env } };
  if (process.platform === 'win32') return spawn(binary, args, { ...options, stdio: ['ignore', stdout, 'pipe'], windowsHide: true });
  const watchdog =
    'exec 3<&0; "$@" </dev/null & child=$!; (read -r _ <&3; kill -TERM $child 2>/dev/null) & guard=$!; ' +
    'wait $child; status=$?; kill $guard 2>/dev/null; exit $status';
  return spawn('/bin/sh', ['-c', watchdog, 'tessera-encoder', binary, ...args], { ...options, stdio: ['pipe', stdout, 'pipe'] });
}

/** Stops a process started by spawnTiedToParent, escalating to SIGKILL if it lingers. */
export function stopTied(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    if (child.stdin) child.stdin.end();
    else child.kill('SIGTERM');
  });
}

/** Runs ffmpeg to completion and returns what it wrote to stdout (snapshots, clips). */
export function runFfmpeg(args: readonly string[], timeoutMs = 20_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err = (err + chunk).slice(-1000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`ffmpeg exited with ${String(code)}: ${err.trim()}`));
    });
  });
}
