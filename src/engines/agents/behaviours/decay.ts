import type { UnitParams } from '../../../scenario/compiled-world.js';
import { CAUSE_DECAY } from '../sim.js';
import type { Parts, Unit } from './unit.js';

/** Zombies: fall apart (→ dead) with chance 1 − exp(−rate · dt) a tick; `rate` may be a parameter. */
export function decay(p: UnitParams<'decay'>, { sim }: Parts): Unit {
  return {
    act(i) {
      if (sim.stream.next() < 1 - Math.exp(-sim.valueOf(p.rate) * sim.dt)) {
        sim.kill(i, -1, CAUSE_DECAY);
        return true;
      }
      return false;
    },
  };
}
