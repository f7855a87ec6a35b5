import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type YAMLError,
} from 'yaml';
import type { InputIssue } from '../core/errors.js';

/** A YAML document read from an input file, and its problems; `doc` is data only when there are none. */
export interface ParsedYaml {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly issues: InputIssue[];
}

/**
 * Parses YAML text of an input file (a scenario, an interventions file, a file of points) the one
 * way all are read, and gathers its problems in plain words at their line and column: the syntax
 * errors and warnings (`describeYamlError`, each said once), then, if the syntax is sound, the keys
 * `checkKeys` refuses. Every file thus says a syntax slip the same way, never in the library's words.
 */
export function parseYamlInput(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    // The library's duplicate-key check compares every pair of keys; checkKeys is linear.
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
  });
  const issues: InputIssue[] = [];
  const said = new Set<string>();
  for (const problem of [...doc.errors, ...doc.warnings]) {
    const issue = { file, path: '', ...describeYamlError(problem, text, lines) };
    // One mistake often raises two errors that read the same in plain words: say it once.
    const key = `${issue.line}:${issue.col}:${issue.message}`;
    if (!said.has(key)) issues.push(issue);
    said.add(key);
  }
  if (issues.length === 0) issues.push(...checkKeys(doc, lines, file));
  return { doc, lines, issues };
}

/** How many times aliases (`*name`) may copy data, in all: enough for any real file, too few for an alias bomb. */
const MAX_ALIAS_COPIES = 100;

/**
 * A parsed document as plain data, or why it cannot be: aliases that copy data more than 100
 * times (a few lines of them can stand for gigabytes), said in plain words.
 */
export function yamlData(doc: Document.Parsed): { value: unknown } | { problem: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COPIES }) };
  } catch (error) {
    const message = String((error as Error).message).split('\n')[0]!;
    return {
      problem: /alias count/i.test(message)
        ? `its aliases (*name) copy data more than ${MAX_ALIAS_COPIES} times over, which could fill memory: write the data out`
        : `it cannot be read as data: ${message}`,
    };
  }
}

/**
 * Checks the keys of every map in a parsed YAML document in one linear pass (a Set per map): a
 * key given twice, and the key `__proto__`, which JavaScript objects cannot hold as data. The yaml
 * library's own `uniqueKeys` check compares every pair of keys, which takes minutes on a large map.
 * Each problem names the line and column of the offending key and its field path.
 */
export function checkKeys(doc: Document.Parsed, lines: LineCounter, file: string): InputIssue[] {
  const issues: InputIssue[] = [];
  // An explicit stack rather than recursion: deeply nested input must not overflow the call stack.
  const pending: { node: unknown; path: string }[] = [{ node: doc.contents, path: '' }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (isMap(item) || isSeq(item)) pending.push({ node: item, path: join(path, String(i)) });
      });
      continue;
    }
    if (!isMap(node)) continue;
    const seen = new Map<unknown, Node>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      // Compared as text, as they end up as object keys: `1` and `'1'` are the same key.
      const name = String(isScalar(key) ? key.value : key);
      const value = isScalar(key) || key === null ? name : key;
      const issue = (message: string) => {
        const at = lines.linePos(key?.range?.[0] ?? node.range?.[0] ?? 0);
        issues.push({ file, line: at.line, col: at.col, path: join(path, name), message });
      };
      const first = seen.get(value);
      if (first !== undefined) {
        const before = lines.linePos(first.range?.[0] ?? 0);
        issue(`the key '${name}' is given twice (first at line ${before.line}); keep one`);
      } else if (key !== null) seen.set(value, key);
      if (name === '__proto__') issue(`'__proto__' cannot be used as a name`);
      // `? [a, b]: 1` or `{ [beta]: 1 }`: the library would make text of the key, with a warning on stderr.
      if (isMap(key) || isSeq(key)) issue('a key is a name, not a list or a map');
      if (isMap(pair.value) || isSeq(pair.value)) pending.push({ node: pair.value, path: join(path, name) });
    }
  }
  return issues.sort((a, b) => a.line - b.line || a.col - b.col);
}

function join(path: string, step: string): string {
  return path === '' ? step : `${path}.${step}`;
}

/**
 * A YAML syntax problem in plain words, at the line and column where it went wrong: for bad
 * indentation, the first character of the line that breaks the alignment.
 */
