import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Vitest's global setup: compiles `src` into `dist` once, so that the command-line tests run the
 * `undead` command as it ships (`dist/cli/main.js`, the package's bin) and as it stands in `src`,
 * and builds the browser viewer into `dist/web` (Vite, a second or two) for the viewer's tests.
 * Starting it from `dist` takes half the time of compiling TypeScript on every start, and the
 * suite starts the command a few hundred times.
 */
export default async function buildDist(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const { build } = await import('vite');
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'error' });
}
