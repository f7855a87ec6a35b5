import { binomial } from '../core/distributions.js';
import type { Stream } from '../core/random.js';
import type { CompiledEvent } from './events.js';

/**
 * Applies an event to whole-number counts: each individual is scaled away or moved independently,
 * so `scale: {Z: 0.25}` keeps Binomial(Z, 0.25) zombies and a factor above 1 adds the fractional
 * part as one Bernoulli draw.
 */
export function applyStochastic(
  event: CompiledEvent,
  x: Float64Array,
  p: Float64Array,
  stream: Stream,
): void {
  for (const action of event.actions) {
    switch (action.kind) {
      case 'set-parameter':
        p[action.index] = action.value;
        break;
      case 'set-compartment':
        x[action.index] = action.value;
        break;
      case 'scale': {
        const count = x[action.index];
        if (action.factor <= 1) x[action.index] = binomial(stream, count, action.factor);
        else {
          const exact = count * action.factor;
          const whole = Math.floor(exact);
          x[action.index] = whole + (stream.next() < exact - whole ? 1 : 0);
        }
        break;
      }
      case 'move': {
        const moved = binomial(stream, x[action.from], action.fraction);
        x[action.from] -= moved;
        x[action.to] += moved;
        break;
      }
    }
  }
}
