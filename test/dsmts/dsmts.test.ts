import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { streamFor } from '../../src/core/random.js';
import type { SsaMethod } from '../../src/engines/ssa/method.js';
import { outputTimes } from '../../src/engines/trajectory.js';
import { type LoadedScenario, parseScenario } from '../../src/scenario/parse.js';
import { ssaOf } from '../engines/stochastic.js';
import { ROOT } from '../helpers.js';
import { parseMod } from './mod-parser.js';
import { Moments, type SuiteCheck, suiteCheck } from './statistics.js';

const DIR = join(ROOT, '../shared/reference/dsmts');
const present = existsSync(DIR);
const SEED = 2026;
/** Runs per model: the suite's 10,000, or its least meaningful 1,000 for the two whose runs take ~10⁵ events. */
const RUNS: Record<string, number> = { 'dsmts-001-05': 1_000, 'dsmts-002-04': 1_000 };
const DEFAULT_RUNS = 10_000;

/** A table `time,<species…>` of exact means or standard deviations. */
function readTable(file: string): { columns: string[]; rows: number[][] } {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header!.split(',').map((c) => c.replaceAll('"', '').trim());
  return { columns, rows: lines.map((line) => line.split(',').map(Number)) };
}

/** Sample moments of each column at each output time, over n runs of the SSA. */
function simulate(
  loaded: LoadedScenario,
  columns: readonly string[],
  n: number,
  method: SsaMethod,
): Moments[][] {
  const { network, scenario } = loaded;
  const times = outputTimes(scenario.time.until, scenario.time.every);
  const readers = columns.map((column) => {
    const binding = network.resolve(column);
    if (binding?.kind === 'state') return (x: Float64Array) => x[binding.index]!;
    if (binding?.kind === 'derived')
      return (x: Float64Array, t: number) => binding.fn(x, network.parameters, t);
    throw new Error(`the model has no quantity '${column}'`);
  });
  const moments = columns.map(() => Array.from(times, () => new Moments()));
  const x = new Float64Array(network.compartments.length);
  for (let r = 0; r < n; r++) {
    const engine = ssaOf(loaded, streamFor(SEED, r), { method });
    for (let row = 0; row < times.length; row++) {
      engine.advanceTo(times[row]!);
      engine.observe(x);
      for (let c = 0; c < columns.length; c++) moments[c]![row]!.add(readers[c]!(x, times[row]!));
    }
  }
  return moments;
}

/** Runs one model and returns the suite's checks at every time point of every species. */
function checkModel(id: string, method: SsaMethod, runs: number, settings: string[] = []): SuiteCheck[] {
  const model = parseMod(readFileSync(join(DIR, `${id}.mod`), 'utf8'));
  const loaded = parseScenario(stringify(model.scenario), `${id}.mod`, settings);
  const means = readTable(join(DIR, `${id}-mean.csv`));
  const sds = readTable(join(DIR, `${id}-sd.csv`));
  const columns = means.columns.slice(1);
  const moments = simulate(loaded, columns, runs, method);
  return means.rows.flatMap((row, r) =>
    columns.map((column, c) =>
      suiteCheck(`${id} ${column} t=${row[0]}`, moments[c]![r]!, row[c + 1]!, sds.rows[r]![c + 1]!),
    ),
  );
}

const models = present
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.mod'))
      .map((f) => f.slice(0, -4))
      .sort()
  : [];

describe.skipIf(!present)(
  `DSMTS: every model of ${DIR}, n = ${DEFAULT_RUNS} (skipped if that folder is missing)`,
  () => {
    const results: SuiteCheck[] = [];

    it.each(models)('%s: no gross error (at most 3 failed Z and 4 failed Y in one model)', (id) => {
      const checks = checkModel(id, 'auto', RUNS[id] ?? DEFAULT_RUNS);
      results.push(...checks);
      expect(
        checks.filter((c) => c.meanFailed).map((c) => `${c.label} Z=${c.z.toFixed(2)}`).length,
      ).toBeLessThanOrEqual(3);
      expect(checks.filter((c) => c.varianceFailed).length).toBeLessThanOrEqual(4);
    });

    it('the whole suite: failed Z and Y tests no more than chance allows', () => {
      expect(results.length).toBeGreaterThan(1000);
      const meanFailures = results.filter((c) => c.meanFailed).map((c) => `${c.label} Z=${c.z.toFixed(2)}`);
      const varianceFailures = results
        .filter((c) => c.varianceFailed)
        .map((c) => `${c.label} Y=${c.y.toFixed(2)}`);
      // Chance alone fails about 0.3% of Z tests; Y, with heavier tails, a little more (README).
      expect(meanFailures.length, meanFailures.join('; ')).toBeLessThanOrEqual(8);
      expect(varianceFailures.length, varianceFailures.join('; ')).toBeLessThanOrEqual(12);
    });

    it('the next-reaction method passes the events variants and a birth–death model too', () => {
      const checks = ['dsmts-001-01', 'dsmts-002-09', 'dsmts-002-10'].flatMap((id) =>
        checkModel(id, 'next-reaction', 5_000),
      );
      expect(checks.filter((c) => c.meanFailed).length).toBeLessThanOrEqual(2);
      expect(checks.filter((c) => c.varianceFailed).length).toBeLessThanOrEqual(3);
    });

    it('can fail: a birth rate 3% too high fails many mean tests', () => {
      const checks = checkModel('dsmts-001-01', 'auto', 2_000, ['Lambda=0.103']);
      expect(checks.filter((c) => c.meanFailed).length).toBeGreaterThan(10);
    });
  },
);
