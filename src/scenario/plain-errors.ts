import type { z } from 'zod';
import { didYouMean } from '../core/closest-name.js';

/**
 * Scenario problems in plain words. The validation library's own messages speak its language
 * ("Invalid input: expected record, received string"); this error map says the same in the
 * scenario's terms ("must be a map of name: value, not the text 'x'"). Messages written in the
 * schemas themselves take precedence over it.
 */
export function plainError(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `is required; give ${expected}`;
      if (
        typeof issue.input === 'number' &&
        typeof issue.expected === 'string' &&
        issue.expected === 'number'
      )
        return `must be a finite number, not ${issue.input}`;
      return `must be ${expected}, not ${describe(issue.input)}`;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      const wanted = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      const typo = typeof issue.input === 'string' ? didYouMean(issue.input, values) : '';
      return `must be ${wanted}, not ${describe(issue.input)}${typo}`;
    }
    case 'too_small':
      return bound('at least', 'greater than', issue.origin, Number(issue.minimum), issue.inclusive);
    case 'too_big':
      return bound('at most', 'less than', issue.origin, Number(issue.maximum), issue.inclusive);
    case 'invalid_format':
      return 'is not written in the expected form';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys': {
      // One line per key, in order, each with the closest known key: `zodIssues` splits them.
      const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
      const known = shape === undefined ? [] : Object.keys(shape);
      const list = known.length > 0 && known.length <= 12 ? `; the keys here are ${known.join(', ')}` : '';
      return issue.keys.map((key) => `unknown key '${key}'${didYouMean(key, known)}${list}`).join('\n');
    }
    case 'invalid_key':
      // The key's own problem, such as 'must be a name: letters, digits and _'.
      return issue.issues[0]?.message ?? `the name ${describe(issue.input)} is not allowed here`;
    case 'invalid_element':
      return 'holds a value that is not allowed';
    case 'invalid_union':
      return unionMessage(issue);
    default:
      return 'is not valid here';
  }
}

/** What the library calls a type, in the scenario's words. */
const EXPECTED: Readonly<Record<string, string>> = Object.assign(Object.create(null), {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  tuple: 'a list',
  object: 'a map of fields (key: value)',
  record: 'a map of name: value',
  map: 'a map of name: value',
  null: 'empty',
  undefined: 'absent',
  nan: 'not a number',
  bigint: 'a whole number',
  date: 'a date',
  literal: 'a fixed value',
});

/** A value as a person would name it in a message: `the text 'x'`, `the number 3`, `a list`. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return `the text '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return typeof value;
}

function bound(
  atLeast: string,
  strictly: string,
  origin: string,
  limit: number,
  inclusive?: boolean,
): string {
  const words = inclusive === false ? strictly : atLeast;
  switch (origin) {
    case 'array':
    case 'set':
      return limit === 1 && words === 'at least'
        ? 'must not be an empty list'
        : `needs ${words} ${limit} items`;
    case 'string':
      return limit === 1 && words === 'at least' ? 'must not be empty' : `needs ${words} ${limit} characters`;
    default:
      return `must be ${words} ${limit}`;
  }
}

/** No form of a union matched: name the forms that were expected. */
function unionMessage(issue: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidUnion>): string {
  // A missing field (a reaction without `from`): its forms, as zod lists them, may be but one.
  if (issue.input === undefined) return 'is required';
  const expected = new Set<string>();
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (inner.code === 'invalid_type' && inner.path.length === 0)
        expected.add(EXPECTED[inner.expected] ?? inner.expected);
      if (inner.code === 'invalid_value' && inner.path.length === 0)
        for (const v of inner.values) expected.add(typeof v === 'string' ? v : JSON.stringify(v));
    }
  }
  const forms = [...expected];
  if (forms.length === 0) return `is not any of the forms allowed here, as ${describe(issue.input)}`;
  const list =
    forms.length === 1 ? forms[0] : `${forms.slice(0, -1).join(', ')} or ${forms[forms.length - 1]}`;
  return `must be ${list}, not ${describe(issue.input)}`;
}

/**
 * The message of zod's `int()`, which refuses whole numbers past 2^53 as well as fractions: says
 * which it is (`uniform.people: 1e17` was told it must be a whole number).
 */
export function wholeNumberError(issue: { readonly input?: unknown }): string {
  return Number.isInteger(issue.input)
    ? `must be at most 2^53 − 1 (${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}), the largest whole number a double counts exactly`
    : 'must be a whole number';
}
