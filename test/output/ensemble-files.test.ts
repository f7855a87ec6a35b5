import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../src/engines/trajectory.js';
import { ensembleArtifacts, storyAcrossRuns } from '../../src/output/ensemble-files.js';

describe('storyAcrossRuns', () => {
  it('spreads numbers, counts nulls as never, and shares yes/no, texts and names over runs', () => {
    const stories = [
      { t: 10, fell: null, ok: true, state: 'human', survivors: ['a', 'b'], where: { gym: 3 } },
      { t: 20, fell: 5, ok: false, state: 'zombie', survivors: ['a'], where: { roof: 1 } },
      { t: 30, fell: null, ok: true, state: 'human', survivors: [], where: { gym: 1 } },
    ];
    expect(storyAcrossRuns(stories)).toEqual({
      t: { median: 20, q05: 11, q95: 29, never: 0 },
      fell: { median: 5, q05: 5, q95: 5, never: 2 },
      ok: 0.6667,
      state: { human: 0.6667, zombie: 0.3333 },
      survivors: { a: 0.6667, b: 0.3333 },
      where: {
        gym: { median: 1, q05: 0.1, q95: 2.8, never: 0 },
        roof: { median: 0, q05: 0, q95: 0.9, never: 0 },
      },
    });
  });

  it('summarises lists of named records name by name', () => {
    const stories = [
      { named: [{ name: 'On-jo', survived: true }] },
      { named: [{ name: 'On-jo', survived: false }] },
    ];
    expect(storyAcrossRuns(stories)).toEqual({ named: { 'On-jo': { survived: 0.5 } } });
  });
});

describe('ensembleArtifacts', () => {
  const run = (artifacts: Record<string, string>) => ({ artifacts }) as unknown as Trajectory;

  it('stacks tables under a run column and keeps the first run other files', () => {
    const runs = [
      run({ 'g.csv': 't,n\n0,1\n1,2\n', 'e.jsonl': 'first\n' }),
      run({ 'g.csv': 't,n\n0,3\n1,4\n' }),
    ];
    expect(ensembleArtifacts(runs)).toEqual({
      'g.csv': 'run,t,n\n0,0,1\n0,1,2\n1,0,3\n1,1,4\n',
      'e.jsonl': 'first\n',
    });
  });

  it('leaves a single run files as they are', () => {
    const files = { 'g.csv': 't,n\n0,1\n' };
    expect(ensembleArtifacts([run(files)])).toBe(files);
  });
});
