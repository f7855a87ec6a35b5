import type { UnitParams } from '../../../scenario/compiled-world.js';
import type { Parts, Unit } from './unit.js';

/**
 * Zombies: roam in bouts of `steps` cells, one cell a tick in a direction held for the bout (a new
 * random one when blocked), with pauses of `pause` seconds between bouts, asleep, so they cost
 * nothing until a sound or a person wakes them. With pause [0, 0] and steps [1, 1] it is a plain
 * random walk: each tick one of ten moves (eight directions and the stairs), taken if possible.
 */
export function wander(p: UnitParams<'wander'>, { sim, walker }: Parts): Unit {
  const a = sim.a;
  const { wanderDir, wanderLeft } = sim.unitFields.of('wander');
  const [low, high] = p.steps;
  const [pauseLow, pauseHigh] = p.pause;
  return {
    act(i) {
      if (wanderLeft[i]! <= 0) {
        wanderLeft[i] = low === high ? low : Math.round(low + (high - low) * sim.stream.next());
        wanderDir[i] = -1;
      }
      wanderDir[i] = walker.randomStep(i, p.exits, wanderDir[i]!);
      const left = wanderLeft[i]! - 1;
      wanderLeft[i] = left;
      if (left <= 0 && pauseHigh > 0) {
        const pause = pauseLow + (pauseHigh - pauseLow) * sim.stream.next();
        a.sleepUntil[i] = sim.tick + Math.max(1, Math.round(pause / sim.dt));
      }
      return true;
    },
  };
}