export function describeYamlError(problem: YAMLError, text: string, lines: LineCounter): LocatedMessage {
  const at = lines.linePos(problem.pos[0]);
  const lineText = (n: number) => {
    const from = lines.lineStarts[n - 1] ?? text.length;
    const to = lines.lineStarts[n] ?? text.length + 1;
    return text.slice(from, to - 1);
  };
  const indentOf = (s: string) => s.length - s.trimStart().length;
  const content = (s: string) => s.trim() !== '' && !s.trimStart().startsWith('#');
  const own = lineText(at.line);
  const col = content(own) ? indentOf(own) + 1 : at.col;
  const message = problem.message.split('\n')[0]!.trim();
  switch (problem.code) {
    case 'BAD_INDENT': {
      let before = at.line - 1;
      while (before >= 1 && !content(lineText(before))) before--;
      // The library says "flow map" and "flow sequence".
      if (/flow (sequence|map)/i.test(message)) {
        const closer = /sequence/i.test(message) ? ']' : '}';
        return {
          line: at.line,
          col,
          message: `a list or map opened before this line is not closed with '${closer}' (or the lines inside it are not indented enough)`,
        };
      }
      const above = before >= 1 ? ` (line ${before} starts at column ${indentOf(lineText(before)) + 1})` : '';
      return {
        line: at.line,
        col,
        message: `wrong indentation: this line starts at column ${col}, out of line with the keys above it${above}; the keys of one map must start in the same column`,
      };
    }
    case 'RESOURCE_EXHAUSTION':
      // The library's composer ran out of stack: collections nested thousands deep.
      return {
        line: at.line,
        col: at.col,
        message: 'lists and maps are nested inside each other too deeply here to be read',
      };
    case 'MULTIPLE_DOCS':
      return {
        line: at.line,
        col: at.col,
        message:
          "a second YAML document starts here ('---'): a file holds one; remove the line, or split the file",
      };
    case 'TAG_RESOLVE_FAILED':
      // `!!js/function` and the like: nothing in a file is ever run or made into anything but data.
      return {
        line: at.line,
        col: at.col,
        message: `${(/tag:\S+|!\S+/.exec(message)?.[0] ?? 'this tag').replace('tag:yaml.org,2002:', '!!')} is not a tag undead reads: it reads numbers, text, lists and maps; remove the tag`,
      };
    case 'TAB_AS_INDENT':
      return { line: at.line, col: at.col, message: 'a tab is used for indentation; indent with spaces' };
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      // Usually a key indented deeper than the key above it, read as going on with that value.
      let next = at.line + 1;
      while (next <= lines.lineStarts.length && !content(lineText(next))) next++;
      const nextText = lineText(next);
      if (content(nextText) && indentOf(nextText) > indentOf(own) && nextText.includes(':')) {
        const deeper = indentOf(nextText) + 1;
        return {
          line: next,
          col: deeper,
          message: `wrong indentation: this line starts at column ${deeper}, deeper than the key on line ${at.line} (column ${col}); the keys of one map must start in the same column`,
        };
      }
      return {
        line: at.line,
        col,
        message: "expected 'key: value' on this line (a missing ':' or a wrong indentation?)",
      };
    }
    case 'MISSING_CHAR': {
      const unclosed = /^flow (sequence|map) must end with/i.exec(message);
      if (unclosed)
        return {
          line: at.line,
          col: at.col,
          message:
            unclosed[1] === 'map'
              ? "a map opened with '{' is not closed with '}'"
              : "a list opened with '[' is not closed with ']'",
        };
      if (/^missing closing .quote/i.test(message))
        return {
          line: at.line,
          col: at.col,
          message: 'a quoted text is not closed: its closing quote is missing',
        };
      if (/followed by map values/.test(message))
        return { line: at.line, col: at.col, message: "expected 'key: value'; this key has no ':'" };
      if (/without - indicator/.test(message))
        return {
          line: at.line,
          col,
          message:
            "wrong indentation: this line is not part of the list item above it; line it up with that item's keys, or start a new item with '-'",
        };
      return { line: at.line, col: at.col, message };
    }
    case 'UNEXPECTED_TOKEN': {
      // A tab in a line's indentation makes the library report each token after it as unexpected:
      // say the cause once, at the tab.
      const tab = own.slice(0, indentOf(own)).indexOf('\t');
      if (tab >= 0)
        return { line: at.line, col: tab + 1, message: 'a tab is used for indentation; indent with spaces' };
      return { line: at.line, col: at.col, message };
    }
    default:
      return { line: at.line, col: at.col, message: shortened(message) };
  }
}

/** The most characters of the library's own words a message quotes (it may quote a whole line). */
const QUOTED = 120;

function shortened(message: string): string {
  return message.length <= QUOTED ? message : `${message.slice(0, QUOTED)}…`;
}

/** A message at a line and column. */
export interface LocatedMessage {
  line: number;
  col: number;
  message: string;
}
