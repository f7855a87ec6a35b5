import { didYouMean, suggestingFirst } from '../core/closest-name.js';
import { SHOWN_ISSUES } from '../core/errors.js';
import {
  type Binding,
  type Compiled,
  compileExpression,
  type Expr,
  ExpressionError,
  functionNames,
  namesIn,
  parseExpression,
} from '../core/expression.js';
import { MAX_REACTANT_COUNT, parseSide, type SideTerm } from './reaction-side.js';

/** What a network is built from: the `model` block of a scenario. */
export interface ModelSpec {
  compartments: readonly string[];
  parameters: Readonly<Record<string, number>>;
  derived?: Readonly<Record<string, number | string>> | undefined;
  reactions: Readonly<Record<string, ReactionSpec>>;
}

/** One reaction of a `ModelSpec`. */
export interface ReactionSpec {
  from: 0 | string;
  to: 0 | string;
  rate?: number | string | undefined;
  law?: number | string | undefined;
}

/** Receives a problem found while compiling, at a field path and a character offset in that field's text. */
export type Report = (path: readonly (string | number)[], offset: number, message: string) => void;

/**
 * A compiled reaction network. Sparse tables are laid out CSR-style: the reactants of reaction j
 * are `reactantIndex[reactantStart[j] .. reactantStart[j + 1])`, and likewise for `change*`.
 */
export interface Network {
  readonly compartments: readonly string[];
  readonly parameterNames: readonly string[];
  /** Parameter values as the scenario gives them; engines copy this, since events change parameters. */
  readonly parameters: Float64Array;
  readonly reactionNames: readonly string[];
  readonly reactantStart: Int32Array;
  readonly reactantIndex: Int32Array;
  readonly reactantCount: Int32Array;
  readonly changeStart: Int32Array;
  readonly changeIndex: Int32Array;
  readonly changeAmount: Float64Array;
  /** Mass action: the rate constant. Explicit law: the whole rate. */
  readonly coefficient: readonly Compiled[];
  /** The parsed coefficient of each reaction, for kernels that compile it further. */
  readonly coefficientExpr: readonly Expr[];
  /** The text of each reaction's `rate` or `law`, as the scenario writes it (for messages). */
  readonly coefficientText: readonly string[];
  /** 1 where the coefficient itself (a `rate` or a `law`) reads a compartment or `t`, directly or through derived quantities. */
  readonly coefficientVaries: Uint8Array;
  /**
   * The parsed expression of each derived quantity, in definition order; `undefined` marks the
   * implicit `N`, the sum of all compartments.
   */
  readonly derived: ReadonlyMap<string, Expr | undefined>;
  /** Where the coefficient is a bare parameter, its index (so kernels can skip the closure); else -1. */
  readonly coefficientParameter: Int32Array;
  /** 1 where the reaction is mass action (`rate:`), 0 where it has an explicit `law:`. */
  readonly massAction: Uint8Array;
  /** 1 where the reaction's rate reads `t`. */
  readonly readsTime: Uint8Array;
  /** The compartments each reaction's rate reads, sorted. */
  readonly reads: readonly Int32Array[];
  /** The parameters each reaction's rate reads, sorted. */
  readonly readsParameters: readonly Int32Array[];
  /** How a name in an expression binds: compartment, parameter, derived quantity or time. */
  resolve(name: string): Binding | undefined;
  /**
   * What a derived quantity reads, through the quantities it reads in turn: its compartments,
   * its parameters and whether it reads `t`; undefined for a name that is not derived.
   */
  derivedReads(name: string): DerivedReads | undefined;
}

/** What a derived quantity reads, all the way down. */
export interface DerivedReads {
  readonly states: ReadonlySet<number>;
  readonly params: ReadonlySet<number>;
  readonly time: boolean;
}

interface DerivedInfo {
  fn: Compiled;
  expr: Expr | undefined;
  /** How the names of `expr` bind: to what was defined before this quantity. */
  scope: (name: string) => Binding | undefined;
  /** Position in definition order. */
  order: number;
  states: Set<number>;
  params: Set<number>;
  time: boolean;
  /** How deep its expression is nested once the derived quantities it reads are written in place of their names. */
  height: number;
}

/**
 * How deep a derived quantity may be nested, written out in full. Each is compiled with the ones
 * it reads written in: a chain of 4,000 quantities, each reading the one before, took 2 GB and
 * overflowed the stack (a chain of n costs n² / 2 nodes). Models chain a handful.
 */
const MAX_DERIVED_HEIGHT = 500;

