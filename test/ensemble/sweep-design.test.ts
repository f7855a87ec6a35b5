import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { designFromFlags } from '../../src/ensemble/sweep/design-from-flags.js';
import { gridDesign, rangeValues } from '../../src/ensemble/sweep/grid-design.js';
import { lhsDesign } from '../../src/ensemble/sweep/lhs-design.js';
import { pointsDesign } from '../../src/ensemble/sweep/points-file.js';
import { parseVaryFlag } from '../../src/ensemble/sweep/vary-flag.js';

/** The message of the InputError `make` throws. */
function inputError(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('no InputError');
}

describe('--vary ranges and lists', () => {
  it('includes TO and rounds to the decimals of FROM and STEP', () => {
    expect(rangeValues(0.5, 2, 0.1, 1)).toHaveLength(16);
    expect(rangeValues(0.5, 2, 0.1, 1).at(-1)).toBe(2);
    expect(rangeValues(0.1, 0.5, 0.1, 1)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(gridDesign([parseVaryFlag('beta=0:0.3:0.1')]).points.map((p) => p.values[0])).toEqual([
      0, 0.1, 0.2, 0.3,
    ]);
    expect(parseVaryFlag('k=0.001:0.002:2.5e-4').kind === 'range').toBe(true);
    expect(gridDesign([parseVaryFlag('k=0.001:0.002:2.5e-4')]).points.map((p) => p.values[0])).toEqual([
      0.001, 0.00125, 0.0015, 0.00175, 0.002,
    ]);
  });

  it('reads lists of numbers and of words', () => {
    expect(parseVaryFlag('engine=ode,ssa')).toMatchObject({
      kind: 'list',
      values: ['ode', 'ssa'],
      words: true,
    });
    expect(parseVaryFlag('S=100,200')).toMatchObject({ kind: 'list', values: [100, 200], words: false });
  });

  it('refuses bad ranges at the flag', () => {
    expect(inputError(() => parseVaryFlag('beta=2:1:0.1'))).toContain('FROM (2) is greater than TO (1)');
    expect(inputError(() => parseVaryFlag('beta=0:1:0'))).toContain('STEP must be greater than 0');
    expect(inputError(() => parseVaryFlag('beta=0:1:-1'))).toContain('STEP must be greater than 0');
    expect(inputError(() => parseVaryFlag('beta=a:1:0.1'))).toContain("FROM must be a number, not 'a'");
    expect(inputError(() => parseVaryFlag('beta'))).toContain('expected NAME=FROM:TO:STEP');
    expect(inputError(() => parseVaryFlag('S=1,ssa'))).toContain('all numbers or all words');
    expect(inputError(() => gridDesign([parseVaryFlag('beta=0:1')]))).toContain('needs a step');
    expect(inputError(() => designFromFlags({ vary: ['beta=1,2', 'beta=3,4'], seed: 1 }))).toContain(
      'varied twice',
    );
    expect(
      inputError(() => gridDesign([parseVaryFlag('a=0:1000:1'), parseVaryFlag('b=0:1000:1')])),
    ).toContain('a sweep has at most 100,000');
    // One range of 10⁹ or 10²⁰ steps is refused before its values are made (it would fill memory).
    for (const range of ['beta=0:1:1e-9', 'beta=0:1:1e-20', 'beta=0:1e300:1e290'])
      expect(inputError(() => gridDesign([parseVaryFlag(range)]))).toMatch(
        /the range has [\d.,e+]+ values; a sweep has at most 100,000 points/,
      );
    expect(inputError(() => gridDesign([parseVaryFlag('beta=0:1e308:1e-308')]))).toContain(
      'the range has more than 1e308 values',
    );
  });

  it('has the product of the sizes as its grid, the first --vary slowest', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }), (sizes) => {
        const flags = sizes.map((size, k) => parseVaryFlag(`p${k}=1:${size}:1`));
        const design = gridDesign(flags);
        expect(design.points).toHaveLength(sizes.reduce((a, b) => a * b, 1));
        // Point p's values are the digits of p in the mixed radix of the sizes (last fastest).
        design.points.forEach((point, p) => {
          let rest = p;
          for (let k = sizes.length - 1; k >= 0; k--) {
            expect(point.values[k]).toBe((rest % sizes[k]!) + 1);
            rest = Math.floor(rest / sizes[k]!);
          }
        });
      }),
    );
  });
});

