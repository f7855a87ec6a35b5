/**
 * The fuzz test at any size, for a report: `node --import tsx test/fuzz/main.ts
 * [CASES] [SEED]` runs CASES hostile cases (default 100,000) and prints a table of outcomes, the
 * slowest cases and every case that broke the contract (exit 0, 1 or 2 with a message, within
 * its time bound, under its heap limit, never a stack trace).
 */
import { hostileCases } from './hostile-case.js';
import { runBatch } from './run-batch.js';

const count = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 20261204);
const chunk = 2_000;
const started = performance.now();
const byStatus = new Map<string, number>();
const times: number[] = [];
const problems: string[] = [];
for (let from = 0; from < count; from += chunk) {
  const cases = hostileCases(Math.min(chunk, count - from), seed + from);
  const outcomes = await runBatch(cases, { caseMs: 30_000, heapMb: 1024 });
  for (const o of outcomes) {
    const key = o.status === null ? 'died/overran' : `exit ${o.status}`;
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    times.push(o.ms);
    if (o.problem !== undefined) {
      const hostile = cases[o.i]!;
      problems.push(
        `${o.problem}: ${hostile.args.join(' ')}\n${hostile.yaml ?? ''}\n--- stderr:\n${o.stderr.slice(0, 1500)}`,
      );
    }
  }
  process.stderr.write(`${Math.min(from + chunk, count)}/${count} cases, ${problems.length} problems\n`);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
console.log(`cases: ${count}, seed ${seed}, ${((performance.now() - started) / 1000).toFixed(0)} s`);
for (const [key, n] of [...byStatus].sort()) console.log(`${key}: ${n}`);
console.log(`ms per case: median ${q(0.5)}, 99% ${q(0.99)}, max ${times[times.length - 1]}`);
console.log(`problems: ${problems.length}`);
for (const p of problems.slice(0, 50)) console.log(`\n=== ${p}`);
