import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** What a browser page or Web Worker imports to run any engine. */
const ENTRY = join(ROOT, 'src/engines/create.ts');

/** Packages that belong to the scenario layer (validation, YAML), never in a browser engine. */
const SCENARIO_PACKAGES = /(^|\/)node_modules\/(zod|yaml)\//;

/** Node's built-in modules, with and without the `node:` prefix. */
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * Bundles the engines for the browser. Node's built-ins are left out (external) instead of
 * failing the build, so that the metafile lists every one the engines reach.
 */
async function bundleEngines(): Promise<Metafile> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'node-builtins-external',
        setup(plugin) {
          plugin.onResolve({ filter: /.*/ }, (args) =>
            NODE_BUILTINS.has(args.path) ? { path: args.path, external: true } : undefined,
          );
        },
      },
    ],
  });
  return result.metafile;
}

describe('the browser bundle of the engines', () => {
  let metafile: Metafile;

  beforeAll(async () => {
    metafile = await bundleEngines();
  });

  it('is made from the engines', () => {
    expect(Object.keys(metafile.inputs)).toContain('src/engines/create.ts');
  });

  it('imports no Node built-in module', () => {
    const builtins = Object.entries(metafile.inputs).flatMap(([file, input]) =>
      input.imports.filter((used) => NODE_BUILTINS.has(used.path)).map((used) => `${file} → ${used.path}`),
    );
    expect(builtins).toEqual([]);
  });

  it('contains no zod and no yaml', () => {
    const files = Object.keys(metafile.inputs).filter((file) => SCENARIO_PACKAGES.test(file));
    const packages = [...new Set(files.map((file) => file.replace(/^.*node_modules\/([^/]+)\/.*$/, '$1')))];
    expect(packages).toEqual([]);
  });
});
