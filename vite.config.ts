import { defineConfig } from 'vite';

/** Builds the renderer (React) into dist/renderer, served by both transports from `/`. */
export default defineConfig({
  root: 'renderer',
  base: '/',
  publicDir: 'public',
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
