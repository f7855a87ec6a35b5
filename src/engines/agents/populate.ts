import { Cell, type Roster, traitNames, type WorldSettings } from '../../scenario/compiled-world.js';
import { takeOnTraits } from './infection.js';
import { drawTraits, socialOf } from './population.js';
import type { Sim } from './sim.js';
import { DEAD, INFECTED, ZOMBIE } from './states.js';

/**
 * Creates the people: traits drawn in creation order (each person's traits, then their place),
 * states, start rooms (a random free cell of the room) or places on the open plane, and leaders.
 */
export function populate(sim: Sim, roster: Roster, w: WorldSettings): void {
  const a = sim.a;
  const b = sim.b;
  const stream = sim.stream;
  const values = new Float64Array(traitNames.length);
  const roomLeader = new Int32Array(b?.roomCount ?? 0).fill(-1);
  roster.members.forEach((m, i) => {
    a.state[i] = m.state;
    a.group[i] = m.group;
    a.character[i] = m.character;
    a.hybridKind[i] = m.hybridKind;
    a.hybridChance[i] = m.hybrid === undefined ? Number.NaN : sim.valueOf(m.hybrid);
    if (b) {
      drawTraits(stream, m, values);
      a.walk[i] = values[0]!;
      a.run[i] = values[1]!;
      a.strength[i] = values[2]!;
      a.skill[i] = values[3]!;
      a.hearing[i] = values[4]!;
      a.sight[i] = values[5]!;
      a.courage[i] = values[6]!;
      a.weapon[i] = values[7]!;
      const social = socialOf(m);
      a.cohesion[i] = social.cohesion;
      a.selfishness[i] = social.selfishness;
      a.obedience[i] = social.obedience;
      a.grade[i] = m.grade;
      a.home[i] = m.home === undefined ? -1 : (b.roomIndex.get(m.home) ?? -1);
      // The scenario layer checked that every member has a room with a free place.
      const r = b.roomIndex.get(m.room!)!;
      a.cell[i] = freeCell(sim, r, stream.next());
      if (m.leader || (m.adult && roomLeader[r]! < 0)) {
        if (roomLeader[r]! < 0 || m.leader) roomLeader[r] = i;
      }
    } else {
      const open = w.building.open!;
      const x = stream.next() * open.width;
      const y = stream.next() * open.height;
      a.xy[2 * i] = x;
      a.xy[2 * i + 1] = y;
      a.cell[i] = Math.floor(y) * open.width + Math.floor(x);
    }
    sim.registry.create(i, a.cell[i]!);
    if (m.state === INFECTED) {
      const [low, high] = m.turn ?? [sim.infection.biteLow[0]!, sim.infection.biteHigh[0]!];
      a.infectedAt[i] = 0;
      a.turnAt[i] = sim.infection.drawTurn(low, high);
      sim.infection.infectedList[sim.infection.infectedCount++] = i;
    }
    if (m.state === ZOMBIE && b) takeOnTraits(a, i, w.infection.zombie);
  });
  if (b) {
    roster.members.forEach((m, i) => {
      const r = b.room[a.cell[i]!]!;
      const l = r >= 0 ? roomLeader[r]! : -1;
      if (m.student && l >= 0 && l !== i) a.leader[i] = l;
    });
  }
  if (a.state.some((s) => s === DEAD)) {
    for (let i = 0; i < a.n; i++) if (a.state[i] === DEAD && b) sim.places.occupancy[a.cell[i]!]!--;
  }
}

/** A free cell of room r (not an exit), starting at a random one and scanning on; −1 if it is full. */
function freeCell(sim: Sim, r: number, u: number): number {
  const b = sim.b!;
  const start = b.roomCellStart[r]!;
  const size = b.roomCellStart[r + 1]! - start;
  const first = Math.floor(u * size);
  for (let k = 0; k < size; k++) {
    const c = b.roomCellList[start + ((first + k) % size)]!;
    if (b.kind[c] === Cell.FLOOR && sim.places.occupancy[c]! < sim.places.capacity) return c;
  }
  return -1;
}
