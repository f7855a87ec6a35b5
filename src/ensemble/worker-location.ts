import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Where the pool's worker module is, and the Node flags a worker needs to load it: the compiled
 * `worker.js` beside this file when running from `dist/`, or `worker.ts` through tsx's loader when
 * running from source (under tsx or vitest).
 */
export function workerLocation(): { filename: string; execArgv: string[] | undefined } {
  const fromSource = import.meta.url.endsWith('.ts');
  const filename = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href;
  if (!fromSource) return { filename, execArgv: undefined };
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { filename, execArgv: ['--import', loader] };
}
