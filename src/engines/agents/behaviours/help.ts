import type { UnitParams } from '../../../scenario/compiled-world.js';
import { lineOfSight } from '../sight.js';
import { HUMAN, HUNTS, IMMUNE } from '../states.js';
import type { Parts, Unit } from './unit.js';

/**
 * People: go to the aid of a friend being bitten and strike the attacker. When a person is bitten,
 * friends of the same group within `range` metres who see it come if their courage is at least
 * `courage`, with chance 1 − selfishness.
 */
export function help(p: UnitParams<'help'>, { sim, walker, perception }: Parts): Unit {
  const a = sim.a;
  const { helpTarget } = sim.unitFields.of('help');
  const b = sim.b!;
  const far = (1.5 * p.range) / b.cellSize;
  const range = p.range / b.cellSize;
  return {
    onBitten(h, z) {
      const c = a.cell[h]!;
      const w = b.width;
      const around = perception.chunksAround(c, range);
      const f = around[0]!;
      const cx = around[1]!;
      const cy = around[2]!;
      for (let ky = around[5]!; ky <= around[6]!; ky++) {
        for (let kx = around[3]!; kx <= around[4]!; kx++) {
          for (
            let q = sim.places.peopleHead[(f * sim.places.chunkRows + ky) * sim.places.chunkColumns + kx]!;
            q >= 0;
            q = a.chunkNext[q]!
          ) {
            if (q === h || a.group[q] !== a.group[h] || (a.state[q] !== HUMAN && a.state[q] !== IMMUNE))
              continue;
            const qr = a.cell[q]! - f * b.plane;
            const dx = (qr % w) - cx;
            const dy = ((qr / w) | 0) - cy;
            if (dx * dx + dy * dy > range * range || !lineOfSight(b, a.cell[q]!, c)) continue;
            if (a.courage[q]! >= p.courage && sim.stream.next() >= a.selfishness[q]!) {
              helpTarget[q] = z;
              sim.wake(q);
            }
          }
        }
      }
    },
    act(i) {
      const z = helpTarget[i]!;
      if (z < 0) return false;
      if (HUNTS[a.state[z]!] !== 1 || a.away[z] !== 0 || walker.cellDistance(i, z) > far) {
        helpTarget[i] = -1;
        return false;
      }
      if (walker.inReach(i, z)) sim.infection.strike(i, z);
      else walker.walkToward(i, a.cell[z]!, a.run[i]!, true);
      return true;
    },
  };
}
