import type { UnitParams } from '../../../scenario/compiled-world.js';
import { PLAN_LEAVE } from '../sim.js';
import type { Parts, Unit } from './unit.js';

/**
 * Alarmed people with nothing better to do: keep still and quiet, looking around every `check`
 * seconds. With `restless` > 0 they give up the hiding place at that rate (per hour), fading as
 * exp(−hours since they were alarmed / `settle`) as the panic subsides, and make for an exit,
 * taking their own barricade down on the way out (and leaving the door open behind them).
 */
export function hide(p: UnitParams<'hide'>, { sim }: Parts): Unit {
  const a = sim.a;
  const pause = Math.max(1, Math.round(p.check / sim.dt));
  const perCheck = (p.restless * pause * sim.dt) / 3600;
  const settle = p.settle * 3600;
  return {
    act(i) {
      if (a.alarmed[i] === 0) return false;
      if (perCheck > 0) {
        const rate = perCheck * Math.exp(-(sim.time - a.alarmedAt[i]!) / settle);
        if (sim.stream.next() < rate) {
          a.plan[i] = PLAN_LEAVE;
          a.goal[i] = -1;
          return false;
        }
      }
      a.sleepUntil[i] = sim.tick + pause;
      return true;
    },
  };
}
