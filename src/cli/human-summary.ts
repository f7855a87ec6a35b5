import { formatHuman } from '../output/number-format.js';
import type { RunSummary } from '../output/summary.js';

/** The short human summary `undead run` prints: final counts, peaks, overtakes and extinctions. */
export function humanSummary(
  summary: RunSummary,
  head: { scenario: string; engine: string; runs: number; seed: number; until: number; unit: string },
): string {
  const { compartments } = summary;
  const width = Math.max(8, ...compartments.map((name) => name.length + 2));
  const cell = (text: string) => text.padStart(width);
  const runs = head.runs > 1 ? `, mean of ${head.runs} runs` : '';
  const lines = [
    `${head.scenario} on ${head.engine}, seed ${head.seed}, t = 0…${formatHuman(head.until)} ${head.unit}${runs}`,
    `${''.padEnd(14)}${compartments.map(cell).join('')}`,
    `${'final'.padEnd(14)}${compartments.map((c) => cell(formatHuman(summary.final[c]!))).join('')}`,
    `${'peak'.padEnd(14)}${compartments.map((c) => cell(formatHuman(summary.peak[c]!.value))).join('')}`,
    `${'peak at t'.padEnd(14)}${compartments.map((c) => cell(formatHuman(summary.peak[c]!.t))).join('')}`,
  ];
  for (const o of [...summary.overtakes].sort((a, b) => a.t - b.t)) {
    lines.push(`${o.compartment} overtakes ${o.over} at t = ${formatHuman(o.t)} ${head.unit}`);
  }
  for (const c of compartments) {
    const e = summary.extinction[c]!;
    if (e.fraction === 0 || e.t === null || e.t === 0) continue;
    const share =
      head.runs > 1
        ? ` in ${(e.fraction * 100).toFixed(1)}% of runs (median t = ${formatHuman(e.times!.q50)})`
        : '';
    lines.push(`${c} died out at t = ${formatHuman(e.t)} ${head.unit}${share}`);
  }
  return lines.join('\n');
}
