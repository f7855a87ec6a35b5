import type { UnitParams } from '../../../scenario/compiled-world.js';
import { blockOffsets, crowdStep, MO, NO } from './crowd.js';
import type { Parts, Unit } from './unit.js';

/**
 * Repast4Py humans (open plane): move `step` along each axis towards the cell of the 3 × 3 block
 * with the fewest zombies, chosen uniformly among ties (see `crowdStep`).
 */
export function crowdAvoid(p: UnitParams<'crowd-avoid'>, { sim }: Parts): Unit {
  const ties = new Int32Array(9);
  const offsets = blockOffsets(sim.plane.width);
  const a = sim.a;
  const xy = a.xy;
  const cell = a.cell;
  const near = sim.plane.zombiesNear;
  const stream = sim.stream;
  const w = sim.plane.width;
  const h = sim.plane.height;
  const step = p.step;
  const xmax = p.edgeQuirk ? w : w - 1;
  const ymax = p.edgeQuirk ? h : h - 1;
  const right = w - 1e-8;
  const top = h - 1e-8;
  return {
    act(i) {
      // The hot path, inlined here (every human, every tick): no zombie in a 3 × 3 block wholly
      // inside the plane, so all nine cells tie; the same draw as crowdStep's full count.
      const xi = xy[2 * i]!;
      const yi = xy[2 * i + 1]!;
      const cx = Math.floor(xi);
      const cy = Math.floor(yi);
      if (
        sim.plane.nearValid &&
        cx >= 1 &&
        cy >= 1 &&
        cx + 1 <= xmax &&
        cy + 1 <= ymax &&
        near[cy * w + cx] === 0
      ) {
        const k = Math.floor(stream.next() * 9);
        const dx = MO[k]!;
        const dy = NO[k]!;
        if (dx === 0 && dy === 0) return true;
        let nx = xi + dx * step;
        let ny = yi + dy * step;
        nx = nx < 0 ? 0 : Math.min(nx, right);
        ny = ny < 0 ? 0 : Math.min(ny, top);
        xy[2 * i] = nx;
        xy[2 * i + 1] = ny;
        const c = Math.floor(ny) * w + Math.floor(nx);
        if (c !== cell[i]) sim.plane.relink(i, c);
        return true;
      }
      crowdStep(sim, i, sim.plane.cellZombies, offsets, false, step, p.edgeQuirk, ties);
      return true;
    },
  };
}
