import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The viewer's build: `web/` into `dist/web/`, every module bundled (no CDN), with relative asset
 * paths so that the same files work served by `undead view` and copied anywhere by `--export`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    // Two pages: the viewer, and two runs side by side (`undead view DIR --compare DIR2`).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        compare: fileURLToPath(new URL('compare.html', import.meta.url)),
      },
    },
  },
});