describe('--lhs', () => {
  const bounds = fc
    .tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }))
    .map(([from, width]) => ({ from, to: from + width }));

  it('puts exactly one point in every stratum of every dimension, inside the bounds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(bounds, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (n, ranges, seed) => {
          const flags = ranges.map((r, k) => parseVaryFlag(`x${k}=${r.from}:${r.to}`));
          const design = lhsDesign(n, flags, seed);
          expect(design.points).toHaveLength(n);
          ranges.forEach(({ from, to }, d) => {
            const width = (to - from) / n;
            const strata = design.points.map((point) => {
              const v = point.values[d] as number;
              expect(v).toBeGreaterThanOrEqual(from);
              expect(v).toBeLessThanOrEqual(to);
              // A value on a boundary may round to either side of it.
              return Math.min(n - 1, Math.floor((v - from) / width + 1e-9));
            });
            expect(new Set(strata).size).toBe(n);
          });
        },
      ),
    );
  });

  it('gives the same design for the same seed and another for another seed', () => {
    const flags = [parseVaryFlag('beta=0.5:2'), parseVaryFlag('alpha=0:1')];
    const values = (seed: number) => lhsDesign(20, flags, seed).points.map((p) => p.values);
    expect(values(7)).toEqual(values(7));
    expect(values(8)).not.toEqual(values(7));
  });

  it('crosses lists with the sample and refuses steps', () => {
    const design = lhsDesign(5, [parseVaryFlag('engine=ssa,tau'), parseVaryFlag('beta=0:1')], 1);
    expect(design.points).toHaveLength(10);
    expect(design.points.slice(0, 5).map((p) => p.values[1])).toEqual(
      design.points.slice(5).map((p) => p.values[1]),
    );
    expect(design.points[0]!.values[0]).toBe('ssa');
    expect(design.points[5]!.values[0]).toBe('tau');
    expect(inputError(() => lhsDesign(5, [parseVaryFlag('beta=0:1:0.1')], 1))).toContain('without a step');
  });
});

