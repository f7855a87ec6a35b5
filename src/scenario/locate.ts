import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  Scalar,
  type YAMLMap,
} from 'yaml';

/** A line and column in a file, counting from 1. */
export interface Position {
  line: number;
  col: number;
}

/** Finds where a field of a YAML document stands, to point error messages at it. */
export class Locator {
  /**
   * Each map's pairs by key, made the first time the map is searched: a file's problems are often
   * one per key of a map, and searching a map of n keys for each would take n² steps.
   */
  private readonly pairsOf = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly source: string,
  ) {}

  /**
   * The position of the node at `path`, or of its deepest existing ancestor. With `offset`, the
   * position of that character of a scalar's text, however its lines are folded; with `key`, of
   * that map key.
   */
  locate(path: readonly (string | number)[], offset = 0, key?: string): Position {
    let node: Node | null = this.doc.contents;
    let found = true;
    for (const step of path) {
      const inside = typeof step === 'string' && isScalar(node) ? /^(\d+):(\d+)$/.exec(step) : null;
      if (inside) return this.inBlock(node as Scalar, Number(inside[1]), Number(inside[2]));
      const next = this.childOf(node, step);
      if (next === undefined) {
        found = false;
        break;
      }
      node = next.value ?? next.key;
    }
    if (found && key !== undefined) {
      const pair = isMap(node) ? this.pair(node, key) : undefined;
      if (pair && isScalar(pair.key) && pair.key.range) return this.at(pair.key.range[0]);
    }
    const start = node?.range?.[0] ?? 0;
    if (!found || !isScalar(node)) return this.at(start);
    // Offset 0 is also a problem with the whole field, placed at its start (a quote included);
    // a block's start is its header (`|`), a line above its text, so there it is the text's.
    const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    if (offset === 0 && !block) return this.at(start);
    return this.at(this.sourceOffset(node, offset, block) ?? start);
  }

  /**
   * Where character `offset` of a scalar's text stands in the file. YAML folds a scalar's lines
   * (a line break and the next line's indent read as one space, or as a line break in a `|` block),
   * so the text is walked beside the source: whitespace in one matches any whitespace in the other,
   * and every other character must be the same. Where they part (an escape such as `\t`), the
   * caller falls back on the scalar's start.
   */
  private sourceOffset(node: Scalar, offset: number, block: boolean): number | undefined {
    const [from, to] = node.range ?? [0, 0];
    const text = String(node.value);
    const src = this.source;
    let p = from;
    if (block) {
      p = src.indexOf('\n', from) + 1; // past the header (`|`, `>-`) and any comment on its line
      if (p === 0) return undefined;
    } else if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) p++;
    const space = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
    // Past the text's end (a law cut short) is just after its last character.
    const end = Math.min(offset, text.length);
    for (let k = 0; k < end; k++) {
      const c = text[k]!;
      if (space(c)) {
        while (p < to && space(src[p])) p++;
        continue;
      }
      while (p < to && space(src[p])) p++;
      if (src[p] !== c) return undefined;
      p++;
    }
    if (end === text.length || space(text[end])) return p;
    while (p < to && space(src[p])) p++;
    return src[p] === text[end] ? p : undefined;
  }

  /**
   * Line `line`, column `col` (1-based) of a block scalar's text, such as a floor map written with
   * `|`: a path step `'L:C'` below the scalar asks for it. Other scalars give their own position.
   */
  private inBlock(node: Scalar, line: number, col: number): Position {
    const start = this.at(node.range?.[0] ?? 0);
    if (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED) return start;
    const text = String(node.value).split('\n')[line - 1] ?? '';
    // The header (`|`) stands on its own line, so text line L is file line header + L. Its indent is
    // the source line's length less the text's, since a literal keeps everything past the indent.
    const starts = this.lines.lineStarts;
    const lineIndex = start.line - 1 + line;
    const from = starts[lineIndex];
    const to = starts[lineIndex + 1];
    if (from === undefined) return start;
    const sourceLength = (to === undefined ? (node.range?.[1] ?? from) : to - 1) - from;
    const indent = Math.max(0, sourceLength - text.length);
    return { line: start.line + line, col: indent + col };
  }

  /** The first pair of `map` whose key reads `key`. */
  private pair(map: YAMLMap, key: string): Pair | undefined {
    let pairs = this.pairsOf.get(map);
    if (pairs === undefined) {
      pairs = new Map();
      for (const item of map.items) {
        const text = keyText(item.key);
        if (text !== undefined && !pairs.has(text)) pairs.set(text, item as Pair);
      }
      this.pairsOf.set(map, pairs);
    }
    return pairs.get(key);
  }

  private childOf(
    node: Node | null,
    step: string | number,
  ): { key: Node | null; value: Node | null } | undefined {
    if (isMap(node)) {
      const pair = this.pair(node, String(step));
      return pair && { key: pair.key as Node | null, value: pair.value as Node | null };
    }
    if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      return item && { key: item, value: item };
    }
    return undefined;
  }

  private at(offset: number): Position {
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}
