import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseScenario } from '../../src/scenario/parse.js';

const VALID = `name: tiny
title: Tiny
model:
  compartments: [S, Z, R]
  parameters: { beta: 0.01, alpha: 0.005 }
  reactions:
    bite: { from: S + Z, to: 2 Z, rate: beta }
    kill: { from: S + Z, to: S + R, law: alpha * S * Z / N }
initial: { S: 100, Z: 1, R: 0 }
time: { until: 5, every: 1 }
events:
  - { at: 2, scale: { Z: 0.5 } }
`;

/** The loader either returns a scenario or throws an InputError: never anything else. */
function loadsOrRejects(text: string): void {
  try {
    parseScenario(text, 'fuzz.yaml');
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const issue of error.issues) {
      expect(issue.line).toBeGreaterThanOrEqual(1);
      expect(issue.col).toBeGreaterThanOrEqual(1);
      expect(issue.message.length).toBeGreaterThan(0);
    }
  }
}

describe('the scenario loader never crashes or hangs', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), loadsOrRejects), { numRuns: 500 });
  });

  it('on YAML-ish text built from scenario tokens', () => {
    const token = fc.constantFrom(
      'name:',
      'title:',
      'model:',
      'compartments:',
      'reactions:',
      'parameters:',
      'initial:',
      'time:',
      'until:',
      'every:',
      'events:',
      'from:',
      'to:',
      'rate:',
      'law:',
      'at:',
      'when:',
      'set:',
      'scale:',
      'move:',
      '- ',
      '  ',
      '\n',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      'S',
      'Z',
      '2 Z',
      'S + Z',
      '0',
      '-1',
      '1e9',
      'beta',
      '&a',
      '*a',
      '!!str',
      '"',
      "'",
      '#',
      '|',
      '>',
      'N',
      't',
      '(',
      ')',
      '^',
      '*',
      'NaN',
      '.inf',
      '~',
      'null',
      'true',
    );
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 80 }).map((t) => t.join('')),
        loadsOrRejects,
      ),
      { numRuns: 800 },
    );
  });

  it('on a valid scenario with a random slice cut out or a random character changed', () => {
    fc.assert(
      fc.property(
        fc.nat(VALID.length),
        fc.nat(40),
        fc.string({ minLength: 0, maxLength: 3 }),
        (at, cut, insert) => loadsOrRejects(VALID.slice(0, at) + insert + VALID.slice(at + cut)),
      ),
      { numRuns: 1000 },
    );
  });

  it('accepts the unmutated scenario', () => {
    expect(parseScenario(VALID, 'fuzz.yaml').network.reactionNames).toEqual(['bite', 'kill']);
  });
});
