import { describe, expect, it } from 'vitest';
import {
  checkBudget,
  formatBytes,
  formatCount,
  type MemoryLimit,
  memoryLimit,
  outputRows,
} from '../../src/cli/budget.js';
import { byteSize, positiveNumber, wholeNumber } from '../../src/cli/options.js';
import { planRun } from '../../src/cli/run-plan.js';
import { outputTimes } from '../../src/engines/trajectory.js';
import { everySchedule } from '../../src/model/events.js';
import { availableEngines, compileScenario } from '../../src/scenario/compile.js';
import { builtins, readScenarioText } from '../../src/scenario/files.js';
import { parseText } from '../helpers.js';

/** A machine of 2 cores and 24 GiB, like the one the suite runs on. */
const MACHINE = { cores: 2, memory: 24 * 2 ** 30 };

const plan = (name: string, flags: Record<string, unknown> = {}, notes: string[] = []) => {
  const file = builtins().find((b) => b.name === name)!.file;
  return planRun(
    file,
    readScenarioText(file),
    { method: 'auto', seed: 1, runs: 1, set: [], ...flags },
    (note) => notes.push(note),
    MACHINE,
  );
};

describe('the memory budget', () => {
  it('counts the output rows exactly as the output grid has them', () => {
    for (const [until, every] of [
      [10, 0.1],
      [10, 3],
      [1, 1],
      [86_400, 60],
      [50, 1],
      [0.3, 0.1],
      [7, 0.7],
    ] as const) {
      expect(outputRows(until, every)).toBe(outputTimes(until, every).length);
    }
    expect(outputRows(10, 1e-9)).toBeCloseTo(1e10 + 1, -2);
  });

  it('lets every built-in run with its defaults, and hyosan-high with 20 runs', () => {
    for (const { name, file } of builtins())
      if (availableEngines.includes(parseText(readScenarioText(file)).scenario.engine))
        expect(plan(name).workers).toBe(1);
    expect(plan('hyosan-high', { runs: 20 }).workers).toBe(2);
    expect(plan('munz-basic', { engine: 'ssa', runs: 10_000 }).workers).toBe(2);
  });

  it('lets --every 1e-6 (10⁷ rows) through by default: it fits, and is written as it goes', () => {
    expect(plan('munz-basic', { every: 1e-6 }).workers).toBe(1);
  });

  it('uses fewer workers when only fewer fit, and says so', () => {
    const notes: string[] = [];
    // Each agents engine holds the 1000 × 1000 plane (28 MB); a worker thread counts 64 MB.
    const result = plan(
      'repast-zombies',
      {
        runs: 4,
        workers: 2,
        maxMemory: 1.8e8,
        set: ['world.building.open.width=1000', 'world.building.open.height=1000'],
      },
      notes,
    );
    expect(result.workers).toBe(1);
    expect(notes).toEqual(['using 1 worker thread instead of 2, so that the run fits in 180 MB of memory']);
  });

  it('refuses what even one worker cannot hold, naming the largest part', () => {
    const loaded = parseText(readScenarioText(builtins().find((b) => b.name === 'munz-basic')!.file));
    const issues: string[] = [];
    expect(() =>
      checkBudget(
        loaded,
        1,
        1,
        { bytes: 1e3, source: 'test' },
        (path, message) => {
          issues.push(path);
          return { file: 'x', line: 1, col: 1, path, message };
        },
        () => {},
      ),
    ).toThrow(/asks for 101 output rows of 3 values \(an output every 0\.1 days up to 10 days\): ≈ 4\.5 kB/);
    expect(issues).toEqual(['time.every']);
  });

  it('counts the agents reserved for adding during a run like the others, and names the reserve', () => {
    expect(() => plan('repast-zombies', { maxMemory: 1e6 })).toThrow(/initial\.human: asks for 8,400 agents/);
    expect(() => plan('repast-zombies', { maxMemory: 1e6, set: ['options.agents.reserve=1000000'] })).toThrow(
      /options\.agents\.reserve: asks for 1,008,400 agents/,
    );
  });

  it('defaults to a quarter of the memory; --max-memory sets it, up to three quarters (all of it let the kernel kill the run)', () => {
    expect(memoryLimit(undefined, 24e9)).toEqual({ bytes: 6e9, source: "a quarter of this machine's 24 GB" });
    expect(memoryLimit(8e9, 24e9)).toEqual({ bytes: 8e9, source: 'set by --max-memory' });
    expect(memoryLimit(1e12, 24e9).bytes).toBe(18e9);
    expect(memoryLimit(20e9, 24e9).bytes).toBe(18e9);
    expect(memoryLimit(1e12, 24e9).raisable).toBe(false);
  });

  it('does not advise --max-memory where it cannot help', () => {
    const text = readScenarioText(builtins().find((b) => b.name === 'munz-basic')!.file);
    const refusal = (limit: MemoryLimit, every: string) => {
      const locate = (path: string, message: string) => ({ file: 'x', line: 1, col: 1, path, message });
      try {
        checkBudget(parseText(text, [`time.every=${every}`]), 1, 1, limit, locate, () => {});
      } catch (error) {
        return (error as Error).message;
      }
      return 'fits';
    };
    // All of the machine's memory: no advice to raise it.
    expect(refusal(memoryLimit(1e12, 1e5), '0.001')).toMatch(
      /the most --max-memory gives: the rest is for Node and the system\)$/,
    );
    expect(refusal(memoryLimit(undefined, 1e5), '0.001')).toMatch(/raise it with --max-memory SIZE$/);
    // Beyond the row limit, that limit is the advice; where the rows fit in memory, it is all that is said.
    expect(refusal(memoryLimit(1e12, 1e5), '1e-9')).toMatch(
      /≈ 240 GB .*; whatever the memory, a run has at most 1e8$/,
    );
    expect(refusal(memoryLimit(1e12, 1e13), '1e-9')).toMatch(
      /^x:1:1: time\.every: asks for 1e10 output rows; a run has at most 1e8$/,
    );
    // Just past the limit, the figure in full: '1e8 output rows; a run has at most 1e8' said nothing.
    expect(refusal(memoryLimit(1e12, 1e13), '1e-7')).toMatch(
      /^x:1:1: time\.every: asks for 100,000,001 output rows; a run has at most 1e8$/,
    );
  });

  it('names --until when the output grid comes from it', () => {
    expect(() => plan('munz-basic', { until: 1e12 })).toThrow(
      /^<command line>:1:1: --until: asks for 1e13 output rows of 3 values.*; whatever the memory, a run has at most 1e8$/,
    );
  });

  it('names --runs when the runs kept, not one run, are too many', () => {
    expect(() => plan('munz-basic', { engine: 'ssa', runs: 100_000, every: 0.001 })).toThrow(
      /^<command line>:1:1: --runs: asks for 100,000 runs of 10,001 output rows of 3 values, all kept for the ensemble's quantiles: ≈ 24 GB of memory; the limit is 6\.4 GB \(a quarter of this machine's 26 GB\)/,
    );
  });

  it('refuses an every-event that would fire 1e10 times, at its own line and column', () => {
    const text = readScenarioText(builtins().find((b) => b.name === 'munz-basic')!.file);
    expect(() => parseText(`${text}events:\n  - { every: 1.0e-9, scale: { Z: 0.5 } }\n`)).toThrow(
      /^test\.yaml:27:14: events\.0\.every: fires 1\.0e\+10 times up to time\.until; a scenario may schedule at most 10,000,000 timed firings/,
    );
  });

  it('refuses the lattice engine at --engine for a scenario without a map, the agents engine for one with a map, and --runs on the ode', () => {
    expect(() => plan('munz-basic', { engine: 'lattice' })).toThrow(
      /^<command line>:1:1: --engine: the lattice engine needs a map: this scenario has no world\.lattice/,
    );
    // Its budget read a building's replay frames and failed with a TypeError.
    expect(() => plan('korea-hyosan', { engine: 'agents' })).toThrow(
      /^<command line>:1:1: --engine: the agents engine needs a building and the people in it: this world is a lattice/,
    );
    expect(() => plan('munz-basic', { runs: 2 })).toThrow(
      /^<command line>:1:1: --runs: the ode engine is deterministic/,
    );
    expect(plan('munz-basic', { runs: 2, engine: 'tau' }).workers).toBe(2);
  });

  it('refuses a fast lattice run whose hops are so fast that its hop stages would never end, at the hop rate', () => {
    const fast = ['world.lattice.method=fast', 'world.lattice.move.Z=1e300'];
    expect(() => plan('korea-hyosan', { set: fast })).toThrow(
      /^--set world\.lattice\.move\.Z=1e300:1:22: world\.lattice\.move\.Z: hops this fast make the fast method's step 2\.5e-302 hours: 6\.7e303 hop stages of 9,052 cells, 6\.1e307 cell updates where a run has at most 1e11; slow the movement, shorten the run, or use method: exact$/,
    );
    expect(
      plan('korea-hyosan', { set: ['world.lattice.method=fast', 'world.lattice.move.Z=0.025'] }).workers,
    ).toBe(1);
  });

  it('counts --parquet: timeseries.parquet is built in memory, about twice its size (it was left out: 1.1 GB under a 400 MB limit)', () => {
    const flags = { engine: 'ssa', runs: 1000, every: 0.001, maxMemory: 400e6 };
    expect(plan('munz-basic', flags).workers).toBeGreaterThan(0);
    expect(() => plan('munz-basic', { ...flags, parquet: true })).toThrow(
      /^<command line>:1:1: --parquet: asks for timeseries\.parquet of 1e7 rows, built in memory: ≈ 720 MB of memory \(≈ 1\.0 GB for the whole run\); the limit is 400 MB \(set by --max-memory\)/,
    );
  });

  it('caps --workers at the cores, with a note', () => {
    const notes: string[] = [];
    expect(plan('munz-basic', { engine: 'ssa', runs: 50, workers: 1024 }, notes).workers).toBe(2);
    expect(notes).toEqual(['--workers 1024 is more than the 2 cores of this machine; using 2']);
  });
});

