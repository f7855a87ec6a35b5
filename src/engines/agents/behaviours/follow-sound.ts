import type { UnitParams } from '../../../scenario/compiled-world.js';
import type { Parts, Unit } from './unit.js';

/**
 * Zombies: while they hear something, make for the loudest place (down the sound field). At the
 * source, or stuck, they pass on to the next unit (a barricade to break, a wander).
 */
export function followSound(p: UnitParams<'follow-sound'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const sound = sim.sound!;
  return {
    act(i) {
      if (!sound.heard(a.cell[i]!, a.hearing[i]!, sim.tick)) return false;
      return walker.walkSound(i, p.run ? a.run[i]! : a.walk[i]!) > 0;
    },
  };
}
