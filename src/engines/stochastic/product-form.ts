/**
 * Recognises rate laws of product form, c · Π Xᵢ^kᵢ · N^m, where c reads only parameters, the Xᵢ
 * are compartments and N is a sum of compartments (such as the default `N`). Such a law is
 * evaluated as a coefficient times a short list of factors read from typed arrays, with no
 * closure call: `beta * S * Z / N` becomes c = beta and the factors S, Z and 1/N. Anything else
 * (a law that reads `t`, a sum inside a product, `exp(S)` …) is left to the compiled closure.
 */

import { type Expr, namesIn } from '../../core/expression.js';
import type { Network } from '../../model/network.js';

/** A law split into a parameter-only coefficient and integer powers of compartments and of the sum. */
export interface ProductForm {
  /** Parameter-only factors to multiply. */
  readonly numerator: readonly Expr[];
  /** Parameter-only factors to divide by. */
  readonly denominator: readonly Expr[];
  /** Power of each compartment, by index (0 for those the law does not read). */
  readonly powers: Int32Array;
  /** Power of the sum of compartments (−1 for `/ N`). */
  readonly sumPower: number;
}

/** What the recogniser knows about the network: names, and which derived quantities are sums. */
export interface ProductContext {
  readonly network: Network;
  /** The compartments of the one sum the table keeps (`N`), as a 0/1 mask, or undefined if none yet. */
  sum: Uint8Array | undefined;
}

/** The compartments a derived quantity sums, as a 0/1 mask, or undefined if it is not such a sum. */
function sumMask(context: ProductContext, name: string): Uint8Array | undefined {
  const { network } = context;
  const n = network.compartments.length;
  if (!network.derived.has(name)) return undefined;
  const expr = network.derived.get(name);
  // The network's implicit N (no expression) is the sum of all compartments.
  if (expr === undefined) return new Uint8Array(n).fill(1);
  const mask = new Uint8Array(n);
  const add = (e: Expr): boolean => {
    if (e.kind === 'binary' && e.op === '+') return add(e.left) && add(e.right);
    if (e.kind !== 'name') return false;
    const binding = network.resolve(e.name);
    if (binding?.kind !== 'state' || mask[binding.index] === 1) return false;
    mask[binding.index] = 1;
    return true;
  };
  return add(expr) ? mask : undefined;
}

/** Whether an expression reads parameters and constants only (through derived quantities too). */
function parameterOnly(context: ProductContext, expr: Expr): boolean {
  return namesIn(expr).every(({ name }) => {
    const binding = context.network.resolve(name);
    if (binding?.kind === 'param') return true;
    if (binding?.kind !== 'derived') return false;
    const reads = context.network.derivedReads(name);
    return reads !== undefined && reads.states.size === 0 && !reads.time;
  });
}

/** A whole-number exponent written as a literal (`2`, `-1`), or undefined. */
function wholeExponent(expr: Expr): number | undefined {
  if (expr.kind === 'num' && Number.isInteger(expr.value)) return expr.value;
  if (
    expr.kind === 'unary' &&
    expr.op === '-' &&
    expr.arg.kind === 'num' &&
    Number.isInteger(expr.arg.value)
  ) {
    return -expr.arg.value;
  }
  return undefined;
}

/**
 * Splits a law into product form, or returns undefined. The first sum of compartments met becomes
 * `context.sum`; a law that uses a different sum is not of product form.
 */
export function productForm(context: ProductContext, expr: Expr): ProductForm | undefined {
  const n = context.network.compartments.length;
  const numerator: Expr[] = [];
  const denominator: Expr[] = [];
  const powers = new Int32Array(n);
  let sumPower = 0;

  const addName = (name: string, power: number): boolean => {
    const binding = context.network.resolve(name);
    if (binding?.kind === 'state') {
      powers[binding.index]! += power;
      return true;
    }
    if (binding?.kind !== 'derived') return false;
    const mask = sumMask(context, name);
    if (mask === undefined) return false;
    if (context.sum === undefined) context.sum = mask;
    else if (!mask.every((v, i) => v === context.sum![i])) return false;
    sumPower += power;
    return true;
  };

  const walk = (e: Expr, sign: number): boolean => {
    if (parameterOnly(context, e)) {
      (sign > 0 ? numerator : denominator).push(e);
      return true;
    }
    switch (e.kind) {
      case 'name':
        return addName(e.name, sign);
      case 'unary':
        return e.op === '+' && walk(e.arg, sign);
      case 'binary': {
        if (e.op === '*') return walk(e.left, sign) && walk(e.right, sign);
        if (e.op === '/') return walk(e.left, sign) && walk(e.right, -sign);
        if (e.op !== '^' || e.left.kind !== 'name') return false;
        const k = wholeExponent(e.right);
        return k !== undefined && addName(e.left.name, sign * k);
      }
      default:
        return false;
    }
  };

  if (!walk(expr, 1) || powers.some((k) => k < 0)) return undefined;
  return { numerator, denominator, powers, sumPower };
}