describe('figures in messages', () => {
  it('writes sizes in decimal units and large counts as powers of ten', () => {
    expect(formatBytes(2.4e11)).toBe('240 GB');
    expect(formatBytes(6.3e9)).toBe('6.3 GB');
    expect(formatBytes(2.4e301)).toBe('2.4e+283 EB');
    expect(formatBytes(5.6e12)).toBe('5.6 TB');
    expect(formatCount(100_000)).toBe('100,000');
    expect(formatCount(1e10 + 1)).toBe('1e10');
    expect(formatCount(2.5e9)).toBe('2.5e9');
    expect(formatCount(9.99e8)).toBe('1e9');
    // --until 1e308 --every 0.1: more rows than a double holds.
    expect(formatCount(1e308 / 0.1)).toBe('more than 1e308');
  });

  it('reads --max-memory sizes', () => {
    const size = byteSize('--max-memory');
    expect(size('8GB')).toBe(8e9);
    expect(size('512mb')).toBe(5.12e8);
    expect(size('6GiB')).toBe(6 * 2 ** 30);
    expect(size('1.5T')).toBe(1.5e12);
    expect(size('2000000')).toBe(2e6);
    for (const bad of ['', 'lots', '-1GB', '8XB', '1kB', 'NaN'])
      expect(() => size(bad)).toThrow(/--max-memory/);
  });
});

