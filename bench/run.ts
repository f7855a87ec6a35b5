import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench [-- NAME…]`: runs every bench/*.ts module (or those named) and prints one JSON
 * line per case. Each module exports `run(): Promise<Record<string, unknown>[]>`.
 */
const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const modules = readdirSync(dir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.slice(0, -3))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

for (const name of modules) {
  const module = (await import(`./${name}.ts`)) as { run: () => Promise<Record<string, unknown>[]> };
  for (const result of await module.run())
    process.stdout.write(`${JSON.stringify({ bench: name, ...result })}\n`);
}
