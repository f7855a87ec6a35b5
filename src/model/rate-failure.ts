/**
 * The one rule for bad rates, on every engine: a rate that is NaN, infinite or negative during a
 * run stops the run with a `RuntimeFailure` whose one line names the reaction, its expression,
 * the time and the values the expression reads. Engines test the numbers they compute anyway (a
 * comparison, no allocation) and call here only once something is wrong, to write the message.
 */

import { RuntimeFailure } from '../core/errors.js';
import { diagnose, formatValue, namesIn } from '../core/expression.js';
import type { Network } from './network.js';
import { deterministicRate, stochasticPropensity } from './rates.js';

/** Whether a rate is one a run may use: a finite number ≥ 0. */
export function isGoodRate(value: number): boolean {
  return value >= 0 && value < Number.POSITIVE_INFINITY;
}

function describe(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'infinite';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return `negative (${formatValue(value)})`;
}

/** The value of a name of reaction j's expression in the state (x, p, t). */
function nameValue(net: Network, name: string, x: Float64Array, p: Float64Array, t: number): number {
  const binding = net.resolve(name);
  switch (binding?.kind) {
    case 'state':
      return x[binding.index]!;
    case 'param':
      return p[binding.index]!;
    case 'time':
      return t;
    case 'derived':
      return binding.fn(x, p, t);
    default:
      return Number.NaN;
  }
}

/**
 * The failure of reaction j, whose rate was `value` (NaN, infinite or negative) in the state
 * (x, p) at time t: `reaction 'defeat': rate is NaN at t = 0 because R = 0 divides (law:
 * alpha * S * Z / R with alpha = 0.005, S = 500, Z = 1, R = 0)`.
 */
export function rateFailure(
  net: Network,
  j: number,
  x: Float64Array,
  p: Float64Array,
  t: number,
  value: number,
): RuntimeFailure {
  const text = net.coefficientText[j]!;
  const massAction = net.massAction[j] === 1;
  const names: string[] = [];
  for (const { name } of namesIn(net.coefficientExpr[j]!)) if (!names.includes(name)) names.push(name);
  const reactants: string[] = [];
  for (let k = net.reactantStart[j]!; k < net.reactantStart[j + 1]!; k++) {
    const name = net.compartments[net.reactantIndex[k]!]!;
    reactants.push(net.reactantCount[k] === 1 ? name : `${name}^${net.reactantCount[k]}`);
    if (massAction && !names.includes(name)) names.push(name);
  }
  const lookup = (name: string) => nameValue(net, name, x, p, t);
  let { cause } = diagnose(net.coefficientExpr[j]!, text, lookup);
  if (cause === undefined && massAction && !Number.isNaN(value) && reactants.length > 0)
    cause = value < 0 ? undefined : `${[text, ...reactants].join('·')} overflows`;
  const values = names.map((name) => `${name} = ${formatValue(lookup(name))}`).join(', ');
  const field = massAction ? `rate: ${text}, mass action` : `law: ${text}`;
  return new RuntimeFailure(
    `reaction '${net.reactionNames[j]}': rate is ${describe(value)} at t = ${formatValue(t)}` +
      `${cause === undefined ? '' : ` because ${cause}`} (${field}${values === '' ? '' : ` with ${values}`})`,
  );
}

/**
 * Checks the rates of the reactions listed in `which` (every reaction if omitted) in the state
 * (x, p) at time t, and throws the `rateFailure` of the first that is bad. `stochastic` picks the
 * combinatorial propensity of the counting engines over the mean-field rate.
 */
export function checkRates(
  net: Network,
  x: Float64Array,
  p: Float64Array,
  t: number,
  stochastic: boolean,
  which?: ArrayLike<number>,
): void {
  const count = which === undefined ? net.reactionNames.length : which.length;
  for (let r = 0; r < count; r++) {
    const j = which === undefined ? r : which[r]!;
    const value = stochastic ? stochasticPropensity(net, j, x, p, t) : deterministicRate(net, j, x, p, t);
    if (!isGoodRate(value)) throw rateFailure(net, j, x, p, t, value);
  }
}
