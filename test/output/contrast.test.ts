import { describe, expect, it } from 'vitest';
import {
  contrastOf,
  crossingsOf,
  defaultReportTimes,
  halfLostTime,
  unknownGroups,
} from '../../src/output/contrast.js';
import { encountersOf } from '../../src/output/contrast-encounters.js';
import { contrastCsv } from '../../src/output/contrast-files.js';
import { contrastSentences } from '../../src/output/contrast-text.js';

const TIMES = [0, 10, 20, 30, 40];

/** A matcher of a number within 1e-10. */
const near = (v: number) => expect.closeTo(v, 10);

/** Humans of groups a and b in three runs, at TIMES; c is a row not compared. */
const HUMANS: Record<string, number[][]> = {
  // shares 1 .8 .6 .4 .2 | 1 .94 .7 .5 .3 | 1 1 .9 .8 .7
  a: [
    [100, 80, 60, 40, 20],
    [100, 94, 70, 50, 30],
    [100, 100, 90, 80, 70],
  ],
  // shares 1 .9 .8 .7 .6 | 1 .8 .6 .4 .2 | 1 .85 .85 .85 .85
  b: [
    [100, 90, 80, 70, 60],
    [100, 80, 60, 40, 20],
    [100, 85, 85, 85, 85],
  ],
  c: [
    [5, 5, 5, 5, 5],
    [5, 5, 5, 5, 5],
    [5, 5, 5, 5, 5],
  ],
};

/** groups.csv of an ensemble of three runs; b also has one agent infected from the start. */
function groupsCsv(): string {
  const lines = ['run,t,group,human,infected,zombie,immune,immortal,dead'];
  for (let run = 0; run < 3; run++)
    TIMES.forEach((t, k) => {
      for (const group of ['a', 'b', 'c']) {
        const human = HUMANS[group]![run]![k]!;
        const infected = group === 'b' ? 1 : 0;
        const start = HUMANS[group]![run]![0]!;
        lines.push(`${run},${t},${group},${human},${infected},0,0,0,${start - human}`);
      }
    });
  return `${lines.join('\n')}\n`;
}

const AGENTS = [
  'id,name,group,class,role,start,end,where',
  '0,,a,,,human,human,hall',
  '1,"Kim, Jr.",b,1-2,,human,zombie,hall',
  '2,,c,,,zombie,zombie,hall',
  '3,,b,,cook,human,dead,kitchen',
].join('\n');

const EVENTS = [
  { t: 1, kind: 'bite', agent: 0, other: 1 },
  { t: 2, kind: 'bite', agent: 2, other: 3 },
  { t: 3, kind: 'kill', agent: 1, other: 0 },
  { t: 4, kind: 'noise', agent: 1 },
  { t: 5, kind: 'bite', agent: 2, other: 1 },
]
  .map((e) => JSON.stringify(e))
  .join('\n');

