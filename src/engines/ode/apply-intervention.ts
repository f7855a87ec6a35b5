import { formatValue } from '../../core/expression.js';
import { applyEvent, type CompiledEvent } from '../../model/events.js';
import {
  type Intervention,
  InvalidIntervention,
  interventionTarget,
  requireFinite,
  requireNoPlace,
} from '../../model/intervention.js';
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
      const index = interventionTarget(name, network.parameterNames, 'parameter');
      requireFinite(value, `parameter '${name}'`);
      p[index] = value;
      return -1;
    }
    case 'add': {
      const { compartment, count, place } = intervention;
      const index = interventionTarget(compartment, network.compartments, 'compartment');
      requireNoPlace('the ODE engine', compartment, place);
      requireFinite(count, `the count added to '${compartment}'`);
      if (x[index]! + count < 0)
        throw new InvalidIntervention(
          `cannot remove ${formatValue(-count)} from '${compartment}': it holds ${formatValue(x[index]!)}`,
        );
      x[index] = x[index]! + count;
      return -1;
    }
    case 'fire': {
      const names = events.map((event) => event.name);
      const e = interventionTarget(intervention.event, names, 'event');
      applyEvent(events[e]!, x, p);
      return e;
    }
    default:
      throw new InvalidIntervention(
        `unknown intervention kind '${(intervention as { kind: unknown }).kind}'; the kinds are set, add and fire`,
      );
  }
}
