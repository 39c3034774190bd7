// Runs npm scripts at the same time and fails if any fails: `node scripts/run-together.mjs typecheck lint`.
//
// Why: type-checking (tsc, one thread) and lint (typed ESLint, one thread) each take a minute or
// more of one core before any test runs; side by side on a 2-core machine they take the longer
// of the two instead of the sum. `npm test` runs the unit tests beside them too: they spend most
// of their time waiting on simulators and timers (the CPU stood 60-80 % idle while they ran
// alone), so all four together took 183 s against 265 s in turn. The build for the end-to-end
// tests joins them: no unit test reads dist/. Each script's output is held
// and printed whole when it ends, so the log reads as if they had run in turn.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/run-together.mjs <npm script>...');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => output.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      const ok = code === 0;
      process.stdout.write(`\n> ${name}: ${ok ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds} s\n`);
      process.stdout.write(Buffer.concat(output));
      resolve(ok);
    });
  });
}

const results = await Promise.all(names.map(run));
const failed = names.filter((_, index) => !results[index]);
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
