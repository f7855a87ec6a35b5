import type { Trajectory } from '../engines/trajectory.js';
import { quantileSorted } from './summary.js';

/**
 * The engine files of an ensemble: the first replicate's, with each table (a `*.csv` that every
 * replicate has) stacked over all replicates under a leading `run` column, as `timeseries.csv`
 * is; a `*.csv` only the first replicate has (`agents.csv`) stays the first run's. One run: its
 * files as they are.
 */
export function ensembleArtifacts(
  runs: readonly Trajectory[],
): Record<string, string | Uint8Array> | undefined {
  const first = runs[0]?.artifacts;
  if (first === undefined || runs.length === 1) return first;
  const files: Record<string, string | Uint8Array> = {};
  for (const [name, data] of Object.entries(first)) {
    const table = name.endsWith('.csv') && runs.every((run) => typeof run.artifacts?.[name] === 'string');
    files[name] = table ? stackCsv(runs, name) : data;
  }
  return files;
}

/**
 * Every replicate's own logs (`--keep-events all`), as files `replicates/K/NAME` (K the replicate,
 * as in the `run` column of timeseries.csv), so that `undead story DIR/replicates/K` reads run K.
 */
export function replicateLogs(
  runs: readonly { readonly logs?: Record<string, string> | undefined }[],
  first = 0,
): Record<string, string> {
  const files: Record<string, string> = {};
  runs.forEach((run, r) => {
    for (const [name, data] of Object.entries(run.logs ?? {}))
      files[`replicates/${first + r}/${name}`] = data;
  });
  return files;
}

function stackCsv(runs: readonly Trajectory[], name: string): string {
  const out: string[] = [];
  runs.forEach((run, r) => {
    const lines = String(run.artifacts?.[name] ?? '').split('\n');
    if (r === 0) out.push(`run,${lines[0]}`);
    for (const line of lines.slice(1)) if (line !== '') out.push(`${r},${line}`);
  });
  return `${out.join('\n')}\n`;
}

/** A number's spread over runs: the median and the 5–95% range of the runs where it happened. */
export interface Spread {
  median: number | null;
  q05: number | null;
  q95: number | null;
  /** Runs in which it never happened (null). */
  never: number;
}

/**
 * The stories of many runs (`Engine.story`) in one: each number becomes its spread over runs
 * (`Spread`), each yes/no the share of runs with yes, each text the share of runs with each value,
 * each list of names the share of runs naming each, a list of named records a record per name,
 * and each record is summarised field by field. A number missing from a record counts as 0.
 */
export function storyAcrossRuns(stories: readonly unknown[]): unknown {
  if (stories.length === 0) return null;
  if (stories.every((v) => v === null || v === undefined || typeof v === 'number')) return spread(stories);
  if (stories.every((v) => typeof v === 'boolean')) return share(stories, (v) => v === true);
  if (stories.every((v) => typeof v === 'string')) return shares(stories.map((v) => [v as string]));
  if (stories.every(Array.isArray)) {
    const lists = stories as unknown[][];
    if (lists.every((list) => list.every((item) => typeof item === 'string')))
      return shares(lists as string[][]);
    if (lists.every((list) => list.every(isNamed))) {
      const names = [
        ...new Set(lists.flatMap((list) => list.map((item) => (item as { name: string }).name))),
      ];
      return Object.fromEntries(
        names.map((name) => [
          name,
          storyAcrossRuns(
            lists.map((list) => omitName(list.find((item) => isNamed(item) && item.name === name))),
          ),
        ]),
      );
    }
    return null;
  }
  if (stories.every(isRecord)) {
    const records = stories as Record<string, unknown>[];
    const keys = [...new Set(records.flatMap(Object.keys))];
    return Object.fromEntries(
      keys.map((key) => {
        const values = records.map((r) => r[key]);
        const numeric = values.some((v) => typeof v === 'number');
        return [key, storyAcrossRuns(numeric ? values.map((v) => (v === undefined ? 0 : v)) : values)];
      }),
    );
  }
  return null;
}

function spread(values: readonly unknown[]): Spread {
  const happened = Float64Array.from(values.filter((v): v is number => typeof v === 'number')).sort();
  const at = (q: number) => (happened.length === 0 ? null : round(quantileSorted(happened, q)));
  return { median: at(0.5), q05: at(0.05), q95: at(0.95), never: values.length - happened.length };
}

function share(values: readonly unknown[], yes: (v: unknown) => boolean): number {
  return round(values.filter(yes).length / values.length);
}

/** For each name in any list, the share of lists that hold it (most common first). */
function shares(lists: readonly string[][]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const list of lists) for (const name of new Set(list)) counts.set(name, (counts.get(name) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return Object.fromEntries(sorted.map(([name, n]) => [name, round(n / lists.length)]));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isNamed(v: unknown): v is { name: string } {
  return isRecord(v) && typeof v.name === 'string';
}

function omitName(v: unknown): unknown {
  if (!isRecord(v)) return v;
  const { name: _, ...rest } = v;
  return rest;
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
