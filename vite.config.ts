import { defineConfig } from 'vite';

/** Builds the renderer (React) into dist/renderer, served by both transports from `/`. */
export default defineConfig({
  root: 'renderer',
  base: '/',
  publicDir: 'public',
  resolve: {
    // hls.js's light build: the full one adds subtitles, alternate audio, DRM (EME), CMCD,
    // content steering and interstitials, none of which a VMS's camera streams use, and is
    // 60 % larger (597 against 374 kB minified: parsed at every start of the wall). Same
    // API and the same transmuxer worker. Exact match only: hls.js/dist/... stays as asked.
    alias: [{ find: /^hls\.js$/, replacement: 'hls.js/dist/hls.light.mjs' }],
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // Inline assets would need data: in script/style CSP; keep everything as files.
    assetsInlineLimit: 0,
    // A desktop app loads its bundle from disk or loopback; hls.js alone is ~400 kB.
    chunkSizeWarningLimit: 2000,
  },
  oxc: {
    jsx: { runtime: 'automatic' },
  },
});
