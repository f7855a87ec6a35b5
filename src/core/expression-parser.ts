/**
 * The rate-law expression language: tokenizer, recursive-descent parser and AST.
 *
 * Scenario files are untrusted, so the parser accepts exactly the grammar below and nothing else,
 * runs in time linear in the text, and bounds its own recursion. Precedence, loosest first:
 *
 * | level          | operators                 | associativity |
 * | -------------- | ------------------------- | ------------- |
 * | or             | `\|\|`                    | left          |
 * | and            | `&&`                      | left          |
 * | equality       | `==` `!=`                 | left          |
 * | relational     | `<` `<=` `>` `>=`         | left          |
 * | additive       | `+` `-`                   | left          |
 * | multiplicative | `*` `/`                   | left          |
 * | prefix         | `-` `+` `!`               | right         |
 * | power          | `^` (exponent may be prefixed: `2^-1`) | right |
 *
 * So `-x^2` is `-(x^2)`, `2^3^2` is `2^(3^2)`, and `a < b == c < d` is `(a < b) == (c < d)`.
 */

/** A problem in an expression's text, located by character offset so callers can map it to a line and column. */
export class ExpressionError extends Error {
  /** 0-based index (in UTF-16 code units) into the expression text where the problem starts. */
  readonly offset: number;
  /** How many characters the problem spans; 0 when it is the end of the text. */
  readonly length: number;

  /** Builds an error for `length` characters of the expression text starting at `offset`. */
  constructor(message: string, offset: number, length: number) {
    super(message);
    this.name = 'ExpressionError';
    this.offset = offset;
    this.length = length;
  }
}

/** Where a node sits in the expression text: the 0-based offset of its first character and its length. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** A prefix operator: negation, identity, or logical not (`!x` is 1 when x is 0, else 0). */
export type UnaryOp = '-' | '+' | '!';

/** An infix operator. Comparisons and logical operators yield 1 or 0; any non-zero value counts as true. */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

/** A built-in function. `if(cond, a, b)` evaluates only the branch it picks. */
export type FunctionName = 'min' | 'max' | 'exp' | 'log' | 'sqrt' | 'abs' | 'pow' | 'floor' | 'ceil' | 'if';

/** A number literal such as `12`, `0.5`, `.5` or `1e-3`. */
export interface NumExpr extends Span {
  readonly kind: 'num';
  readonly value: number;
}

/** A free identifier: a compartment, parameter, derived quantity or `t`, resolved at compile time. */
export interface NameExpr extends Span {
  readonly kind: 'name';
  readonly name: string;
}

/** A prefix operator applied to one operand. */
export interface UnaryExpr extends Span {
  readonly kind: 'unary';
  readonly op: UnaryOp;
  readonly arg: Expr;
}

/** An infix operator applied to two operands. */
export interface BinaryExpr extends Span {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
}

/** A call of a built-in function; its arity has already been checked. */
export interface CallExpr extends Span {
  readonly kind: 'call';
  readonly fn: FunctionName;
  readonly args: readonly Expr[];
}

/**
 * A parsed expression. Every node carries the span of text it came from: parentheses around the node
 * itself are outside its span, parentheses around its operands are inside, so every span is a
 * well-formed expression on its own.
 */
export type Expr = NumExpr | NameExpr | UnaryExpr | BinaryExpr | CallExpr;

/** Deepest allowed nesting of parentheses, calls, prefix operators and exponents. */
const MAX_NESTING = 100;
/** Tallest allowed tree, so that every later recursive walk over it stays far from the stack limit. */
const MAX_HEIGHT = 1000;

const ARITY = new Map<string, { readonly fn: FunctionName; readonly min: number; readonly max: number }>([
  ['min', { fn: 'min', min: 1, max: Number.POSITIVE_INFINITY }],
  ['max', { fn: 'max', min: 1, max: Number.POSITIVE_INFINITY }],
  ['exp', { fn: 'exp', min: 1, max: 1 }],
  ['log', { fn: 'log', min: 1, max: 1 }],
  ['sqrt', { fn: 'sqrt', min: 1, max: 1 }],
  ['abs', { fn: 'abs', min: 1, max: 1 }],
  ['pow', { fn: 'pow', min: 2, max: 2 }],
  ['floor', { fn: 'floor', min: 1, max: 1 }],
  ['ceil', { fn: 'ceil', min: 1, max: 1 }],
  ['if', { fn: 'if', min: 3, max: 3 }],
]);

/** The functions an expression may call; these names cannot name anything else. */
export const functionNames: readonly FunctionName[] = [...ARITY.values()].map((spec) => spec.fn);

