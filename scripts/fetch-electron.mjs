// postinstall: try to download the Electron binary; never fail the install.
// The electron package is a dev dependency for its types, and its own install script is
// blocked in package.json `allowScripts`, because on machines with no route to
// Electron's release host it fails and would fail `npm install` with it. Here the same
// download is attempted with a deadline, and a failure becomes one line of warning:
// `npm start` then serves the wall to a browser instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const TIMEOUT_MS = Number(process.env.TESSERA_ELECTRON_FETCH_TIMEOUT_MS ?? 180_000);
const require = createRequire(import.meta.url);

let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // production install without dev dependencies: nothing to fetch
}
if (existsSync(join(electronDir, 'path.txt'))) process.exit(0);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  console.warn('Tessera: ELECTRON_SKIP_BINARY_DOWNLOAD is set, so `npm start` will serve the wall to a browser.');
  process.exit(0);
}

const child = spawn(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
child.stderr.on('data', (chunk) => (stderr += chunk));
const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  if (code === 0 && existsSync(join(electronDir, 'path.txt'))) process.exit(0);
  const why = signal ? `no answer within ${TIMEOUT_MS / 1000} s` : (stderr.match(/(RequestError|HTTPError|Error)[^\n]*/)?.[0] ?? `exit code ${code}`);
  console.warn(`Tessera: the Electron binary could not be downloaded (${why.trim()}); \`npm start\` will serve the wall to your browser instead.`);
  process.exit(0);
});
