import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

/**
 * Vitest's global setup: compiles `src` into `dist` once, so that the command-line tests run the
 * `undead` command as it ships (`dist/cli/main.js`, the package's bin) and as it stands in `src`,
 * and builds the browser viewer into `dist/web` (Vite, a second or two) for the viewer's tests.
 * Starting it from `dist` takes half the time of compiling TypeScript on every start, and the
 * suite starts the command a few hundred times.
 *
 * esbuild only strips the types, file by file, into the layout `tsc -p tsconfig.build.json` gives
 * (a second, where tsc takes ten on the critical path of the suite): the types are checked by
 * `npm run typecheck`, and `npm run build` (run by `npm ci`) still makes the declarations. Then the
 * command is bundled over it into `dist/cli`, as `npm run build` does (`scripts/bundle-cli.ts`).
 */
export default async function buildDist(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  await esbuild({
    entryPoints: [join(root, 'src/**/*.ts')],
    outbase: join(root, 'src'),
    outdir: join(root, 'dist'),
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'error',
  });
  // The command itself as it ships: bundled over tsc's layout (scripts/bundle-cli.ts).
  const { bundleCli } = await import('../scripts/bundle-cli.js');
  await bundleCli(root);
  const { build } = await import('vite');
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'error' });
}
