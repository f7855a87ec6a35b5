import type { UnitParams } from '../../../scenario/compiled-world.js';
import { VOICE } from '../sim.js';
import type { Parts, Unit } from './unit.js';

/**
 * Calm people: carry on (stay where they are) until they look around again. A room of calm people
 * is not quiet: with `chatter` > 0, their voices are heard every `chatter` seconds (one sound a
 * room), which draws zombies that can hear; alarmed people keep quiet.
 */
export function routine(p: UnitParams<'routine'>, { sim }: Parts): Unit {
  const a = sim.a;
  const b = sim.b!;
  const pause = sim.world.perception.every;
  const chatter = p.chatter / sim.dt;
  return {
    act(i) {
      if (chatter > 0 && a.alarmed[i] === 0) {
        const r = b.room[a.cell[i]!]!;
        if (r >= 0 && sim.tick - sim.roomVoice[r]! >= chatter) {
          sim.roomVoice[r] = sim.tick;
          sim.noise.at(a.cell[i]!, VOICE, i);
        }
      }
      a.sleepUntil[i] = sim.tick + pause;
      return true;
    },
  };
}
