import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type YAMLError,
} from 'yaml';
import type { InputIssue } from '../core/errors.js';

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
      if (/flow (sequence|mapping)/i.test(message)) {
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
    case 'MISSING_CHAR':
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
    default:
      return { line: at.line, col: at.col, message };
  }
}

/** A message at a line and column. */
export interface LocatedMessage {
  line: number;
  col: number;
  message: string;
}
