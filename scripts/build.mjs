// Builds every part of Tessera into dist/:
//   dist/cli/launcher.js     `npm start`: Electron when installed, else the web transport
//   dist/main/electron.js    the Electron main process
//   dist/preload/preload.cjs the sandboxed preload (CommonJS, one file: sandboxed preloads cannot require)
//   dist/sim/cli.js          `npm run sim`
//   dist/cli/bridge.js       `npm run bridge`: the sensor bridge alone, headless
//   dist/renderer/           the React app (vite)
// esbuild bundles the Node side because the preload must be a single file anyway and
// it keeps start-up to one fast step; npm packages stay external (resolved from node_modules).
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { build as viteBuild } from 'vite';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const nodeOnly = process.argv.includes('--node-only');

// Chunk names change with their content: old ones would pile up.
await rm(nodeOnly ? 'dist/chunks' : 'dist', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { __TESSERA_VERSION__: JSON.stringify(pkg.version) },
};

await Promise.all([
  // Split: what an entry imports dynamically (the embedded demo VMS) is a chunk of its own
  // with its own imports, loaded only when used (dist/chunks sits beside dist/cli, so paths
  // relative to a module's URL resolve the same from either).
  build({ ...common, format: 'esm', packages: 'external', splitting: true, chunkNames: 'chunks/[name]-[hash]', entryPoints: { 'cli/launcher': 'electron/cli/launcher.ts', 'cli/bridge': 'electron/cli/bridge.ts', 'sim/cli': 'sim/cli.ts', 'main/electron': 'electron/main/electron-main.ts' }, outdir: 'dist', outExtension: { '.js': '.js' } }),
  build({ ...common, format: 'cjs', external: ['electron'], entryPoints: { 'preload/preload': 'electron/preload/preload.ts' }, outdir: 'dist', outExtension: { '.js': '.cjs' } }),
]);

if (!nodeOnly) await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' });
