import { formatDuration } from '../../../src/output/time-format.js';
import type { RunData } from '../run-files.js';

/** The options a run was made with, as its summary.json keeps them (`undead run`'s). */
interface RunOverrides {
  readonly set?: readonly string[];
  readonly until?: number;
  readonly every?: number;
  readonly interventions?: string;
}

/**
 * What makes a run what it is, in a line: engine, seed, runs and the options it was run with
 * (`--until`, `--every`, `--set`, `--interventions`), or "as the scenario says". Beside `others`
 * (the runs it is compared with), its end and output step in words where theirs differ and no
 * option says so (a scenario's own `time`).
 */
export function runDescription(run: RunData, others: readonly RunData[] = []): string {
  const { summary } = run;
  const overrides = (summary as { overrides?: RunOverrides }).overrides ?? {};
  const sets = overrides.set ?? [];
  const parts = [`${summary.engine} engine`, `seed ${summary.seed}`];
  if (summary.runs > 1) parts.push(`${summary.runs} runs`);
  const options = [
    ...(overrides.until === undefined ? [] : [`--until ${overrides.until}`]),
    ...(overrides.every === undefined ? [] : [`--every ${overrides.every}`]),
    ...sets.map((s) => `--set ${s}`),
    ...(overrides.interventions === undefined
      ? []
      : [`--interventions ${overrides.interventions.split(/[\\/]/).pop()}`]),
  ];
  parts.push(options.length === 0 ? 'as the scenario says' : options.join(' '));
  for (const time of ['until', 'every'] as const) {
    const said = overrides[time] !== undefined || sets.some((s) => s.startsWith(`time.${time}=`));
    if (!said && others.some((other) => other.summary[time] !== summary[time]))
      parts.push(`${time} ${formatDuration(summary[time], run.scale.unit)}`);
  }
  return parts.join(', ');
}
