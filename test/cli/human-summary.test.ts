import { describe, expect, it } from 'vitest';
import { humanSummary } from '../../src/cli/human-summary.js';
import type { RunSummary } from '../../src/output/summary.js';

const HEAD = { scenario: 'many', engine: 'ode', runs: 1, seed: 1, until: 20, unit: 'day' };

/** One run of six compartments in which each overtakes every one before it: 15 overtakes, at days 1 to 15. */
function summaryOfManyOvertakes(): RunSummary {
  const compartments = ['A', 'B', 'C', 'D', 'E', 'F'];
  const each = <T>(value: T) => Object.fromEntries(compartments.map((c) => [c, value]));
  const overtakes: RunSummary['overtakes'] = [];
  for (let a = 1; a < compartments.length; a++)
    for (let b = 0; b < a; b++)
      overtakes.push({ compartment: compartments[a]!, over: compartments[b]!, t: 0 });
  // Listed out of time order: the summary tells them by time.
  overtakes.forEach((o, i) => {
    o.t = overtakes.length - i;
  });
  return {
    scenario: 'many',
    engine: 'ode',
    seed: 1,
    runs: 1,
    until: 20,
    compartments,
    final: each(1),
    peak: each({ value: 2, t: 3 }),
    extinction: each({ fraction: 0, t: null, times: null }),
    overtakes,
    events: 0,
    scenario_events: [],
  } as unknown as RunSummary;
}

describe('the human summary', () => {
  it('tells the first 12 overtakes in time and counts the rest, which summary.json lists', () => {
    const text = humanSummary(summaryOfManyOvertakes(), HEAD);
    const told = text.split('\n').filter((line) => line.includes(' overtakes '));
    expect(told).toHaveLength(13);
    expect(told[0]).toBe('F overtakes E at t = 1 day');
    expect(told[11]).toMatch(/ at t = 12 days$/);
    expect(told[12]).toBe('and 3 more overtakes after that (summary.json lists them all)');
  });

  it('shows the first 12 of 20 compartments in its table and among those that died out, and counts the rest', () => {
    const compartments = Array.from({ length: 20 }, (_, i) => `C${i}`);
    const each = <T>(value: (i: number) => T) =>
      Object.fromEntries(compartments.map((c, i) => [c, value(i)]));
    const summary = {
      ...summaryOfManyOvertakes(),
      compartments,
      final: each(() => 0),
      peak: each(() => ({ value: 1, t: 1 })),
      extinction: each((i) => ({ fraction: 1, t: i + 1, times: null })),
      overtakes: [],
    } as unknown as RunSummary;
    const lines = humanSummary(summary, HEAD).split('\n');
    expect(lines[1]).toMatch(/C11$/);
    expect(lines[1]).not.toMatch(/C12/);
    expect(lines).toContain('and 8 more compartments (summary.json and timeseries.csv have them all)');
    const died = lines.filter((line) => line.includes('died out'));
    expect(died).toHaveLength(13);
    expect(died[11]).toBe('C11 died out at t = 12 days');
    expect(died[12]).toBe('and 8 more compartments died out (summary.json lists them all)');
  });
});
