import type { UnitParams } from '../../../scenario/compiled-world.js';
import { INFECTED } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * The latent infected (Repast4Py's rule): count one more tick of infection; on tick `ticks` die,
 * which ends the turn, and rise as a zombie at the end of the tick, to act from the next.
 */
export function countdown(p: UnitParams<'countdown'>, { sim }: Parts): Unit {
  const a = sim.a;
  return {
    act(i) {
      if (a.state[i] !== INFECTED) return false;
      const ticks = ++a.counter[i]!;
      if (ticks < p.ticks) return false;
      sim.infection.pendingTurn[sim.infection.pendingCount++] = i;
      return true;
    },
  };
}
