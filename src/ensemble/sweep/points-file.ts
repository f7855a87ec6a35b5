import { isMap, isScalar, isSeq } from 'yaml';
import { InputError, type InputIssue } from '../../core/errors.js';
import { formatCount } from '../../output/number-format.js';
import { parseYamlInput } from '../../scenario/yaml-problems.js';
import { yamlTokens } from '../../scenario/yaml-size.js';
import { type DesignPoint, type DesignValue, MAX_POINTS, type SweepDesign } from './design.js';

/**
 * The most YAML tokens (`yamlTokens`) one point of a YAML points file takes: 18 for a point of four
 * names in a flow map (`- { beta: 0.01, alpha: 0.005, engine: ssa, S: 500 }`), 19 for six names in
 * a block map. A file with more than this many per allowed point is refused before it is parsed,
 * since parsing is what takes the memory (some 400 bytes a token): 10 MB of one-name points took
 * 2.9 GB to find they were more than `MAX_POINTS`. A CSV file holds points of any number of names.
 */
const TOKENS_PER_POINT = 20;

/**
 * The design of `--points FILE`: a CSV file whose header names the varied names, one point per
 * row (blank lines and lines starting with `#` are skipped; values are numbers or words, with no
 * quoting); or, for a file ending in `.yaml` or `.yml`, a YAML list of maps, one map per point,
 * all with the same keys. Problems are `InputError`s at `FILE:LINE:COL` naming the field. A design
 * has at most `maxPoints` points (`MAX_POINTS`; tests pass fewer).
 */
export function pointsDesign(file: string, text: string, maxPoints = MAX_POINTS): SweepDesign {
  return /\.ya?ml$/i.test(file) ? yamlPoints(file, text, maxPoints) : csvPoints(file, text, maxPoints);
}

function csvPoints(file: string, text: string, maxPoints: number): SweepDesign {
  const issues: InputIssue[] = [];
  const at = (line: number, col: number, path: string, message: string) =>
    issues.push({ file, line, col, path, message });
  const lines = text.split(/\r?\n/);
  const rows = lines
    .map((line, k) => ({ line: k + 1, text: line }))
    .filter((row) => row.text.trim() !== '' && !row.text.trimStart().startsWith('#'));
  if (rows.length === 0)
    throw new InputError([
      {
        file,
        line: 1,
        col: 1,
        path: '',
        message: 'no header: the first line names the varied names, such as beta,alpha',
      },
    ]);
  // Counted before a row is read: 10 MB of short rows would take gigabytes as points.
  const over = rows[maxPoints + 1];
  if (over !== undefined)
    throw new InputError([
      {
        file,
        line: over.line,
        col: 1,
        path: '',
        message: `is point ${formatCount(maxPoints + 1)} of ${formatCount(rows.length - 1)}; a sweep has at most ${formatCount(maxPoints)} points`,
      },
    ]);
  const header = cells(rows[0]!.text);
  const names = header.map((cell) => cell.value);
  header.forEach((cell, k) => {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(cell.value))
      at(rows[0]!.line, cell.col, cell.value, `'${cell.value}' is not a name`);
    else if (names.indexOf(cell.value) < k) at(rows[0]!.line, cell.col, cell.value, 'is named twice');
  });
  const points: DesignPoint[] = [];
  for (const row of rows.slice(1)) {
    const fields = cells(row.text);
    if (fields.length !== names.length) {
      at(row.line, 1, '', `has ${fields.length} values; the header names ${names.length}`);
      continue;
    }
    const values = fields.map((field, k) => {
      if (field.value === '') at(row.line, field.col, names[k]!, 'is empty');
      return readValue(field.value);
    });
    points.push({
      values,
      origin: { file, line: row.line, col: 1, path: '', cols: fields.map((f) => f.col) },
    });
  }
  const kinds = oddValues(names, points, (p, k, message) =>
    at(points[p]!.origin.line, points[p]!.origin.cols![k]!, names[k]!, message),
  );
  issues.sort((a, b) => a.line - b.line || a.col - b.col);
  if (issues.length === 0 && points.length === 0)
    at(rows[0]!.line, 1, '', 'the header has no points below it');
  if (issues.length > 0) throw new InputError(issues);
  return { kind: 'points', names, words: kinds.map((kind) => kind === 'word'), points };
}

/**
 * The comma-separated cells of a line, trimmed, with the column each starts at (from 1). A cell in
 * double quotes (RFC 4180, as spreadsheets write them) may hold commas, and "" for a quote.
 */
function cells(line: string): { value: string; col: number }[] {
  const out: { value: string; col: number }[] = [];
  let k = 0;
  for (;;) {
    const begin = k;
    while (line[k] === ' ' || line[k] === '\t') k++;
    let col = k + 1;
    let value = '';
    if (line[k] === '"') {
      for (k++; k < line.length; k++) {
        if (line[k] === '"' && line[k + 1] === '"') {
          value += '"';
          k++;
        } else if (line[k] === '"') {
          k++;
          break;
        } else value += line[k];
      }
      const comma = line.indexOf(',', k);
      k = comma < 0 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', k);
      const end = comma < 0 ? line.length : comma;
      value = line.slice(k, end).trim();
      // An empty cell is at the place it begins.
      if (value === '') col = begin + 1;
      k = end;
    }
    out.push({ value, col });
    if (k >= line.length) return out;
    k++;
  }
}

