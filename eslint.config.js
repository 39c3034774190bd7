// Lint with zero warnings. Beyond typescript-eslint's strict type-checked rules, the
// architecture's boundaries are enforced here (ARCHITECTURE.md):
//   - the renderer never imports electron/, sim/ or Node built-ins;
//   - only electron/main and electron/preload import `electron`;
//   - shared/ imports neither Node built-ins nor the DOM (its tsconfig has no DOM lib);
//   - the renderer never touches raw ipcRenderer (it only has window.tessera).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

// The main process's layers, lowest first (ARCHITECTURE.md): common ← vms ← media ← core ←
// {main, web, cli}, with site/ (the MQTT site link) beside media under core. Each may import only from layers below it; vendor folders only from
// common/, the vms kit (the adapter interface and its helpers) and themselves; nothing but
// the demo launcher imports the simulator.
const VENDORS = ['ivms', 'vxg', 'een', 'milestone'];
const ELECTRON_ONLY = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const NO_SIM = { group: ['**/sim/**', '**/sim'], message: 'The client never imports the simulator (only the demo launcher, electron/demo/, starts it).' };
const above = (layer, ...folders) => ({ group: folders.flatMap((folder) => [`**/${folder}/**`, `**/${folder}`]), message: `${layer} may not import from ${folders.join(', ')}: dependencies point one way (common ← vms ← media ← core ← main, web, cli).` });
const layer = (files, ...patterns) => ({ files, ignores: ['electron/vms/registry.ts'], rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_ONLY], patterns: [NO_SIM, ...patterns] }] } });
const layerRules = [
  layer(['electron/common/**/*.ts'], above('electron/common', 'vms', 'media', 'core', 'web', 'main', 'cli', 'preload', 'demo', 'renderer')),
  layer(['electron/vms/*.ts'], above('The vms kit', 'media', 'core', 'web', 'main', 'cli', 'preload', 'demo', 'renderer'), { group: VENDORS.map((vendor) => `./${vendor}/**`), message: 'Only the registry knows the vendors.' }),
  ...VENDORS.map((vendor) =>
    layer(
      [`electron/vms/${vendor}/**/*.ts`],
      above(`A vendor folder (${vendor})`, 'media', 'core', 'web', 'main', 'cli', 'preload', 'demo', 'renderer'),
      { group: VENDORS.filter((other) => other !== vendor).flatMap((other) => [`../${other}/**`, `../${other}`]), message: 'A vendor never imports another vendor.' },
      { group: ['../registry', '../registry.ts'], message: 'A vendor does not import the registry of vendors.' },
    ),
  ),
  // The registry is the one place that lists the vendors.
  { files: ['electron/vms/registry.ts'], rules: { 'no-restricted-imports': ['error', { paths: [ELECTRON_ONLY], patterns: [NO_SIM, above('The vms registry', 'media', 'core', 'web', 'main', 'cli', 'preload', 'demo', 'renderer')] }] } },
  // The site link (several PCs over MQTT) stands on common/ and shared/ only; core wires it to walls and alerts.
  layer(['electron/site/**/*.ts'], above('electron/site', 'vms', 'media', 'core', 'web', 'main', 'cli', 'preload', 'demo', 'renderer')),
  layer(['electron/media/**/*.ts'], above('electron/media', 'core', 'web', 'main', 'cli', 'preload', 'demo', 'renderer'), { group: VENDORS.map((vendor) => `../vms/${vendor}/**`), message: 'The media proxy knows adapters only through the adapter interface.' }),
  layer(['electron/core/**/*.ts'], above('electron/core', 'web', 'main', 'cli', 'preload', 'demo', 'renderer')),
  layer(['electron/web/**/*.ts'], above('electron/web', 'main', 'cli', 'preload', 'demo', 'renderer')),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }] }],
      eqeqeq: ['error', 'always'],
    },
  },
  ...layerRules,
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts', 'test/unit/electron/**/*.ts', 'test/unit/main/**/*.ts', 'test/e2e/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Playwright fixtures must destructure their dependencies, even when there are none.
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the core only through window.tessera.' }, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a browser sandbox: no Node built-ins.' }))],
          patterns: [
            { group: ['**/electron/**', '**/sim/**'], message: 'The renderer may import only renderer/ and shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is pure TypeScript.' }, ...nodeBuiltins.map((name) => ({ name, message: 'shared/ imports no Node built-ins.' }))],
          patterns: [{ group: ['**/electron/**', '**/renderer/**', '**/sim/**'], message: 'shared/ depends on nothing but itself and libraries.' }],
        },
      ],
    },
  },
  {
    files: ['sim/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'The simulator stands alone: it is a VMS, not part of the client.' }] }],
    },
  },
  {
    files: ['bench/wall/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', Hls: 'readonly' } },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false }, globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
