import { type Compiled, compileExpression, type Expr } from '../../core/expression.js';
import type { Network } from '../../model/network.js';
import { isGoodRate, rateFailure } from '../../model/rate-failure.js';
import { stochasticPropensity } from '../../model/rates.js';
import { type DependencyGraph, dependencyGraph } from './dependency-graph.js';
import { type ProductContext, type ProductForm, productForm } from './product-form.js';

/**
 * Factors per product-form group. A fixed width lets kernels multiply without an inner loop;
 * a law with more factors is evaluated as a closure.
 */
export const FACTORS = 4;

/**
 * What a network's propensities are made of, worked out once per network and shared
 * (read-only) by every run of it: groups of reactions with the same product of factors, the
 * factor tables, the coefficients' compiled parameter parts, and the dependency graph.
 * See {@link PropensityTable} for what the tables mean.
 */
export interface PropensityPlan {
  readonly network: Network;
  readonly n: number;
  readonly m: number;
  readonly g: number;
  readonly groupOf: Int32Array;
  readonly memberStart: Int32Array;
  readonly memberIndex: Int32Array;
  readonly groupFast: Uint8Array;
  readonly factorIndex: Int32Array;
  readonly factorOffset: Float64Array;
  readonly sumMember: Uint8Array;
  readonly sumChange: Float64Array;
  readonly hasSum: boolean;
  /** Per reaction: the compiled parameter part of a fast reaction's coefficient, undefined if slow. */
  readonly coefficientFns: readonly (Compiled | undefined)[];
  /** Per reaction: 1/Π nᵢ! for mass action, else 1. */
  readonly scale: Float64Array;
  /** Per reaction: 1 where the law must be forced to 0 when its reactants run out. */
  readonly guard: Uint8Array;
  readonly graph: DependencyGraph;
}

const ONE: Expr = { kind: 'num', value: 1, offset: 0, length: 0 };
const plans = new WeakMap<Network, PropensityPlan>();

/** The plan of a network, built on first use and cached (a network's laws never change). */
export function propensityPlan(network: Network): PropensityPlan {
  let plan = plans.get(network);
  if (plan === undefined) {
    plan = buildPlan(network);
    plans.set(network, plan);
  }
  return plan;
}

function buildPlan(network: Network): PropensityPlan {
  const n = network.compartments.length;
  const m = network.reactionNames.length;
  const context: ProductContext = { network, sum: undefined };
  const shapes = network.reactionNames.map((_, j) => shapeOf(context, j));
  const fast = shapes.map((s) => s.coefficient !== undefined && !s.guard && s.factorIndex.length <= FACTORS);
  const coefficientFns = shapes.map((s, j) => (fast[j] ? s.coefficient : undefined));

  const keys = new Map<string, number>();
  const groups: number[][] = [];
  const groupOf = new Int32Array(m);
  shapes.forEach((shape, j) => {
    const key = fast[j] ? `${shape.factorIndex}|${shape.factorOffset}` : `slow ${j}`;
    let group = keys.get(key);
    if (group === undefined) {
      group = groups.length;
      keys.set(key, group);
      groups.push([]);
    }
    groups[group]!.push(j);
    groupOf[j] = group;
  });
  const g = groups.length;
  const memberStart = new Int32Array(g + 1);
  groups.forEach((members, k) => {
    memberStart[k + 1] = memberStart[k]! + members.length;
  });
  const groupFast = Uint8Array.from(groups, (members) => (fast[members[0]!] ? 1 : 0));
  // Unused factor slots point at y[n + 2], which holds the constant 1.
  const factorIndex = new Int32Array(g * FACTORS).fill(n + 2);
  const factorOffset = new Float64Array(g * FACTORS);
  groups.forEach((members, k) => {
    if (groupFast[k] === 0) return;
    const shape = shapes[members[0]!]!;
    factorIndex.set(shape.factorIndex, k * FACTORS);
    factorOffset.set(shape.factorOffset, k * FACTORS);
  });
  const sumMember = context.sum ?? new Uint8Array(n);
  const sumChange = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    for (let k = network.changeStart[j]!; k < network.changeStart[j + 1]!; k++) {
      if (sumMember[network.changeIndex[k]!] === 1) sumChange[j]! += network.changeAmount[k]!;
    }
  }
  return {
    network,
    n,
    m,
    g,
    groupOf,
    memberStart,
    memberIndex: Int32Array.from(groups.flat()),
    groupFast,
    factorIndex,
    factorOffset,
    sumMember,
    sumChange,
    hasSum: context.sum !== undefined,
    coefficientFns,
    scale: Float64Array.from(shapes, (s) => s.scale),
    guard: Uint8Array.from(shapes, (s) => (s.guard ? 1 : 0)),
    graph: dependencyGraph(network, groupOf),
  };
}

