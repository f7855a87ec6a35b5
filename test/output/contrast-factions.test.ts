import { describe, expect, it } from 'vitest';
import { factionContrastSentences } from '../../src/output/contrast-faction-text.js';
import { factionContrastOf, overtakesOf } from '../../src/output/contrast-factions.js';
import { factionContrastCsv } from '../../src/output/contrast-files.js';

const TIMES = [0, 10, 20, 30, 40];

/**
 * Three runs of humans and zombies (standing, joined); nobody ever joins the immortals. Run 0: the
 * zombies pass the humans between 10 and 20 (gap 5 then −3: at 16.25) and one is killed; run 1:
 * between 20 and 30 (gap 1 then −3: at 22.5); run 2: no outbreak.
 */
const RUNS: Record<string, { standing: number[]; joined: number[] }>[] = [
  {
    humans: { standing: [10, 8, 4, 2, 2], joined: [10, 10, 10, 10, 10] },
    zombies: { standing: [1, 3, 7, 8, 8], joined: [1, 3, 7, 9, 9] },
    immortals: { standing: [0, 0, 0, 0, 0], joined: [0, 0, 0, 0, 0] },
  },
  {
    humans: { standing: [10, 9, 6, 4, 3], joined: [10, 10, 10, 10, 10] },
    zombies: { standing: [1, 2, 5, 7, 8], joined: [1, 2, 5, 7, 8] },
    immortals: { standing: [0, 0, 0, 0, 0], joined: [0, 0, 0, 0, 0] },
  },
  {
    humans: { standing: [10, 10, 10, 10, 10], joined: [10, 10, 10, 10, 10] },
    zombies: { standing: [1, 1, 1, 1, 1], joined: [1, 1, 1, 1, 1] },
    immortals: { standing: [0, 0, 0, 0, 0], joined: [0, 0, 0, 0, 0] },
  },
];

/** factions.csv of the ensemble. */
function factionsCsv(): string {
  const lines = ['run,t,faction,standing,joined'];
  RUNS.forEach((run, r) => {
    TIMES.forEach((t, k) => {
      for (const [name, rows] of Object.entries(run))
        lines.push(`${r},${t},${name},${rows.standing[k]},${rows.joined[k]}`);
    });
  });
  return `${lines.join('\n')}\n`;
}

describe('the contrast of factions', () => {
  const { summary, curves, standing } = factionContrastOf({
    factionsCsv: factionsCsv(),
    factions: ['humans', 'zombies', 'immortals'],
    at: [10, 40],
  });

  it('takes the share still standing of all who ever joined, with no share for a faction nobody joined', () => {
    expect(summary.factions).toEqual(['humans', 'zombies', 'immortals']);
    expect(summary.runs).toBe(3);
    // Humans at 20: .4 .6 1; zombies at 30: 8/9, 1, 1.
    expect(curves.median[0]![2]).toBeCloseTo(0.6, 10);
    expect(curves.median[1]![3]).toBe(1);
    expect(curves.q05[1]![3]).toBeCloseTo(8 / 9 + 0.1 * (1 / 9), 10);
    expect(Array.from(curves.median[2]!).every(Number.isNaN)).toBe(true);
    expect(summary.surviving[1]!.share.immortals).toEqual({ median: null, q05: null, q95: null });
    expect(summary.better).toBe('zombies');
  });

  it('times the fall of half of each faction over the runs where it happened', () => {
    // Humans: 10 + 10·.3/.4 = 17.5 in run 0, 20 + 10·.1/.2 = 25 in run 1, never in run 2.
    expect(summary.half_lost_t.humans).toMatchObject({ median: expect.closeTo(21.25, 10), never: 1 });
    expect(summary.half_lost_t.zombies!.never).toBe(3);
  });

  it('says which side grew and which shrank, and counts the living members with bands', () => {
    expect(summary.counts.humans).toMatchObject({
      start: { median: 10 },
      end: { median: 3 },
      peak: { median: 10 },
      joined: { median: 10 },
      change: 'shrank',
    });
    expect(summary.counts.zombies).toMatchObject({
      start: { median: 1 },
      end: { median: 8 },
      change: 'grew',
    });
    expect(summary.counts.immortals!.change).toBe('held');
    expect(Array.from(standing[1]!.median)).toEqual([1, 2, 5, 7, 8]);
  });

  it('finds when one faction first outnumbered another that led it, run by run', () => {
    expect(summary.overtakes).toEqual([
      {
        ahead: 'zombies',
        behind: 'humans',
        t: {
          median: expect.closeTo(19.375, 10),
          q05: expect.closeTo(16.5625, 10),
          q95: expect.closeTo(22.1875),
        },
        runs: 2,
      },
    ]);
    // Level at the start is a lead for neither; the first to lead is not overtaking.
    const counts = (x: number[], y: number[]) => [[Float64Array.from(x)], [Float64Array.from(y)]];
    expect(overtakesOf([0, 1, 2], ['x', 'y'], counts([0, 1, 2], [0, 0, 1]))).toEqual([]);
    // Through a tie: the overtake is at the last time level.
    expect(overtakesOf([0, 1, 2], ['x', 'y'], counts([3, 2, 1], [1, 2, 3]))[0]).toMatchObject({
      ahead: 'y',
      t: { median: 1 },
    });
  });

  it('writes contrast.csv with the shares and the living members', () => {
    const lines = factionContrastCsv(curves, standing).trim().split('\n');
    expect(lines[0]).toBe('t,faction,median,q05,q95,standing,standing_q05,standing_q95');
    expect(lines).toHaveLength(1 + TIMES.length * 3);
    expect(lines[7]).toBe('20,humans,0.6,0.42,0.96,6,4.2,9.6');
    expect(lines[9]).toBe('20,immortals,,,,0,0,0');
  });

  it('tells who held together, who fell, who grew and shrank, and who outnumbered whom', () => {
    const text = factionContrastSentences(summary, { unit: 'second' });
    expect(text).toBe(
      [
        'Zombies held together best: 30% (90%: 21%–93%) of the humans and 100% (90%: 90%–100%) of the zombies still standing at 40 s (of all who ever joined; ahead run by run: humans in 0 and zombies in 2 of 3). Nobody was ever of the immortals.',
        'Half the humans had fallen by 21.3 s in 2 of 3 runs, half the zombies never fell.',
        'The humans shrank from 10 to 3 and the zombies grew from 1 to 8 (medians over 3 runs).',
        'Zombies outnumbered humans from 19.4 s (median over the 2 of 3 runs where it happened).',
      ].join(' '),
    );
    // Named best only if it also leads where the shares are told (the humans trail at 40 s).
    expect(factionContrastSentences({ ...summary, better: 'humans' }, { unit: 'second' })).toMatch(
      /^No faction clearly held together better: 30% /,
    );
  });
});
