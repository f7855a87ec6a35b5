import { didYouMean } from '../../core/closest-name.js';
import { formatValue } from '../../core/expression.js';
import { applyEvent, type CompiledEvent } from '../../model/events.js';
import { type Intervention, InvalidIntervention } from '../../model/intervention.js';
import type { Network } from '../../model/network.js';

/**
 * Applies an intervention to the mean-field state x and the parameters p, in place, and returns the
 * index of the event it fired (-1 if none). Throws `InvalidIntervention`, before changing anything,
 * for an unknown name, a number that is not finite, a place (the mean field has no space), or the
 * removal of more than a compartment holds.
 */
export function applyIntervention(
  intervention: Intervention,
  network: Network,
  events: readonly CompiledEvent[],
  x: Float64Array,
  p: Float64Array,
): number {
  switch (intervention.kind) {
    case 'set': {
      const { name, value } = intervention;
      const index = indexOf(name, network.parameterNames, 'parameter');
      finite(value, `parameter '${name}'`);
      p[index] = value;
      return -1;
    }
    case 'add': {
      const { compartment, count, place } = intervention;
      const index = indexOf(compartment, network.compartments, 'compartment');
      if (place !== undefined)
        throw new InvalidIntervention(
          `the ODE engine has no places: add to '${compartment}' without a place, not at '${place}'`,
        );
      finite(count, `the count added to '${compartment}'`);
      if (x[index]! + count < 0)
        throw new InvalidIntervention(
          `cannot remove ${formatValue(-count)} from '${compartment}': it holds ${formatValue(x[index]!)}`,
        );
      x[index] = x[index]! + count;
      return -1;
    }
    case 'fire': {
      const names = events.map((event) => event.name);
      const e = indexOf(intervention.event, names, 'event');
      applyEvent(events[e]!, x, p);
      return e;
    }
    default:
      throw new InvalidIntervention(
        `unknown intervention kind '${(intervention as { kind: unknown }).kind}'; the kinds are set, add and fire`,
      );
  }
}

function indexOf(name: string, names: readonly string[], what: string): number {
  const index = names.indexOf(name);
  if (index < 0) {
    const known = names.length === 0 ? `; the scenario has no ${what}s` : didYouMean(name, names);
    throw new InvalidIntervention(`unknown ${what} '${name}'${known}`);
  }
  return index;
}

function finite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new InvalidIntervention(`${what} must be a finite number, not ${value}`);
}
