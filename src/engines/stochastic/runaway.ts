/**
 * Runaway runs of the counting engines (SSA and tau-leaping), stopped with a message instead of a
 * hang: a run that used up its `--max-events` budget, and a count beyond 2^53, the largest a double
 * counts exactly. Both messages name the reaction that drives the run, the time and the state.
 */

import { RuntimeFailure } from '../../core/errors.js';
import { formatValue } from '../../core/expression.js';
import { type PropensityTable, stateText } from './propensity-table.js';

/** The largest count a double holds exactly, with every count below it. */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** The total propensity and the fastest reaction among those `accept`ed, at time t. */
function fastest(table: PropensityTable, t: number, accept: (j: number) => boolean) {
  let total = 0;
  let best = -1;
  let bestRate = 0;
  for (let j = 0; j < table.plan.m; j++) {
    if (!accept(j)) continue;
    const rate = table.propensity(j, t);
    total += rate;
    if (rate > bestRate) {
      best = j;
      bestRate = rate;
    }
  }
  const name = best < 0 ? undefined : table.plan.network.reactionNames[best];
  return { total, name, rate: bestRate };
}

/**
 * The failure of a run that did `work` units of work (the `--max-events` budget) by time t, with
 * an estimate of what the rest of the run would take at the present rates.
 */
export function workLimitFailure(
  table: PropensityTable,
  engine: string,
  t: number,
  limit: number,
  until: number,
  unit: string,
): RuntimeFailure {
  const { total, name, rate } = fastest(table, t, () => true);
  const what = engine === 'tau' ? 'units of work (100 per leap, 1 per exact step)' : 'reaction events';
  const rest = total * (until - t);
  const driver =
    name === undefined
      ? ''
      : `: the reactions fire ${formatValue(total)} times per ${unit} (fastest: '${name}', ${formatValue(rate)} per ${unit})` +
        `, so at these rates the remaining ${formatValue(Number((until - t).toPrecision(3)))} ${unit}s would take about ${rough(rest)} more reaction events`;
  const advice = engine === 'tau' ? 'use --engine ode' : 'use --engine tau or --engine ode';
  return new RuntimeFailure(
    `the ${engine} engine stopped at t = ${formatValue(t)} of ${formatValue(until)} ${unit}s, past its --max-events limit of ${formatValue(limit)} ${what}${driver} (${stateText(table.plan.network.compartments, table.y)}); ${advice}, or raise --max-events`,
  );
}

/**
 * A forecast to two figures (2,900, 3.1e15): it assumes today's rates for the rest of the run, which
 * change as the counts do, so more figures would claim a precision it does not have.
 */
function rough(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const two = Number(x.toPrecision(2));
  return two < 1e7
    ? two.toLocaleString('en-US')
    : two.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
}

/** The failure of a run whose compartment i holds more than `MAX_COUNT` individuals at time t. */
export function countLimitFailure(
  table: PropensityTable,
  engine: string,
  i: number,
  t: number,
  counts: Float64Array = table.y,
): RuntimeFailure {
  const net = table.plan.network;
  const grows = (j: number) => {
    for (let k = net.changeStart[j]!; k < net.changeStart[j + 1]!; k++)
      if (net.changeIndex[k] === i && net.changeAmount[k]! > 0) return true;
    return false;
  };
  const { name } = fastest(table, t, grows);
  return new RuntimeFailure(
    `compartment ${net.compartments[i]} passes 2^53 (${formatValue(MAX_COUNT + 1)}) at t = ${formatValue(t)}` +
      `${name === undefined ? '' : `, driven by reaction '${name}'`}, more than the ${engine} engine can count exactly ` +
      `(${stateText(net.compartments, counts)}); the model grows without bound: use --engine ode or a shorter --until`,
  );
}