describe('whole-number flags', () => {
  it('take plain decimal digits only (Number read 0x50 as 80, 1e3 as 1000, and let blanks by)', () => {
    const port = wholeNumber('--port', 1, 65535);
    expect(port('8080')).toBe(8080);
    expect(port('080')).toBe(80);
    for (const bad of ['0x50', '1e3', ' 8080', '8080 ', '+80', '80.0', '0b1', '0o7', '', '70000'])
      expect(() => port(bad), bad).toThrow(`--port: must be a whole number from 1 to 65535, not '${bad}'`);
    const seed = wholeNumber('--seed', 0);
    expect(seed('16')).toBe(16);
    expect(() => seed('0x10')).toThrow(/--seed: must be a whole number from 0 to 2\^53 − 1 .*, not '0x10'/);
  });

  it('times are decimal: --until 0x10 and 0b11 are refused (they ran to 16 and 3 days)', () => {
    const until = positiveNumber('--until');
    for (const [text, value] of [
      ['10', 10],
      ['0.5', 0.5],
      ['.5', 0.5],
      ['2.', 2],
      ['1e3', 1000],
      ['2.5E-1', 0.25],
    ] as const)
      expect(until(text), text).toBe(value);
    for (const bad of ['0x10', '0b11', '0o7', '', 'Infinity', '-1', '0', '1e400', '1,5'])
      expect(() => until(bad), bad).toThrow(`--until: must be a number greater than 0, not '${bad}'`);
  });

  it('take a power of ten where asked to: --max-events 1e9, as its default 1e8 is written', () => {
    const events = wholeNumber('--max-events', 1, Number.MAX_SAFE_INTEGER, true);
    expect(events('1e9')).toBe(1e9);
    expect(events('25E6')).toBe(2.5e7);
    expect(events('1000')).toBe(1000);
    for (const bad of ['0x10', '1.5e3', '1e-3', ' 1e9', '1e20', '0e5'])
      expect(() => events(bad), bad).toThrow(/--max-events: must be a whole number/);
  });
});

describe('every-events', () => {
  it('start at their first firing at or after 0, counted without stepping to it', () => {
    expect(everySchedule(1, -1e308, 10)).toEqual({ first: 0, count: 11 });
    expect(everySchedule(2, -3, 10)).toEqual({ first: 1, count: 5 });
    expect(everySchedule(2.5, 2.5, 10)).toEqual({ first: 2.5, count: 4 });
    expect(everySchedule(1, 11, 10).count).toBe(0);
  });

  it('compile to the same times as before for a start at or after 0', () => {
    const loaded = parseText(
      `${readScenarioText(builtins().find((b) => b.name === 'munz-impulsive')!.file)}`,
    );
    const times = [...loaded.events.flatMap((e) => [...e.times])];
    expect(times.length).toBeGreaterThan(0);
    for (const t of times) expect(t / 2.5).toBeCloseTo(Math.round(t / 2.5), 12);
  });
});

describe('locations', () => {
  it('points a fractional count for a counting engine at its field, not at FILE:1:1', () => {
    const text = readScenarioText(builtins().find((b) => b.name === 'munz-basic')!.file);
    const loaded = parseText(text.replace('S: 500,', 'S: 500.5,'));
    const line = text.split('\n').findIndex((l) => l.includes('S: 500,')) + 1;
    expect(() => compileScenario(loaded, 'ssa')).toThrow(
      new RegExp(
        `^test\\.yaml:${line}:15: initial\\.S: must be a whole number of individuals for the ssa engine`,
      ),
    );
  });
});
