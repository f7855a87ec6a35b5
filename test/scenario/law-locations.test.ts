import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { parseScenario } from '../../src/scenario/parse.js';

/** A scenario whose one reaction's law is written as `lawLines`, each line as it stands in the file. */
function scenario(lawLines: string[]): string {
  return [
    'name: laws',
    'title: laws',
    'model:',
    '  compartments: [S, Z]',
    '  parameters: {beta: 0.1}',
    '  reactions:',
    '    bite:',
    '      from: S + Z',
    '      to: 2 Z',
    ...lawLines,
    'initial: {S: 100, Z: 1}',
    'time: {until: 10, every: 1}',
    '',
  ].join('\n');
}

/** Where the error about the unknown name in a scenario's law points. */
function errorAt(text: string): { line: number; col: number } {
  try {
    parseScenario(text, 'laws.yaml');
  } catch (error) {
    if (error instanceof InputError) {
      const issue = error.issues.find((i) => i.message.startsWith('unknown name'))!;
      return { line: issue.line, col: issue.col };
    }
    throw error;
  }
  throw new Error('the scenario was taken');
}

/** Where `name` stands in the file, counting from 1: its last occurrence. */
function whereIs(text: string, name: string): { line: number; col: number } {
  const lines = text.split('\n');
  for (let k = lines.length - 1; k >= 0; k--) {
    const col = lines[k]!.lastIndexOf(name);
    if (col >= 0) return { line: k + 1, col: col + 1 };
  }
  throw new Error(`${name} is not in the text`);
}

describe('an error in a law points at its character, however the law is written', () => {
  const operand = fc.constantFrom('beta', 'S', 'Z', '2', '(S + Z)');
  const operator = fc.constantFrom('*', '+', '-', '/');
  /** A law of known names that reads the unknown name QQ last, as words with a space between. */
  const law = fc
    .array(fc.tuple(operand, operator), { minLength: 0, maxLength: 6 })
    .map((pairs) => [...pairs.flat(), 'QQ'].join(' ').split(' '));
  const styles = ['plain', 'double', 'single', 'literal', 'folded', 'folded-strip'] as const;
  /** Whether to break the line after each word. */
  const cuts = fc.array(fc.boolean(), { minLength: 40, maxLength: 40 });

  it('in plain, quoted and block scalars, on one line or folded over several', () => {
    fc.assert(
      fc.property(
        law,
        fc.constantFrom(...styles),
        fc.integer({ min: 0, max: 6 }),
        cuts,
        (words, style, more, cut) => {
          const lines: string[] = [];
          let line: string[] = [];
          words.forEach((word, k) => {
            line.push(word);
            if (cut[k] || k === words.length - 1) {
              lines.push(line.join(' '));
              line = [];
            }
          });
          const pad = ' '.repeat(8 + more);
          let lawLines: string[];
          if (style === 'literal' || style === 'folded' || style === 'folded-strip') {
            const header = { literal: '|', folded: '>', 'folded-strip': '>-' }[style];
            // A literal block keeps its line breaks, which an expression reads as spaces.
            lawLines = [`      law: ${header}`, ...lines.map((l) => pad + l)];
          } else {
            const q = style === 'double' ? '"' : style === 'single' ? "'" : '';
            lawLines = lines.map((l, k) => (k === 0 ? `      law: ${q}${l}` : pad + l));
            lawLines[lawLines.length - 1] += q;
          }
          const text = scenario(lawLines);
          const at = whereIs(text, 'QQ');
          // A problem at the first character of a quoted text is placed at its opening quote, as a
          // problem with the whole field is.
          if (words.length === 1 && (style === 'double' || style === 'single')) at.col--;
          expect(errorAt(text), text).toEqual(at);
        },
      ),
      { numRuns: 300 },
    );
  });
});