describe('the contrast report', () => {
  const { summary, curves } = contrastOf({
    groupsCsv: groupsCsv(),
    groups: ['a', 'b'],
    logs: [{ events: EVENTS, agents: AGENTS }],
    at: [10, 25],
  });

  it('takes the median and 90% band over runs of the share still human, of those human at the start', () => {
    expect(summary.runs).toBe(3);
    expect(summary.members).toEqual({ a: 100, b: 101 });
    expect(summary.human_at_start).toEqual({ a: 100, b: 100 });
    expect(Array.from(curves.median[0]!)).toEqual([1, 0.94, 0.7, 0.5, 0.3].map(near));
    expect(Array.from(curves.median[1]!)).toEqual([1, 0.85, 0.8, 0.7, 0.6].map(near));
    // a at t = 40: .2 .3 .7; type-7 quantiles: q05 = .2 + .1·.1, q95 = .3 + .9·.4.
    expect(curves.q05[0]![4]).toBeCloseTo(0.21, 10);
    expect(curves.q95[0]![4]).toBeCloseTo(0.66, 10);
  });

  it('reports the shares at the chosen times, from the last output time at or before each', () => {
    expect(summary.surviving.map((s) => s.t)).toEqual([10, 25]);
    expect(summary.surviving[1]!.share.a!.median).toBeCloseTo(0.7, 10);
    expect(summary.surviving[1]!.share.b!.median).toBeCloseTo(0.8, 10);
    expect(summary.surviving[0]!.share.a!.q05).toBeCloseTo(0.814, 10);
    // Run by run at 20: a .6 .7 .9 against b .8 .6 .85.
    expect(summary.surviving[1]!.ahead_runs).toEqual({ a: 2, b: 1 });
  });

  it('times the loss of half of each group, interpolated, and counts the runs where it never happened', () => {
    expect(summary.half_lost_t.a).toEqual({
      median: expect.closeTo(27.5),
      q05: expect.closeTo(25.25),
      q95: expect.closeTo(29.75),
      never: 1,
    });
    expect(summary.half_lost_t.b).toEqual({
      median: expect.closeTo(25),
      q05: expect.closeTo(25),
      q95: expect.closeTo(25),
      never: 2,
    });
    expect(halfLostTime([0, 10], [1, 0.9])).toBeNull();
    expect(halfLostTime([0, 10], [0.4, 0.1])).toBe(0);
  });

  it('names the group that fared better and where the median lines crossed', () => {
    expect(summary.better).toBe('b');
    // a − b: 0 at 0, +.09 at 10, −.1 at 20: the sign changes at 10 + 10·.09/.19.
    expect(summary.crossings).toEqual([{ t: expect.closeTo(10 + 90 / 19), ahead: 'b', behind: 'a' }]);
    const curves = (x: number[], y: number[]) => ({
      times: x.map((_, k) => k * 10),
      groups: ['x', 'y'],
      median: [Float64Array.from(x), Float64Array.from(y)],
      q05: [],
      q95: [],
    });
    expect(crossingsOf(curves([1, 1, 1], [1, 1, 1]))).toEqual([]);
    // Lines a member apart near zero swap places without crossing; a lead of 5 points or more counts.
    expect(
      crossingsOf(curves([1, 0.9, 0.1, 0.06, 0.04, 0.06, 0.04], [1, 0.7, 0.08, 0.04, 0.06, 0.04, 0.06])),
    ).toEqual([]);
    expect(crossingsOf(curves([1, 0.9, 0.5, 0.3, 0.1], [1, 0.8, 0.5, 0.4, 0.4]))).toEqual([
      { t: expect.closeTo(20), ahead: 'y', behind: 'x' },
    ]);
  });

  it('counts bites and kills between groups from the event log, others as `other`, and says rescues are not logged', () => {
    const { encounters } = summary;
    expect(encounters.runs).toBe(1);
    expect(encounters.bites.a).toEqual({ a: 0, b: 1, other: 0 });
    expect(encounters.bites.other).toEqual({ a: 0, b: 2, other: 0 });
    expect(encounters.kills.b).toEqual({ a: 1, b: 0, other: 0 });
    expect(encounters.rescues).toMatch(/not recorded/);
    // Rows by grade, class and role count their members only.
    const byGrade = encountersOf([{ events: EVENTS, agents: AGENTS }], ['b/grade-1', 'b/role-cook']);
    expect(byGrade.bites.other).toEqual({ 'b/grade-1': 2, 'b/role-cook': 1, other: 0 });
  });

  it('writes one contrast.csv row per time and group', () => {
    const lines = contrastCsv(curves).trim().split('\n');
    expect(lines[0]).toBe('t,group,median,q05,q95');
    expect(lines).toHaveLength(1 + TIMES.length * 2);
    expect(lines[10]).toBe('40,b,0.6,0.24,0.825');
  });

  it('tells it in three sentences', () => {
    const text = contrastSentences(summary, { unit: 'second' });
    // At the report time where the groups differ most (25 s, not 10 s).
    expect(text).toContain(
      'B kept their humanity longer than a: 70% (90%: 61%–88%) of the a against 80% (90%: 62%–85%) of the b still human at 25 s (ahead run by run: a in 2 and b in 1 of 3).',
    );
    expect(text).toContain('Half the a were lost by 27.5 s in 2 of 3 runs');
    expect(text).toContain('half the b were lost in only 1 of 3 runs (by 25 s)');
    expect(text).toContain('Their lines crossed at 14.7 s (b ahead after it).');
  });

  it('leaves out a group with nobody human at the start (one that arrives later), and says so', () => {
    const none = { median: null, q05: null, q95: null };
    const late = {
      ...summary,
      groups: ['a', 'b', 'nis'],
      surviving: summary.surviving.map((at) => ({ ...at, share: { ...at.share, nis: none } })),
      half_lost_t: { ...summary.half_lost_t, nis: { ...none, never: 3 } },
    };
    const text = contrastSentences(late, { unit: 'second' });
    expect(text).toContain('of the b still human at 25 s');
    expect(text).toContain('The nis had nobody human at the start.');
    expect(text).not.toMatch(/none of the nis|half the nis/);
    const empty = { ...late, groups: ['nis'], better: null };
    expect(contrastSentences(empty, { unit: 'second' })).toBe(
      'The nis had nobody human at the start: there is nothing to compare.',
    );
  });

  it('claims no group kept its humanity longer when the shares it quotes show the other ahead', () => {
    // Ahead at the end by a hair (2% against 1.6% in a probe's run) but behind where the shares are told.
    const text = contrastSentences({ ...summary, better: 'a' }, { unit: 'second' });
    expect(text).toContain(
      'No group kept its humanity clearly longer: 70% (90%: 61%–88%) of the a against 80%',
    );
  });

  it('picks round report times, and knows the groups there are', () => {
    expect(defaultReportTimes(86400)).toEqual([3600, 10800, 86400]);
    expect(defaultReportTimes(3600)).toEqual([120, 600, 3600]);
    expect(unknownGroups(['a', 'teachers'], ['a', 'b'])).toEqual(['teachers']);
  });
});

describe('contrast.csv', () => {
  it('writes shares to 12 significant digits, as summary.json does (four decimals wrote 1 of 674 as 0.0015)', () => {
    const csv = contrastCsv({
      times: [0, 60],
      groups: ['students'],
      median: [Float64Array.of(1, 1 / 674)],
      q05: [Float64Array.of(1, 0.1 + 0.2)],
      q95: [Float64Array.of(1, Number.NaN)],
    });
    expect(csv).toBe('t,group,median,q05,q95\n0,students,1,1,1\n60,students,0.00148367952522,0.3,\n');
  });
});
