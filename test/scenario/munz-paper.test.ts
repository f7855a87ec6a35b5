import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDir, undead } from '../helpers.js';

/**
 * The Munz et al. (2009) built-ins, run through the command line as a user would, held to what
 * the paper derives from its equations: the quarantine threshold R0, the coexistence equilibrium
 * of the treatment model and the doomsday equilibrium of the latent model.
 */
function run(args: string[]): { final: Record<string, number>; rows: number[][] } {
  const out = join(temporaryDir(), 'run');
  const result = undead(['run', ...args, '--out', out, '--quiet', '--progress', 'none']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const rows = readFileSync(join(out, 'timeseries.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  return { final: summary.final, rows };
}

/** The first output time at which column `c` is below 1, or NaN. */
function firstBelowOne(rows: number[][], c: number): number {
  return rows.find((row) => row[c]! < 1)?.[0] ?? Number.NaN;
}

describe('Munz et al. (2009) against the paper', () => {
  const N = 501;

  it("treatment: with delta = 0 it settles on the paper's coexistence S = c/β, I = (c/ρ)Z, R = αc/(ζβ)·Z", () => {
    const alpha = 0.005;
    const beta = 0.0095;
    const zeta = 0.0001;
    const rho = 0.005;
    const c = 0.05;
    const { final } = run(['munz-treatment', '--set', 'delta=0']);
    const S = c / beta;
    // The population is conserved (no births, no deaths out of the system), which fixes Z.
    const Z = (N - S) / (1 + c / rho + (alpha * c) / (zeta * beta));
    expect(final.S).toBeCloseTo(S, 2);
    expect(final.Z).toBeCloseTo(Z, 2);
    expect(final.I).toBeCloseTo((c / rho) * Z, 1);
    expect(final.R).toBeCloseTo(((alpha * c) / (zeta * beta)) * Z, 0);
  });

  it('treatment: the humans survive, a few, with the default parameters', () => {
    const { final } = run(['munz-treatment']);
    expect(final.S).toBeGreaterThan(4);
    expect(final.S).toBeLessThan(6);
  });

  it('quarantine: R0 = βNρ/((ρ+κ)(αN+σ)) above 1 overruns the humans, below 1 the outbreak fades', () => {
    const r0 = (kappa: number) => (0.0095 * 500 * 0.05) / ((0.05 + kappa) * (0.005 * 500 + 0.0001));
    expect(r0(0.0001)).toBeGreaterThan(1);
    expect(r0(0.1)).toBeLessThan(1);
    const taken = run(['munz-quarantine']);
    expect(firstBelowOne(taken.rows, 1)).toBeGreaterThan(50);
    expect(firstBelowOne(taken.rows, 1)).toBeLessThan(150);
    expect(taken.final.Z).toBeGreaterThan(200);
    const faded = run(['munz-quarantine', '--set', 'kappa=0.1']);
    expect(faded.final.S).toBeGreaterThan(450);
    expect(faded.final.I! + faded.final.Z!).toBeLessThan(0.1);
  });

  it('latent: the humans fall after about 1,000 days, and everyone ends a zombie, the only equilibrium', () => {
    const latent = run(['munz-latent']);
    const fall = firstBelowOne(latent.rows, 1);
    expect(fall).toBeGreaterThan(800);
    expect(fall).toBeLessThan(1200);
    const { final } = run(['munz-latent', '--until', '200000', '--every', '1000']);
    expect(final.S).toBeLessThan(1e-6);
    expect(final.I).toBeLessThan(1e-6);
    expect(final.R).toBeLessThan(1e-3);
    expect(final.Z).toBeCloseTo(N, 2);
  });
});
