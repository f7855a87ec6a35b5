/**
 * Runs a batch of hostile cases through the `undead` command line, in this one process, and
 * reports each on the real stdout as an NDJSON line: `{"start":i}` before it and
 * `{"i":i,"status":…,"stdout":…,"stderr":…,"ms":…}` after it. The parent (`run-batch.ts`) kills
 * this process when a case overruns its bound, or notices when it dies, and starts a new one.
 *
 * Usage: node --import tsx --max-old-space-size=MB batch-child.ts CASES.json FROM
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostileCase } from './hostile-case.js';

const [casesFile, fromText] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesFile!, 'utf8')) as HostileCase[];
const report = process.stdout.write.bind(process.stdout);
const captured = { stdout: '', stderr: '' };
process.stdout.write = ((chunk: string | Uint8Array) => {
  captured.stdout += String(chunk);
  return true;
}) as typeof process.stdout.write;
process.stderr.write = ((chunk: string | Uint8Array) => {
  captured.stderr += String(chunk);
  return true;
}) as typeof process.stderr.write;

// Importing the command runs it once on process.argv: make that a harmless `--version`.
process.argv = [process.argv[0]!, 'undead', '--version'];
const { main } = await import('../../src/cli/main.js');

const work = mkdtempSync(join(tmpdir(), 'undead-fuzz-'));
for (let i = Number(fromText); i < cases.length; i++) {
  const hostile = cases[i]!;
  const dir = join(work, String(i));
  mkdirSync(dir);
  const file = join(dir, 'fuzz.yaml');
  if (hostile.yaml !== null) writeFileSync(file, hostile.yaml);
  const args = hostile.args.map((a) => (a === '$FILE' ? file : a === '$OUT' ? join(dir, 'out') : a));
  captured.stdout = '';
  captured.stderr = '';
  report(`${JSON.stringify({ start: i })}\n`);
  const started = performance.now();
  let status: number;
  try {
    status = await main(args);
  } catch (error) {
    status = -1;
    captured.stderr += `main threw: ${String(error)}`;
  }
  const ms = Math.round(performance.now() - started);
  report(`${JSON.stringify({ i, status, stdout: captured.stdout, stderr: captured.stderr, ms })}\n`);
  rmSync(dir, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });
process.exit(0);