/** The parameter-only coefficient of a product form, compiled once. */
function coefficientOf(network: Network, form: ProductForm): Compiled {
  const product = (factors: readonly Expr[]): Expr =>
    factors.reduce<Expr>(
      (left, right) => ({ kind: 'binary', op: '*', left, right, offset: 0, length: 0 }),
      ONE,
    );
  const expr: Expr = {
    kind: 'binary',
    op: '/',
    left: product(form.numerator),
    right: product(form.denominator),
    offset: 0,
    length: 0,
  };
  return compileExpression(expr, network.resolve);
}

/** One reaction's propensity, as the table first sees it. */
interface Shape {
  /** Product-form coefficient (parameter part), or undefined for the compiled law. */
  coefficient: Compiled | undefined;
  /** 1/Π nᵢ! for mass action. */
  scale: number;
  factorIndex: number[];
  factorOffset: number[];
  /** The law can be positive with too few reactants, so it is checked and forced to 0. */
  guard: boolean;
}

/** How reaction j's propensity is computed: product form with its factors, or the compiled law. */
function shapeOf(context: ProductContext, j: number): Shape {
  const network = context.network;
  const n = network.compartments.length;
  const massAction = network.massAction[j] === 1;
  const form = network.readsTime[j] === 1 ? undefined : productForm(context, network.coefficientExpr[j]!);
  const shape: Shape = {
    coefficient: form && coefficientOf(network, form),
    scale: 1,
    factorIndex: [],
    factorOffset: [],
    guard: false,
  };
  const factors: [number, number][] = [];
  if (form !== undefined) {
    form.powers.forEach((power, i) => {
      for (let k = 0; k < power; k++) factors.push([i, 0]);
    });
    for (let k = 0; k < Math.abs(form.sumPower); k++) factors.push([form.sumPower > 0 ? n : n + 1, 0]);
  }
  for (let k = network.reactantStart[j]!; k < network.reactantStart[j + 1]!; k++) {
    const i = network.reactantIndex[k]!;
    const count = network.reactantCount[k]!;
    if (massAction) {
      for (let r = 0; r < count; r++) {
        factors.push([i, r]);
        shape.scale /= r + 1;
      }
    } else if (form === undefined || !(count === 1 && form.powers[i]! >= 1)) {
      // A law that is not zero by itself when a reactant runs out is forced to zero then.
      shape.guard = true;
    }
  }
  // A canonical order, so that equal products get equal keys.
  factors.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  shape.factorIndex = factors.map((f) => f[0]);
  shape.factorOffset = factors.map((f) => f[1]);
  return shape;
}

/**
 * The propensity of reaction j on counts `y` through the network's compiled closure, for a law not
 * of product form or one that needs a guard (0 while its reactants are too few). A value that is
 * NaN, infinite or negative fails the run.
 */
export function closurePropensity(
  plan: PropensityPlan,
  j: number,
  y: Float64Array,
  params: Float64Array,
  t: number,
): number {
  const net = plan.network;
  if (plan.guard[j] === 1) {
    for (let k = net.reactantStart[j]!, end = net.reactantStart[j + 1]!; k < end; k++) {
      if (y[net.reactantIndex[k]!]! < net.reactantCount[k]!) return 0;
    }
  }
  const value = stochasticPropensity(net, j, y, params, t);
  if (!isGoodRate(value)) throw rateFailure(net, j, y, params, t, value);
  return value;
}