/** Binary levels from loosest to tightest; the prefix and power levels sit below the last one. */
const LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/'],
];

interface Token {
  readonly kind: 'num' | 'name' | 'op' | 'end';
  readonly text: string;
  readonly offset: number;
  readonly value: number;
}

const SPACE = /\s+/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const WORD = /[A-Za-z0-9_.]*/y;
const OPERATORS = ['<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '^', '(', ')', ',', '<', '>', '!'];
const HINTS = new Map([
  ['=', "unexpected '='; use '==' to compare"],
  ['&', "unexpected '&'; use '&&'"],
  ['|', "unexpected '|'; use '||'"],
]);

function match(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
  return control ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${ch}'`;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const space = match(SPACE, text, i);
    if (space !== undefined) {
      i += space.length;
      continue;
    }
    const num = match(NUMBER, text, i);
    if (num !== undefined) {
      const word = num + match(WORD, text, i + num.length);
      if (word.length > num.length) throw new ExpressionError(`malformed number '${word}'`, i, word.length);
      const value = Number(num);
      if (!Number.isFinite(value)) throw new ExpressionError(`number '${num}' is too large`, i, num.length);
      tokens.push({ kind: 'num', text: num, offset: i, value });
      i += num.length;
      continue;
    }
    const name = match(NAME, text, i);
    if (name !== undefined) {
      tokens.push({ kind: 'name', text: name, offset: i, value: 0 });
      i += name.length;
      continue;
    }
    const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (op !== undefined) {
      tokens.push({ kind: 'op', text: op, offset: i, value: 0 });
      i += op.length;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    throw new ExpressionError(HINTS.get(ch) ?? `unexpected character ${describeChar(ch)}`, i, ch.length);
  }
  tokens.push({ kind: 'end', text: '', offset: text.length, value: 0 });
  return tokens;
}

function end(node: Span): number {
  return node.offset + node.length;
}

function isOp(token: Token, op: string): boolean {
  return token.kind === 'op' && token.text === op;
}

function tooDeep(at: Token): ExpressionError {
  return new ExpressionError('expression nested too deeply', at.offset, at.text.length);
}

class Parser {
  private readonly tokens: readonly Token[];
  private readonly heights = new Map<Expr, number>();
  /** The text a node covers together with the parentheses around it, when it has some. */
  private readonly outer = new Map<Expr, Span>();
  private index = 0;
  private depth = 0;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  parse(): Expr {
    const expr = this.parseLevel(0);
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest);
    return expr;
  }

  /** The token at the cursor. The list ends with an `end` token that no rule moves past. */
  private peek(): Token {
    return this.tokens[this.index]!;
  }

  /** The token at the cursor, moving the cursor past it. */
  private next(): Token {
    return this.tokens[this.index++]!;
  }

  private unexpected(token: Token): ExpressionError {
    if (token.kind === 'end') return new ExpressionError('unexpected end of expression', token.offset, 0);
    return new ExpressionError(`unexpected '${token.text}'`, token.offset, token.text.length);
  }

  private enter(at: Token): void {
    if (++this.depth > MAX_NESTING) throw tooDeep(at);
  }

  private height(node: Expr): number {
    return this.heights.get(node) ?? 1;
  }

  private start(node: Expr): number {
    return (this.outer.get(node) ?? node).offset;
  }

  private stop(node: Expr): number {
    return end(this.outer.get(node) ?? node);
  }

  private track<T extends Expr>(node: T, childHeight: number, at: Token): T {
    if (childHeight + 1 > MAX_HEIGHT) throw tooDeep(at);
    this.heights.set(node, childHeight + 1);
    return node;
  }

  private parseLevel(level: number): Expr {
    if (level === LEVELS.length) return this.parseUnary();
    const ops = LEVELS[level]!;
    let left = this.parseLevel(level + 1);
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op' || !ops.includes(token.text)) return left;
      this.index++;
      const right = this.parseLevel(level + 1);
      left = this.binary(token, left, right);
    }
  }

  private binary(token: Token, left: Expr, right: Expr): BinaryExpr {
    const node: BinaryExpr = {
      kind: 'binary',
      op: token.text as BinaryOp,
      left,
      right,
      offset: this.start(left),
      length: this.stop(right) - this.start(left),
    };
    return this.track(node, Math.max(this.height(left), this.height(right)), token);
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (!(isOp(token, '-') || isOp(token, '+') || isOp(token, '!'))) return this.parsePower();
    this.index++;
    this.enter(token);
    const arg = this.parseUnary();
    this.depth--;
    const node: UnaryExpr = {
      kind: 'unary',
      op: token.text as UnaryOp,
      arg,
      offset: token.offset,
      length: this.stop(arg) - token.offset,
    };
    return this.track(node, this.height(arg), token);
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    const token = this.peek();
    if (!isOp(token, '^')) return base;
    this.index++;
    this.enter(token);
    const exponent = this.parseUnary();
    this.depth--;
    return this.binary(token, base, exponent);
  }

  private parsePrimary(): Expr {
    const token = this.next();
    if (token.kind === 'num') {
      return { kind: 'num', value: token.value, offset: token.offset, length: token.text.length };
    }
    if (token.kind === 'name') {
      if (isOp(this.peek(), '(')) return this.parseCall(token);
      return { kind: 'name', name: token.text, offset: token.offset, length: token.text.length };
    }
    if (!isOp(token, '(')) throw this.unexpected(token);
    this.enter(token);
    const inner = this.parseLevel(0);
    this.depth--;
    const close = this.peek();
    if (!isOp(close, ')')) {
      throw new ExpressionError(
        `expected ')' to close '(' at column ${token.offset + 1}`,
        close.offset,
        close.text.length,
      );
    }
    this.index++;
    this.outer.set(inner, { offset: token.offset, length: close.offset + 1 - token.offset });
    return inner;
  }

  private parseCall(name: Token): CallExpr {
    const spec = ARITY.get(name.text);
    if (spec === undefined) {
      throw new ExpressionError(`unknown function '${name.text}'`, name.offset, name.text.length);
    }
    const open = this.next();
    this.enter(open);
    const args: Expr[] = [];
    let childHeight = 0;
    if (!isOp(this.peek(), ')')) {
      for (;;) {
        const arg = this.parseLevel(0);
        args.push(arg);
        childHeight = Math.max(childHeight, this.height(arg));
        const token = this.peek();
        if (isOp(token, ')')) break;
        if (!isOp(token, ',')) {
          throw new ExpressionError(
            `expected ',' or ')' to close '(' at column ${open.offset + 1}`,
            token.offset,
            token.text.length,
          );
        }
        this.index++;
      }
    }
    const close = this.next();
    this.depth--;
    const node: CallExpr = {
      kind: 'call',
      fn: spec.fn,
      args,
      offset: name.offset,
      length: close.offset + 1 - name.offset,
    };
    if (args.length < spec.min || args.length > spec.max) {
      const message =
        spec.min === spec.max
          ? `${spec.fn} takes ${spec.min} argument${spec.min === 1 ? '' : 's'}, not ${args.length}`
          : `${spec.fn} needs at least ${spec.min} argument${spec.min === 1 ? '' : 's'}`;
      throw new ExpressionError(message, node.offset, node.length);
    }
    return this.track(node, childHeight, name);
  }
}

