import { describe, expect, it } from 'vitest';
import { streamFor } from '../../src/core/random.js';
import { createEngine } from '../../src/engines/create.js';
import { outputTimes, recordWith } from '../../src/engines/trajectory.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { VALID } from '../helpers.js';

/**
 * Output rows every 0.3 or 0.7 stand at the times a user writes (0.9, 2.1), so that what is
 * written at those times happens before their rows, as the README says: in doubles 3 × 0.3 is
 * 0.8999999999999999, and the row "at 0.9" came before an intervention at 0.9; a run to 2.1 every
 * 0.7 ended at 2.0999999999999996, and an event at 2.1 never fired.
 */
const TEXT = `${VALID.replace('beta: 0.01', 'beta: 0')}events:\n  - { at: 2.1, set: { R: 7 } }\n`;

describe.each(['ode', 'ssa', 'tau'] as const)('a grid of short decimals on the %s engine', (engine) => {
  /** Every row's R, every `every` to 2.1, with 100 added to S at `at`. */
  const run = (every: number, at: number) => {
    const compiled = compileScenario(
      parseScenario(TEXT, 't.yaml', [`time.every=${every}`, 'time.until=2.1']),
      engine,
    );
    const times = outputTimes(compiled.time.until, compiled.time.every);
    const add = { t: at, intervention: { kind: 'add', compartment: 'S', count: 100 } as const };
    const trajectory = recordWith(createEngine(compiled, streamFor(1, 0)), times, [add]);
    const n = compiled.network.compartments.length;
    return [...times].map((t, k) => ({ t, S: trajectory.values[k * n]!, R: trajectory.values[k * n + 2]! }));
  };

  it('applies an intervention at 0.9 before the row at 0.9', () => {
    const rows = run(0.3, 0.9);
    expect(rows[3]).toEqual({ t: 0.9, S: 200, R: 0 });
    expect(rows[2]!.S).toBe(100);
  });

  it('ends a run to 2.1 every 0.7 at 2.1, its event and intervention at 2.1 done', () => {
    expect(run(0.7, 2.1).at(-1)).toEqual({ t: 2.1, S: 200, R: 7 });
  });
});