/** A number if the text is one, otherwise the word. */
function readValue(text: string): DesignValue {
  const number = Number(text);
  return text !== '' && Number.isFinite(number) ? number : text;
}

function yamlPoints(file: string, text: string, maxPoints: number): SweepDesign {
  const maxTokens = maxPoints * TOKENS_PER_POINT;
  if (yamlTokens(text, maxTokens) > maxTokens) {
    throw new InputError([
      {
        file,
        line: 1,
        col: 1,
        path: '',
        message: `holds more than ${formatCount(maxTokens)} YAML tokens (names, numbers, brackets, commas, colons), the most a YAML points file may hold: ${formatCount(TOKENS_PER_POINT)} a point for the ${formatCount(maxPoints)} points a sweep may have, as in - { beta: 0.01, alpha: 0.005, engine: ssa, S: 500 }; write a design of more names a point, or of many points, as a CSV file, which has no such bound (only the 10 MB of any file)`,
      },
    ]);
  }
  const { doc, lines, issues } = parseYamlInput(text, file);
  if (issues.length > 0) throw new InputError(issues);
  const at = (offset: number | undefined, path: string, message: string) => {
    const { line, col } = lines.linePos(offset ?? 0);
    issues.push({ file, line, col, path, message });
  };
  const list = doc.contents;
  if (!isSeq(list)) {
    at(list?.range?.[0], '', 'expected a list of points, one map of NAME: VALUE per point');
    throw new InputError(issues);
  }
  let names: string[] | undefined;
  const points: DesignPoint[] = [];
  /** Per point, where each of its values stands (in the order of `names`). */
  const offsets: (number | undefined)[][] = [];
  list.items.forEach((item, p) => {
    const offset = (item as { range?: [number, number, number] }).range?.[0];
    if (!isMap(item)) {
      at(offset, String(p), 'a point is a map of NAME: VALUE');
      return;
    }
    const entries = item.items.map((pair) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const node = pair.value;
      const value = isScalar(node) ? node.value : undefined;
      const valueOffset = (node as { range?: [number, number, number] } | null)?.range?.[0] ?? offset;
      return { key, value, valueOffset, col: lines.linePos(valueOffset ?? 0).col };
    });
    const keys = entries.map((entry) => entry.key);
    names ??= keys;
    // The same names in any order: a map's keys have none.
    if ([...keys].sort().join('\0') !== [...names].sort().join('\0')) {
      at(offset, String(p), `has the names ${keys.join(', ')}; the first point has ${names.join(', ')}`);
      return;
    }
    const ordered = names.map((name) => entries.find((entry) => entry.key === name)!);
    const values = ordered.map(({ key, value, valueOffset }) => {
      const ok =
        typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && value !== '';
      if (!ok) at(valueOffset, `${p}.${key}`, 'must be a number or a word');
      return value as DesignValue;
    });
    const { line, col } = lines.linePos(offset ?? 0);
    points.push({ values, origin: { file, line, col, path: String(p), cols: ordered.map((e) => e.col) } });
    offsets.push(ordered.map((e) => e.valueOffset));
  });
  const all = names ?? [];
  const kinds = oddValues(all, points, (p, k, message) =>
    at(offsets[p]![k], `${points[p]!.origin.path}.${all[k]}`, message),
  );
  if (issues.length === 0 && points.length === 0) at(0, '', 'the list has no points');
  if (points.length > maxPoints)
    at(0, '', `has ${formatCount(points.length)} points; a sweep has at most ${formatCount(maxPoints)}`);
  if (issues.length > 0) throw new InputError(issues.sort((a, b) => a.line - b.line || a.col - b.col));
  return { kind: 'points', names: all, words: kinds.map((kind) => kind === 'word'), points };
}

/**
 * Each name's kind of value, numbers or words, with a call of `odd` for each value of the other
 * kind: where a name has both, the fewer are the odd ones (a typo in the first point is the typo,
 * not every number after it), and the words where there are as many of each.
 */
function oddValues(
  names: readonly string[],
  points: readonly DesignPoint[],
  odd: (point: number, k: number, message: string) => void,
): ('number' | 'word' | undefined)[] {
  const kindOf = (value: DesignValue) => (typeof value === 'number' ? 'number' : 'word');
  const given = (value: DesignValue | undefined) => value !== '' && value !== undefined;
  const kinds = names.map((_, k) => {
    const present = points.map((p) => p.values[k]).filter(given);
    const numbers = present.filter((v) => typeof v === 'number').length;
    return numbers > 0 && numbers >= present.length - numbers
      ? 'number'
      : present.length > 0
        ? 'word'
        : undefined;
  });
  points.forEach((point, p) => {
    point.values.forEach((value, k) => {
      if (!given(value) || kindOf(value) === kinds[k]) return;
      odd(p, k, `'${value}' is a ${kindOf(value)}, but ${names[k]}'s other values are ${kinds[k]}s`);
    });
  });
  return kinds;
}
