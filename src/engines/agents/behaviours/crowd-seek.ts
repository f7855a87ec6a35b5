import type { UnitParams } from '../../../scenario/compiled-world.js';
import { blockOffsets, crowdStep, MO, NO } from './crowd.js';
import type { Parts, Unit } from './unit.js';

/**
 * Repast4Py zombies (open plane): move `step` along each axis towards the cell of the 3 × 3 block
 * with the most people (the latent infected count as people), chosen uniformly among ties. Passes
 * on to the next unit (`infect-first`).
 */
export function crowdSeek(p: UnitParams<'crowd-seek'>, { sim }: Parts): Unit {
  const ties = new Int32Array(9);
  const offsets = blockOffsets(sim.plane.width);
  const a = sim.a;
  const w = sim.plane.width;
  const h = sim.plane.height;
  const step = p.step;
  return {
    act(i) {
      const x = a.xy[2 * i]!;
      const y = a.xy[2 * i + 1]!;
      const cx = Math.floor(x);
      const cy = Math.floor(y);
      // Nobody within one cell of an interior cell: all nine count zero and tie; the same draw as
      // the full count.
      if (cx >= 1 && cy >= 1 && cx < w - 1 && cy < h - 1 && !sim.plane.peopleNear(cy * w + cx)) {
        const k = Math.floor(sim.stream.next() * 9);
        if (MO[k] !== 0 || NO[k] !== 0) sim.plane.move(i, x + MO[k]! * step, y + NO[k]! * step);
        return false;
      }
      crowdStep(sim, i, sim.plane.cellPeople, offsets, true, step, p.edgeQuirk, ties);
      return false;
    },
  };
}
