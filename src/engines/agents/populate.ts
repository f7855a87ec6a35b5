import type { Member, Roster } from '../../scenario/compiled-world.js';
import type { Sim } from './sim.js';
import type { Space } from './space.js';
import { INFECTED } from './states.js';

/**
 * Creates the people in creation order: each one's state, group and character, then their place
 * (the space draws what it needs: traits and a free cell of a room in a building, a point on an
 * open plane), and for the infected their turning time; then the space settles the start.
 */
export function populate(sim: Sim, space: Space, roster: Roster): void {
  const a = sim.a;
  const infection = sim.infection;
  roster.members.forEach((m, i) => {
    describeAgent(sim, i, m);
    space.placeAtStart(i, m);
    sim.registry.create(i, a.cell[i]!);
    if (m.state === INFECTED) {
      const [low, high] = m.turn ?? [infection.biteLow[0]!, infection.biteHigh[0]!];
      a.infectedAt[i] = 0;
      a.turnAt[i] = infection.drawTurn(low, high);
      infection.infectedList[infection.infectedCount++] = i;
    }
  });
  space.settleStart(roster.members);
}

/** Gives agent i, member m, its state, group, character and hybrid chance (before it is placed). */
export function describeAgent(sim: Sim, i: number, m: Member): void {
  const a = sim.a;
  a.state[i] = m.state;
  a.group[i] = m.group;
  a.character[i] = m.character;
  a.hybridKind[i] = m.hybridKind;
  a.hybridChance[i] = m.hybrid === undefined ? Number.NaN : sim.valueOf(m.hybrid);
}
