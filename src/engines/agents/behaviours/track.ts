import type { UnitParams } from '../../../scenario/compiled-world.js';
import { FAR } from '../distance-field.js';
import type { Parts, Unit } from './unit.js';

/**
 * Zombies: follow their noses down the scent field, the walking distance to the nearest member of a
 * faction they hunt within `range` metres through open doors. The field is shared by all of a
 * faction's members (and by factions that hunt the same) and recomputed at most every `every`
 * seconds, and only when the hunted moved or doors changed.
 */
export function track(p: UnitParams<'track'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  return {
    act(i) {
      const field = sim.scent(a.faction[i]!, p.range, p.every);
      if (field === undefined) return false;
      const v = field.values[a.cell[i]!]!;
      if (v === FAR || v === 0) return false;
      return walker.walkField(i, field.values, a.run[i]!, false) > 0;
    },
  };
}
