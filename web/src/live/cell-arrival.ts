import type { LoggedIntervention } from '../../../src/model/intervention.js';

/**
 * "When does it reach me?" for a watched lattice cell, answered from the run as it was before any
 * drop of the attacker in that cell: zombies dropped there by a click (or Add now) arrive at once,
 * and the question must not be answered by asking it.
 */

/** The arrival to tell, and the first drop that would otherwise be mistaken for it. */
export interface CellArrival {
  /** When the first zombie reached the cell before any drop of zombies there (NaN: not reached). */
  readonly arrival: number;
  /** When zombies were first dropped in the cell, if they were, up to now. */
  readonly droppedAt: number | undefined;
}

/** The time of the first `add` of a positive count of `attacker` at cell `x,y`, up to `now`. */
export function firstDropAt(
  interventions: readonly LoggedIntervention[],
  attacker: string,
  x: number,
  y: number,
  now: number,
): number | undefined {
  const place = `${x},${y}`;
  let first: number | undefined;
  for (const { t, intervention } of interventions) {
    if (intervention.kind !== 'add' || intervention.place !== place) continue;
    if (intervention.compartment !== attacker || intervention.count <= 0 || t > now) continue;
    first = Math.min(first ?? t, t);
  }
  return first;
}

/**
 * The cell's arrival as the engine records it (`arrival`, NaN if none), less any arrival made by
 * a drop: one at or after the first drop of zombies there is the drop's, not the outbreak's.
 */
export function cellArrival(
  arrival: number,
  interventions: readonly LoggedIntervention[],
  attacker: string,
  cell: { x: number; y: number },
  now: number,
): CellArrival {
  const droppedAt = firstDropAt(interventions, attacker, cell.x, cell.y, now);
  const byDrop = droppedAt !== undefined && !(arrival < droppedAt);
  return { arrival: byDrop ? Number.NaN : arrival, droppedAt };
}
