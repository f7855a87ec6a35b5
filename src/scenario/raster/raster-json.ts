import { type GridValues, GrowingValues } from './grid-values.js';
import { badCell, clip, MAX_PEOPLE, problemAt, tooManyPeople } from './raster-text.js';

/** A JSON number, as the grammar of RFC 8259 has it. */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Reads a JSON grid: an array of rows, each an array of numbers, `grid[y][x]` people in cell
 * (x, y), rows in the file's order (the caller flips a south-origin file). Every row must have
 * the first row's length; each value must be a finite number ≥ 0. `NaN`, `Infinity` and `null`
 * (which Python's and R's writers produce) are reported where they stand, as are ragged rows
 * and anything that is not a number.
 *
 * A hand-written scanner rather than `JSON.parse`: it knows the line and column of every value,
 * holds the numbers in one Float64Array rather than a million small arrays, and cannot be made to
 * recurse (only two levels of brackets are read).
 */
export function readJsonGrid(text: string): GridValues {
  const n = text.length;
  let i = 0;
  const skip = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      i++;
    }
  };
  const fail = (message: string, at = i): never => {
    throw problemAt(text, Math.min(at, n), message);
  };
  const expect = (char: string, what: string) => {
    skip();
    if (text[i] !== char)
      fail(`${what}, not ${i >= n ? 'the end of the file' : `'${clip(tokenAt(text, i))}'`}`);
    i++;
  };

  if (text.charCodeAt(0) === 0xfeff) i = 1;
  expect('[', "expected a JSON grid: a list of rows, '[[…], […], …]'");
  const values = new GrowingValues();
  let width = -1;
  let height = 0;
  let total = 0;
  skip();
  if (text[i] === ']') fail('the grid has no rows');
  for (;;) {
    skip();
    const rowStart = i;
    expect('[', `expected row ${height} as a list of numbers '[…]'`);
    let count = 0;
    skip();
    if (text[i] === ']') fail(`row ${height} is empty`);
    else
      for (;;) {
        skip();
        const start = i;
        const value = numberAt(count, height);
        const problem = badCell(count, height, value, text.slice(start, i));
        if (problem !== undefined) fail(problem, start);
        total += value;
        if (total > MAX_PEOPLE) fail(tooManyPeople(count, height, total), start);
        values.push(value);
        count++;
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') break;
        fail(`row ${height}: expected ',' or ']' after a value`);
      }
    i++;
    if (width === -1) width = count;
    else if (count !== width)
      fail(
        `row ${height} has ${count} values, but row 0 has ${width}: every row must have as many`,
        rowStart,
      );
    height++;
    skip();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === ']') break;
    fail("expected ',' or ']' after a row");
  }
  i++;
  skip();
  if (i < n) fail('unexpected text after the grid');
  return { width, height, values: values.take() };

  /**
   * The number at `i` (moving `i` past it), cell (x, y); NaN for a token that is not a JSON number.
   * A word where a number should be fails, naming the cell (its text is made only then: a raster
   * has millions of cells).
   */
  function numberAt(x: number, y: number): number {
    const start = i;
    let whole = 0;
    // The fast path: a plain whole number, as population grids mostly hold.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      whole = whole * 10 + (c - 48);
      i++;
    }
    const end = tokenEnd(text, i);
    if (end === i && i > start && (i - start === 1 || text[start] !== '0') && i - start < 16) return whole;
    i = end;
    const token = text.slice(start, end);
    if (token === '') fail(`expected a number, not ${i >= n ? 'the end of the file' : `'${text[i]}'`}`);
    if (JSON_NUMBER.test(token)) return Number(token);
    // Not JSON, but what Python's and R's writers put for missing or broken cells: named as values.
    if (/^[+-]?inf(inity)?$/i.test(token)) return token.startsWith('-') ? -Infinity : Infinity;
    if (/^(nan|null)$/i.test(token)) return Number.NaN;
    const cell = `cell (${x}, ${y}): `;
    if (token.startsWith('"')) fail(`${cell}'${clip(token)}' is text, not a number of people`, start);
    if (token.startsWith('[') || token.startsWith('{'))
      fail(`${cell}expected a number: a grid has exactly two levels of brackets`, start);
    return fail(`${cell}'${clip(token)}' is not a number`, start);
  }
}

/** The end of the token starting at `i`: up to white space, ',', ']' or the end. */
function tokenEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 44 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9) break;
    j++;
  }
  return j;
}

function tokenAt(text: string, i: number): string {
  const end = tokenEnd(text, i + 1);
  return text.slice(i, Math.max(end, i + 1));
}