/** Parses an expression field (a number or a string), reporting syntax errors at their offset. */
export function parseField(
  value: number | string,
  path: readonly (string | number)[],
  report: Report,
): Expr | undefined {
  try {
    return parseExpression(String(value));
  } catch (error) {
    if (error instanceof ExpressionError) {
      report(path, error.offset, error.message);
      return undefined;
    }
    throw error;
  }
}

/**
 * Compiles a parsed expression; an unknown name is reported at its offset, with the closest of
 * the `known` names (asked for only then) as a suggestion.
 */
export function compileField(
  expr: Expr,
  resolve: (name: string) => Binding | undefined,
  path: readonly (string | number)[],
  report: Report,
  known: () => Iterable<string> = () => [],
): Compiled | undefined {
  let ok = true;
  for (const use of namesIn(expr)) {
    if (resolve(use.name) === undefined) {
      report(path, use.offset, `unknown name '${use.name}'${didYouMean(use.name, known())}`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  try {
    return compileExpression(expr, resolve);
  } catch (error) {
    if (error instanceof ExpressionError) {
      report(path, error.offset, error.message);
      return undefined;
    }
    throw error;
  }
}

/**
 * Why a name cannot be a compartment or a parameter, or undefined if it can: `t` is time, `N` the
 * total of all compartments (which `model.derived` may redefine), and the functions keep their names.
 */
function reservedName(name: string): string | undefined {
  if (name === 't') return `'t' is reserved for time; choose another name`;
  if (name === 'N')
    return `'N' is reserved for the total of all compartments (redefine it in model.derived if needed); choose another name`;
  if ((functionNames as readonly string[]).includes(name))
    return `'${name}' is the name of a function in expressions; choose another name`;
  return undefined;
}

const sumOf =
  (count: number): Compiled =>
  (x) => {
    let total = 0;
    for (let i = 0; i < count; i++) total += x[i]!;
    return total;
  };

/**
 * Compiles compartments and reactions into a stoichiometry table plus rate functions. Every
 * problem goes to `report`; the result is undefined if there was any.
 */
export function compileNetwork(spec: ModelSpec, report: Report): Network | undefined {
  let failed = false;
  const fail: Report = (path, offset, message) => {
    failed = true;
    report(path, offset, message);
  };

  const compartments = [...spec.compartments];
  const parameterNames = Object.keys(spec.parameters);
  const stateIndex = new Map<string, number>();
  const paramIndex = new Map(parameterNames.map((name, i) => [name, i]));
  const derived = new Map<string, DerivedInfo>();

  compartments.forEach((name, i) => {
    if (stateIndex.has(name)) fail(['model', 'compartments', i], 0, `'${name}' is declared twice`);
    else stateIndex.set(name, i);
    const reserved = reservedName(name);
    if (reserved !== undefined) fail(['model', 'compartments', i], 0, reserved);
  });
  for (const name of parameterNames) {
    if (stateIndex.has(name)) fail(['model', 'parameters', name], 0, `'${name}' is also a compartment`);
    const reserved = reservedName(name);
    if (reserved !== undefined) fail(['model', 'parameters', name], 0, reserved);
  }

  /** Resolves names as they stand once the first `limit` derived quantities are defined. */
  const resolveWithin =
    (limit: number) =>
    (name: string): Binding | undefined => {
      const state = stateIndex.get(name);
      if (state !== undefined) return { kind: 'state', index: state };
      const param = paramIndex.get(name);
      if (param !== undefined) return { kind: 'param', index: param };
      const info = derived.get(name);
      if (info !== undefined && info.order < limit) {
        if (info.expr === undefined) return { kind: 'derived', fn: info.fn };
        return { kind: 'derived', fn: info.fn, expr: info.expr, resolve: info.scope };
      }
      return name === 't' ? { kind: 'time' } : undefined;
    };
  const resolve = resolveWithin(Number.POSITIVE_INFINITY);

  // Unknown names past the first few that an error shows get no suggestion: see suggestingFirst.
  const knownNames = suggestingFirst(SHOWN_ISSUES, () => [
    ...compartments,
    ...parameterNames,
    ...derived.keys(),
    't',
  ]);

  /** The compartments and parameters an expression reads, through derived quantities too. */
  const readsOf = (expr: Expr) => {
    const states = new Set<number>();
    const params = new Set<number>();
    let time = false;
    for (const { name } of namesIn(expr)) {
      const binding = resolve(name);
      if (binding?.kind === 'state') states.add(binding.index);
      else if (binding?.kind === 'param') params.add(binding.index);
      else if (binding?.kind === 'time') time = true;
      else if (binding?.kind === 'derived') {
        const info = derived.get(name)!;
        for (const s of info.states) states.add(s);
        for (const p of info.params) params.add(p);
        time ||= info.time;
      }
    }
    return { states, params, time };
  };

  /** The height of an expression with the derived quantities it reads in place of their names. */
  const inlinedHeight = (node: Expr): number => {
    switch (node.kind) {
      case 'num':
        return 1;
      case 'name':
        return derived.get(node.name)?.height ?? 1;
      case 'unary':
        return 1 + inlinedHeight(node.arg);
      case 'binary':
        return 1 + Math.max(inlinedHeight(node.left), inlinedHeight(node.right));
      case 'call': {
        let tallest = 0;
        for (const arg of node.args) tallest = Math.max(tallest, inlinedHeight(arg));
        return 1 + tallest;
      }
    }
  };

  const derivedOrder = new Map(Object.keys(spec.derived ?? {}).map((name, k) => [name, k]));
  /**
   * A derived quantity refused at its own line is kept, uncompiled and never written in (no expr),
   * so that what reads it is told nothing more, not that it is unknown.
   */
  const keepRefused = (name: string, expr: Expr, order: number, height: number) =>
    derived.set(name, {
      fn: () => Number.NaN,
      expr: undefined,
      scope: resolve,
      order,
      ...readsOf(expr),
      height,
    });
  for (const [name, value] of Object.entries(spec.derived ?? {})) {
    const path = ['model', 'derived', name];
    const reserved = name === 'N' ? undefined : reservedName(name);
    if (reserved !== undefined) {
      fail(path, 0, reserved);
      continue;
    }
    if (resolve(name) !== undefined) {
      fail(path, 0, `'${name}' is already a compartment, parameter or derived quantity`);
      continue;
    }
    const expr = parseField(value, path, fail);
    if (expr === undefined) continue;
    const order = derived.size;
    // A quantity reads those defined above it: one defined below (or itself) would be a circle.
    const below = namesIn(expr).find(
      (use) => derivedOrder.has(use.name) && derivedOrder.get(use.name)! >= derivedOrder.get(name)!,
    );
    if (below !== undefined) {
      fail(
        path,
        below.offset,
        `'${below.name}' is ${below.name === name ? 'this quantity itself' : 'defined below it'}: a derived quantity reads only those defined above it, so that none reads itself in a circle`,
      );
      keepRefused(name, expr, order, 1);
      continue;
    }
    const height = inlinedHeight(expr);
    if (height > MAX_DERIVED_HEIGHT) {
      fail(
        path,
        0,
        `written out with the derived quantities it reads in place of their names, it is nested ${height} deep; at most ${MAX_DERIVED_HEIGHT} is allowed: compute it in fewer steps`,
      );
      keepRefused(name, expr, order, height);
      continue;
    }
    const fn = compileField(expr, resolve, path, fail, knownNames);
    if (fn) derived.set(name, { fn, expr, scope: resolveWithin(order), order, ...readsOf(expr), height });
  }
  if (!derived.has('N') && !stateIndex.has('N') && !paramIndex.has('N')) {
    derived.set('N', {
      fn: sumOf(compartments.length),
      expr: undefined,
      scope: resolve,
      order: derived.size,
      states: new Set(compartments.map((_, i) => i)),
      params: new Set(),
      time: false,
      height: 1,
    });
  }

  const reactionNames = Object.keys(spec.reactions);
  const reactants: SideTerm[][] = [];
  const changes: Map<number, number>[] = [];
  const coefficient: Compiled[] = [];
  const coefficientExpr: Expr[] = [];
  const coefficientText: string[] = [];
  const coefficientVaries = new Uint8Array(reactionNames.length);
  const massAction = new Uint8Array(reactionNames.length);
  const coefficientParameter = new Int32Array(reactionNames.length).fill(-1);
  const readsTime = new Uint8Array(reactionNames.length);
  const reads: Int32Array[] = [];
  const readsParameters: Int32Array[] = [];

  reactionNames.forEach((reactionName, j) => {
    const reaction = spec.reactions[reactionName]!;
    const base = ['model', 'reactions', reactionName];
    const sides: SideTerm[][] = [];
    for (const key of ['from', 'to'] as const) {
      const parsed = parseSide(reaction[key], key === 'from' ? MAX_REACTANT_COUNT : undefined);
      if (!Array.isArray(parsed)) {
        fail([...base, key], parsed.offset, parsed.message);
        sides.push([]);
        continue;
      }
      for (const term of parsed) {
        if (!stateIndex.has(term.name))
          fail([...base, key], term.offset, `unknown compartment '${term.name}'`);
      }
      sides.push(parsed);
    }
    const [from, to] = sides as [SideTerm[], SideTerm[]];
    reactants.push(from);
    const change = new Map<number, number>();
    for (const term of from) {
      const i = stateIndex.get(term.name);
      if (i !== undefined) change.set(i, (change.get(i) ?? 0) - term.count);
    }
    for (const term of to) {
      const i = stateIndex.get(term.name);
      if (i !== undefined) change.set(i, (change.get(i) ?? 0) + term.count);
    }
    changes.push(change);

    const isMassAction = reaction.rate !== undefined;
    massAction[j] = isMassAction ? 1 : 0;
    const field = isMassAction ? 'rate' : 'law';
    const path = [...base, field];
    const expr = parseField((isMassAction ? reaction.rate : reaction.law)!, path, fail);
    const fn = expr && compileField(expr, resolve, path, fail, knownNames);
    coefficient.push(fn ?? (() => 0));
    coefficientExpr.push(expr ?? { kind: 'num', value: 0, offset: 0, length: 0 });
    const bare = expr?.kind === 'name' ? resolve(expr.name) : undefined;
    if (bare?.kind === 'param') coefficientParameter[j] = bare.index;
    const read = expr ? readsOf(expr) : { states: new Set<number>(), params: new Set<number>(), time: false };
    coefficientText.push(String(isMassAction ? reaction.rate : reaction.law));
    coefficientVaries[j] = read.states.size > 0 || read.time ? 1 : 0;
    if (isMassAction) for (const term of from) read.states.add(stateIndex.get(term.name) ?? 0);
    readsTime[j] = read.time ? 1 : 0;
    reads.push(Int32Array.from([...read.states].sort((a, b) => a - b)));
    readsParameters.push(Int32Array.from([...read.params].sort((a, b) => a - b)));
  });

  if (failed) return undefined;

  const reactantStart = new Int32Array(reactionNames.length + 1);
  const changeStart = new Int32Array(reactionNames.length + 1);
  reactionNames.forEach((_, j) => {
    reactantStart[j + 1] = reactantStart[j]! + reactants[j]!.length;
    changeStart[j + 1] = changeStart[j]! + [...changes[j]!.values()].filter((v) => v !== 0).length;
  });
  const reactantIndex = new Int32Array(reactantStart[reactionNames.length]!);
  const reactantCount = new Int32Array(reactantIndex.length);
  const changeIndex = new Int32Array(changeStart[reactionNames.length]!);
  const changeAmount = new Float64Array(changeIndex.length);
  reactionNames.forEach((_, j) => {
    reactants[j]!.forEach((term, k) => {
      reactantIndex[reactantStart[j]! + k] = stateIndex.get(term.name)!;
      reactantCount[reactantStart[j]! + k] = term.count;
    });
    const nonZero = [...changes[j]!.entries()].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
    nonZero.forEach(([i, amount], k) => {
      changeIndex[changeStart[j]! + k] = i;
      changeAmount[changeStart[j]! + k] = amount;
    });
  });

  return {
    compartments,
    parameterNames,
    parameters: Float64Array.from(parameterNames.map((name) => spec.parameters[name]!)),
    reactionNames,
    reactantStart,
    reactantIndex,
    reactantCount,
    changeStart,
    changeIndex,
    changeAmount,
    coefficient,
    coefficientExpr,
    coefficientText,
    coefficientVaries,
    derived: new Map([...derived].map(([name, info]) => [name, info.expr])),
    coefficientParameter,
    massAction,
    readsTime,
    reads,
    readsParameters,
    resolve,
    derivedReads: (name) => derived.get(name),
  };
}

/**
 * Reports every mass-action rate that reads only parameters (a constant, known before the run) and
 * is not a finite number ≥ 0. A bare parameter is blamed at the parameter, where `--set` may have
 * put the bad value; any other rate at its `rate` field.
 */
export function checkRateConstants(net: Network, report: Report): void {
  const zeros = new Float64Array(net.compartments.length);
  net.reactionNames.forEach((reaction, j) => {
    if (net.massAction[j] === 0 || net.coefficientVaries[j] === 1) return;
    const value = net.coefficient[j]!(zeros, net.parameters, 0);
    if (value >= 0 && value < Number.POSITIVE_INFINITY) return;
    const what = Number.isNaN(value) ? 'is not a number' : value < 0 ? 'is negative' : 'is infinite';
    const expr = net.coefficientExpr[j]!;
    if (expr.kind === 'name' && net.resolve(expr.name)?.kind === 'param') {
      report(
        ['model', 'parameters', expr.name],
        0,
        `${expr.name} = ${value} ${what}, but reaction '${reaction}' uses it as a mass-action rate, which must be a number ≥ 0`,
      );
    } else {
      report(
        ['model', 'reactions', reaction, 'rate'],
        0,
        `a mass-action rate must be a number ≥ 0, but this one ${what} (${value})`,
      );
    }
  });
}
