import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { storyLines } from '../../src/cli/human-summary.js';
import { runCommand, temporaryDir, UNDEAD, undead } from '../helpers.js';

/** Runs `undead run ARGS --out DIR` and returns its exit code, stdout and summary.json. */
function run(args: string[]) {
  const out = join(temporaryDir(), 'out');
  const result = undead(['run', ...args, '--out', out, '--progress', 'none']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  return { ...result, out, summary, text: readFileSync(join(out, 'summary.json'), 'utf8') };
}

/** The `run` column's runs of a compartment in an ensemble's timeseries.csv: whether it was ever above 0. */
function everOccupied(out: string, compartment: string): boolean[] {
  const [header, ...rows] = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
  const column = header!.split(',').indexOf(compartment);
  const occupied: boolean[] = [];
  for (const row of rows) {
    const cells = row.split(',');
    const r = Number(cells[0]);
    occupied[r] = (occupied[r] ?? false) || Number(cells[column]) > 0;
  }
  return occupied;
}

describe('an ensemble says which figures are over all runs', () => {
  let stdout = '';
  let text = '';
  // biome-ignore lint/suspicious/noExplicitAny: summary.json as parsed
  let summary: any;
  beforeAll(() => {
    ({ stdout, summary, text } = run(['munz-basic', '--engine', 'ssa', '--runs', '200', '--workers', '2']));
  });

  it('labels the printed figures as the ensemble’s', () => {
    expect(stdout).toMatch(/200 runs: every figure is over all runs/);
    expect(stdout).toMatch(/^final, mean /m);
    expect(stdout).toMatch(/^final, median /m);
    expect(stdout).not.toMatch(/mean of 200 runs/);
    // Overtakes and extinctions are shares of runs, not the first run's times.
    expect(stdout).toMatch(/Z overtakes S in \d+\.\d% of runs \(median t = /);
    expect(stdout).not.toMatch(/at t = /);
  });

  it('prints every extinction fraction, whether or not run 1 had it', () => {
    expect(summary.first_run.extinction.Z).toBeNull();
    const z = summary.extinction.Z;
    expect(z.fraction).toBeGreaterThan(0.3);
    expect(stdout).toContain(`Z died out in ${(z.fraction * 100).toFixed(1)}% of runs`);
    expect(stdout).toContain(`S died out in ${(summary.extinction.S.fraction * 100).toFixed(1)}% of runs`);
    // The ensemble's extinction time is the median over the runs in which it happened.
    expect(z.t).toBe(z.times.q50);
  });

  it('reports the two outcome classes, each with its median final counts', () => {
    const { took_off: tookOff, faded_out: faded, rule } = summary.outcomes;
    expect(rule).toMatch(/faded out: at until, no Z is left and S lost less than 10%/);
    expect(tookOff.runs + faded.runs).toBe(200);
    expect(tookOff.fraction).toBeGreaterThan(0.3);
    expect(faded.fraction).toBeGreaterThan(0.3);
    // Bimodal: the mean final S describes neither class.
    expect(faded.final_median.S).toBeGreaterThanOrEqual(450);
    expect(faded.final_median.Z).toBe(0);
    expect(tookOff.final_median.S).toBeLessThan(50);
    expect(Math.abs(summary.final.S - faded.final_median.S)).toBeGreaterThan(100);
    expect(Math.abs(summary.final.S - tookOff.final_median.S)).toBeGreaterThan(100);
    // A median over an even number of runs may end in .5.
    const count = String.raw`\d+(?:\.5)?`;
    expect(stdout).toMatch(
      new RegExp(
        String.raw`outbreak took off in \d+\.\d% of runs \(median final S ${count}, Z ${count}, R ${count}\)`,
      ),
    );
    expect(stdout).toMatch(
      new RegExp(
        String.raw`outbreak faded out in \d+\.\d% of runs \(median final S ${count}, Z 0, R ${count}\)`,
      ),
    );
  });

  it('writes summary.json figures with at most 12 significant digits (item 5)', () => {
    // Grid times such as 2.4000000000000004 (k · every) were written as they were computed.
    expect(text).not.toMatch(/\d\.\d*0000000000\d/);
    const numbers: number[] = [];
    JSON.parse(text, (_key, value) => {
      if (typeof value === 'number') numbers.push(value);
      return value;
    });
    expect(numbers.filter((v) => Number(v.toPrecision(12)) !== v)).toEqual([]);
    // Overtakes are read on the grid k · 0.1, and written rounded (k · 0.1 may be 2.4000000000000004).
    const overtakes: number[] = summary.first_run.overtakes.map((o: { t: number }) => o.t);
    expect(overtakes.length).toBeGreaterThan(0);
    for (const t of overtakes) expect(t).toBe(Number((Math.round(t / 0.1) * 0.1).toPrecision(12)));
  });

  it('summarises peaks and overtakes over runs, and keeps the first run’s under first_run', () => {
    expect(summary.peak.Z.values.q50).toBeGreaterThan(summary.peak.Z.values.q05);
    expect(summary.peak.Z.t).toBe(summary.peak.Z.times.q50);
    const zs = summary.overtakes.find(
      (o: { compartment: string; over: string }) => o.compartment === 'Z' && o.over === 'S',
    );
    expect(zs.fraction).toBeGreaterThan(0.3);
    expect(zs.fraction).toBeLessThan(1);
    expect(summary.first_run.peak.Z).toEqual({
      value: expect.any(Number),
      t: expect.any(Number),
      at: expect.any(String),
    });
    expect(Array.isArray(summary.first_run.overtakes)).toBe(true);
  });
});

describe('the SSA does not call a never-occupied compartment died out (item 2)', () => {
  const file = join(temporaryDir(), 'latent.yaml');
  writeFileSync(
    file,
    `name: latent-check
title: a latent stage that stays empty when the zombie is stopped before it bites
model:
  compartments: [S, I, Z, R]
  parameters: { beta: 0.002, alpha: 0.004, rho: 1 }
  reactions:
    bite: { from: S + Z, to: I + Z, rate: beta }
    turn: { from: I, to: Z, rate: rho }
    defeat: { from: S + Z, to: S + R, rate: alpha }
initial: { S: 100, I: 0, Z: 1, R: 0 }
events:
  - { name: curfew, at: 3, set: { beta: 0.001 } }
time: { until: 6, every: 0.01, unit: day }
engine: ssa
`,
  );
  let result: ReturnType<typeof run>;
  beforeAll(() => {
    result = run([file, '--runs', '200', '--workers', '2']);
  });

  it('counts I as died out only in runs in which I was occupied', () => {
    const { stdout, summary, out } = result;
    const occupied = everOccupied(out, 'I').filter(Boolean).length / 200;
    // I stays empty in most runs: the zombie is stopped before it bites.
    expect(occupied).toBeLessThan(0.6);
    expect(summary.extinction.I.fraction).toBeGreaterThan(0);
    expect(summary.extinction.I.fraction).toBeLessThanOrEqual(occupied + 0.02);
    // The scenario event's time is not an extinction time.
    expect(summary.extinction.I.t).not.toBe(3);
    expect(summary.extinction.R.fraction).toBe(0);
    expect(stdout).not.toMatch(/I died out in 100\.0%/);
    expect(stdout).not.toMatch(/died out[^\n]*median t = 3 day/);
  });
});

describe('the ODE dates a fade-out when it happens, never at t = 0 (items 3 and 5)', () => {
  let latent: ReturnType<typeof run>;
  beforeAll(() => {
    latent = run(['munz-latent']);
  });

  it('munz-latent: Z starts at exactly 1 and only falls, so no extinction is dated t = 0', () => {
    expect(latent.summary.extinction.Z.t).not.toBe(0);
    expect(latent.summary.extinction.Z.fraction).toBe(0);
  });

  it('munz-latent: no overtake at t = 0 when both start at 0', () => {
    expect(latent.stdout).not.toMatch(/at t = 0 day/);
    expect(latent.summary.overtakes.every((o: { t: number }) => o.t > 0)).toBe(true);
  });

  it('a compartment that starts at 1, rises and falls dies out when it crosses 1 from above', () => {
    // I turns into Z at rate 5 while S·alpha = 5 defeats them: Z(t) = (1 + 25 t) e^(−5 t), which is 1
    // again where ln(1 + 25 t) = 5 t.
    const dir = temporaryDir();
    const file = join(dir, 'rise-and-fall.yaml');
    writeFileSync(
      file,
      `name: rise-and-fall
title: a zombie that starts alone, gains the turned, and is defeated
model:
  compartments: [S, I, Z, R]
  parameters: { alpha: 0.01, rho: 5 }
  reactions:
    turn: { from: I, to: Z, rate: rho }
    defeat: { from: S + Z, to: S + R, rate: alpha }
initial: { S: 500, I: 5, Z: 1, R: 0 }
time: { until: 3, every: 0.1, unit: day }
engine: ode
`,
    );
    let low = 0.1;
    let high = 1;
    for (let k = 0; k < 60; k++) {
      const middle = (low + high) / 2;
      if (Math.log(1 + 25 * middle) > 5 * middle) low = middle;
      else high = middle;
    }
    const { summary, stdout } = run([file]);
    expect(summary.extinction.Z.fraction).toBe(1);
    expect(summary.extinction.Z.t).toBeCloseTo(low, 4);
    expect(stdout).toMatch(/Z died out at t = 0\.53\d* day/);
  });
});

describe('no noise (item 5)', () => {
  it('hyosan-high on the ODE: no round-off negatives, and no overtakes among less than one person', () => {
    const { stdout, summary } = run(['hyosan-high', '--engine', 'ode']);
    expect(summary.final.infected).toBe(0);
    expect(stdout).not.toMatch(/ -\d/);
    expect(stdout).not.toMatch(/e-10/);
    const overtakes = stdout.split('\n').filter((line) => line.includes(' overtakes '));
    expect(overtakes.length).toBeGreaterThan(0);
    expect(overtakes.length).toBeLessThanOrEqual(4);
    expect(stdout).not.toMatch(/immune overtakes|immortal overtakes|overtakes immune|overtakes immortal/);
    // 5114 s after 08:40.
    expect(stdout).toMatch(/zombie overtakes human at t = 1 h 25 min, 10:05:1\d/);
  });
});

describe('events in summary.json (item 7)', () => {
  it('the ODE lists the scenario events that fired, with their times; events counts reactions only', () => {
    const { summary, stdout } = run(['munz-impulsive']);
    expect(summary.events).toBe(0);
    expect(summary.scenario_events).toEqual([
      { name: 'strike 1 kills 25%', count: 1, times: [2.5] },
      { name: 'strike 2 kills 50%', count: 1, times: [5] },
      { name: 'strike 3 kills 75%', count: 1, times: [7.5] },
      { name: 'strike 4 kills all', count: 1, times: [10] },
    ]);
    expect(stdout).toContain('events fired: strike 1 kills 25% at 2.5 days; strike 2 kills 50% at 5 days');
  });

  it('an ensemble counts them over runs, with the first run’s times under first_run', () => {
    const { summary, stdout } = run(['munz-impulsive', '--engine', 'ssa', '--runs', '4', '--workers', '1']);
    expect(summary.events).toBeGreaterThan(0);
    expect(summary.scenario_events).toContainEqual({ name: 'strike 2 kills 50%', count: 4, fraction: 1 });
    expect(summary.first_run.scenario_events).toContainEqual({
      name: 'strike 2 kills 50%',
      count: 1,
      times: [5],
    });
    expect(stdout).toContain('strike 2 kills 50% in 100.0% of runs');
  });
});

describe('for scripts (item 14)', () => {
  it('summary.json holds the resolved parameters and the overrides as given', () => {
    const { summary } = run([
      'munz-basic',
      '--set',
      'beta=0.012',
      '--set',
      'S=400',
      '--until',
      '5',
      '--every',
      '0.5',
    ]);
    expect(summary.parameters).toEqual({ alpha: 0.005, beta: 0.012, zeta: 0.0001, delta: 0.0001, Pi: 0 });
    expect(summary.overrides).toEqual({ set: ['beta=0.012', 'S=400'], until: 5, every: 0.5 });
  });

  it('--quiet prints one line, the output folder; --progress json counts runs and ends with the status', () => {
    const out = join(temporaryDir(), 'q');
    const result = undead([
      'run',
      'munz-basic',
      '--engine',
      'ssa',
      '--runs',
      '20',
      '--workers',
      '2',
      '--out',
      out,
      '--quiet',
      '--progress',
      'json',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${out}\n`);
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    for (const line of lines.slice(0, -1)) {
      expect(line).toMatchObject({ total: 20, unit: 'runs' });
      expect(typeof line.done).toBe('number');
    }
    expect(lines.at(-2)).toMatchObject({ done: 20, total: 20, unit: 'runs', progress: 1 });
    expect(lines.at(-1)).toEqual({ status: 'done', out });
  });

  it('--progress json ends with a failed status and the message when the run fails', () => {
    const result = undead([
      'run',
      'munz-basic',
      '--set',
      'nosuch=1',
      '--progress',
      'json',
      '--out',
      temporaryDir(),
    ]);
    expect(result.status).toBe(2);
    // Every line is JSON: the message is the status line's, not a plain line after it as well.
    const statuses = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(statuses.at(-1)).toMatchObject({ status: 'failed', message: expect.stringContaining('nosuch') });
  });

  it('a failure to write stdout is one line and exit 1 (it was a stack trace); a reader of stderr that stops early stops nothing', () => {
    if (existsSync('/dev/full')) {
      const full = runCommand('/bin/sh', [
        '-c',
        `"${process.execPath}" ${UNDEAD.join(' ')} list > /dev/full`,
      ]);
      expect([full.status, full.stderr]).toEqual([
        1,
        'undead: cannot write the standard output: no space left on the disk\n',
      ]);
    }
    const out = join(temporaryDir(), 'run');
    const script = `"${process.execPath}" ${UNDEAD.join(' ')} run munz-basic --engine ssa --runs 4 --out ${out} --progress json 2>&1 >/dev/null | head -c 1`;
    expect(runCommand('/bin/sh', ['-c', script]).status).toBe(0);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });

  it('--progress json ends with one failed status for a bad flag too, met before any run begins', () => {
    for (const args of [
      ['--progress', 'json', '--runs', 'x'],
      ['--progress=json', '--bogus'],
    ]) {
      const result = undead(['run', 'munz-basic', ...args]);
      expect(result.status).toBe(2);
      const statuses = result.stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      expect(statuses).toHaveLength(1);
      expect(statuses[0]).toMatchObject({
        status: 'failed',
        message: expect.stringMatching(/--runs|--bogus/),
      });
    }
  });
});

describe('the survivors list is never silently cut (item 12)', () => {
  it('says how many more places there are', () => {
    const where = Object.fromEntries(Array.from({ length: 9 }, (_, k) => [`room ${k + 1}`, 9 - k]));
    const [line] = storyLines({ survivors_where: where }, { unit: 'second' });
    expect(line).toBe(
      'survivors: 9 in room 1, 8 in room 2, 7 in room 3, 6 in room 4, 5 in room 5, 4 in room 6, and 3 more places',
    );
    expect(storyLines({ survivors_where: { hall: 2 } }, { unit: 'second' })).toEqual([
      'survivors: 2 in hall',
    ]);
  });
});

describe('a moment that did not come is said in words, not "at never"', () => {
  it('names what did not happen', () => {
    const lines = storyLines(
      { first_bite_t: null, first_zombie_t: 65, lost_50_t: 600, lost_90_t: null, school_fell_t: null },
      { unit: 'second' },
    );
    expect(lines).toEqual([
      'nobody was bitten; first zombie at 1 min 5 s',
      'half the people lost at 10 min; never nine in ten',
      'the school stood (never nine in ten of those still there lost)',
    ]);
    expect(storyLines({ lost_50_t: null, lost_90_t: null }, { unit: 'second' })).toEqual([
      'fewer than half the people were lost',
    ]);
    expect(lines.join('\n')).not.toMatch(/never$|at never/m);
  });
});