/**
 * Parses a rate-law expression such as `beta * S * Z / N` or `if(t < 4, 20, 2) * max(0, S - 1)`.
 *
 * Accepts numbers (`12`, `0.5`, `.5`, `1e-3`), identifiers `[A-Za-z_][A-Za-z0-9_]*`, `+ - * / ^`,
 * prefix `- + !`, comparisons `< <= > >= == !=`, `&&`, `||`, parentheses and calls of
 * `min max exp log sqrt abs pow floor ceil if`; whitespace may appear anywhere between tokens.
 * Names are not resolved here: see `compileExpression`.
 *
 * Throws `ExpressionError` (and nothing else) for any text outside the grammar, for a call with the
 * wrong number of arguments, and for expressions nested more than 100 levels deep.
 */
export function parseExpression(text: string): Expr {
  return new Parser(tokenize(text)).parse();
}

/**
 * The free identifiers of an expression, in source order, one entry per occurrence.
 * Function names are not included: in `max(0, S)` the only name is `S`.
 */
export function namesIn(expr: Expr): Array<{ name: string; offset: number; length: number }> {
  const out: Array<{ name: string; offset: number; length: number }> = [];
  const visit = (node: Expr): void => {
    switch (node.kind) {
      case 'num':
        return;
      case 'name':
        out.push({ name: node.name, offset: node.offset, length: node.length });
        return;
      case 'unary':
        visit(node.arg);
        return;
      case 'binary':
        visit(node.left);
        visit(node.right);
        return;
      case 'call':
        for (const arg of node.args) visit(arg);
        return;
    }
  };
  visit(expr);
  return out;
}