describe('--points FILE', () => {
  it('reads a CSV file of points', () => {
    const design = pointsDesign('p.csv', '# a comment\nbeta,engine\n0.01,ssa\n\n0.02, tau\n');
    expect(design.names).toEqual(['beta', 'engine']);
    expect(design.words).toEqual([false, true]);
    expect(design.points.map((p) => p.values)).toEqual([
      [0.01, 'ssa'],
      [0.02, 'tau'],
    ]);
    expect(design.points[1]!.origin).toMatchObject({ file: 'p.csv', line: 5, cols: [1, 7] });
  });

  it('reads cells in double quotes, as spreadsheets write them', () => {
    const design = pointsDesign('p.csv', '"beta","label"\n0.01,"a, b"\n"0.02","say ""hi"""\n');
    expect(design.names).toEqual(['beta', 'label']);
    expect(design.points.map((p) => p.values)).toEqual([
      [0.01, 'a, b'],
      [0.02, 'say "hi"'],
    ]);
    expect(design.points[0]!.origin).toMatchObject({ cols: [1, 6] });
  });

  it('names FILE:LINE:COL and the field of a bad value', () => {
    expect(inputError(() => pointsDesign('p.csv', 'beta,S\n0.01,100\n0.02,lots\n'))).toBe(
      "p.csv:3:6: S: 'lots' is a word, but S's other values are numbers",
    );
    // A typo in the first row is the typo, not every number below it (they were each blamed).
    expect(
      inputError(() => pointsDesign('p.csv', 'beta,alpha\n0.0o8,0.005\n0.012,0.002\n0.013,0.002\n')),
    ).toBe("p.csv:2:1: beta: '0.0o8' is a word, but beta's other values are numbers");
    // In a YAML file too, where a point's names may come in any order (a map's keys have none).
    const yaml = pointsDesign('p.yaml', '- { beta: 0.01, alpha: 0.002 }\n- { alpha: 0.01, beta: 0.003 }\n');
    expect(yaml.names).toEqual(['beta', 'alpha']);
    expect(yaml.points.map((p) => p.values)).toEqual([
      [0.01, 0.002],
      [0.003, 0.01],
    ]);
    expect(
      inputError(() => pointsDesign('p.yaml', '- { beta: x }\n- { beta: 0.01 }\n- { beta: 0.02 }\n')),
    ).toBe("p.yaml:1:11: 0.beta: 'x' is a word, but beta's other values are numbers");
    expect(inputError(() => pointsDesign('p.csv', 'beta,S\n0.01\n'))).toBe(
      'p.csv:2:1: (file): has 1 values; the header names 2',
    );
    expect(inputError(() => pointsDesign('p.csv', 'beta,S\n0.01,  \n'))).toBe('p.csv:2:6: S: is empty');
    expect(inputError(() => pointsDesign('p.csv', 'beta,beta\n1,2\n'))).toContain(
      'p.csv:1:6: beta: is named twice',
    );
  });

  it('reads a YAML list of maps, with errors at their line and column', () => {
    const design = pointsDesign('p.yaml', '- { beta: 0.01, engine: ssa }\n- { beta: 0.02, engine: tau }\n');
    expect(design.points.map((p) => p.values)).toEqual([
      [0.01, 'ssa'],
      [0.02, 'tau'],
    ]);
    expect(inputError(() => pointsDesign('p.yaml', '- { beta: 0.01 }\n- { beta: [1] }\n'))).toBe(
      'p.yaml:2:11: 1.beta: must be a number or a word',
    );
    // A syntax slip is told in plain words, as in a scenario file, not in the YAML library's.
    expect(inputError(() => pointsDesign('p.yaml', '- { beta: 0.01\n- { beta: 0.02 }\n'))).toBe(
      "p.yaml:2:1: (file): a list or map opened before this line is not closed with '}' (or the lines inside it are not indented enough)",
    );
    expect(inputError(() => pointsDesign('p.yaml', '- { beta: 1, beta: 2 }\n'))).toBe(
      "p.yaml:1:14: 0.beta: the key 'beta' is given twice (first at line 1); keep one",
    );
  });

  it('refuses a YAML file with more tokens than its most points take, before parsing it', () => {
    // 10 MB of one-name points took 2.9 GB to parse before they were found to be 1.2 million. The
    // count of tokens (20 a point) stops at the first past the limit: here 200 for 10 points.
    const tooLong =
      /^p\.yaml:1:1: \(file\): holds more than 200 YAML tokens .*, the most a YAML points file may hold: 20 a point for the 10 points a sweep may have, .*; write a design of more names a point, or of many points, as a CSV file/;
    expect(inputError(() => pointsDesign('p.yaml', '- {b: 1}\n'.repeat(34), 10))).toMatch(tooLong);
    // At the limit, a file is parsed: 11 points of 18 tokens are too many points, not too many tokens.
    const point = '- { beta: 0.01, alpha: 0.005, engine: ssa, S: 500 }\n';
    expect(pointsDesign('p.yaml', point.repeat(10), 10).points).toHaveLength(10);
    expect(inputError(() => pointsDesign('p.yaml', point.repeat(11), 10))).toBe(
      'p.yaml:1:1: (file): has 11 points; a sweep has at most 10',
    );
    expect(inputError(() => pointsDesign('p.yaml', '- {b: 1}\n'.repeat(33), 10))).toBe(
      'p.yaml:1:1: (file): has 33 points; a sweep has at most 10',
    );
  });

  it('refuses a CSV file with too many points at the first one too many, before reading a row', () => {
    // 10 MB of short rows took 1.7 GB as points before they were counted.
    const rows = (n: number) => `beta\n# a comment\n${'0.01\n'.repeat(n)}`;
    expect(pointsDesign('p.csv', rows(10), 10).points).toHaveLength(10);
    expect(inputError(() => pointsDesign('p.csv', rows(13), 10))).toBe(
      'p.csv:13:1: (file): is point 11 of 13; a sweep has at most 10 points',
    );
  });
});
