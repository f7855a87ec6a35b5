import { didYouMean } from '../core/closest-name.js';

/**
 * Live control of a running engine: one of these, handed to `Engine.control`, takes effect at the
 * engine's present time. Each engine logs what it was given, with the time, so that a run replays
 * from its log: a fresh engine advanced to each logged time and given the same intervention there.
 */
export type Intervention =
  /** From now on, parameter `name` is `value` (for agents: a behaviour or world parameter, dotted). */
  | { readonly kind: 'set'; readonly name: string; readonly value: number }
  /**
   * Adds `count` individuals to compartment (or agent state) `compartment`, or removes them when
   * `count` is negative (no more than there are). `place` says where, for engines with space: a
   * room of the building, a point of the plane, a cell of the lattice.
   */
  | { readonly kind: 'add'; readonly compartment: string; readonly count: number; readonly place?: string }
  /** Fires the scenario's event `name` now, as if its trigger had come (even a disabled one). */
  | { readonly kind: 'fire'; readonly event: string };

/** An intervention with the time at which it took effect. */
export interface LoggedIntervention {
  readonly t: number;
  readonly intervention: Intervention;
}

/** An intervention the engine cannot apply: an unknown name, a count below zero, a place off the map. */
export class InvalidIntervention extends Error {
  override readonly name = 'InvalidIntervention';
}

/**
 * The index of `name` among `names` (a parameter, compartment or event, as `what` says), or an
 * `InvalidIntervention` that says what the scenario has: "unknown parameter 'beat' (did you mean
 * beta?)". Every engine names what it cannot find the same way.
 */
export function interventionTarget(name: string, names: readonly string[], what: string): number {
  const index = names.indexOf(name);
  if (index < 0) throw new InvalidIntervention(unknownTarget(name, names, what));
  return index;
}

/** What `interventionTarget` says of a name not among `names`. */
export function unknownTarget(name: string, names: readonly string[], what: string): string {
  const known = names.length === 0 ? `; the scenario has no ${what}s` : didYouMean(name, names);
  return `unknown ${what} '${name}'${known}`;
}

/** Refuses a value that is not a finite number (`what` names it: "parameter 'beta'"). */
export function requireFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new InvalidIntervention(`${what} must be a finite number, not ${value}`);
}

/**
 * Refuses a change of a counting engine's compartment by anything but a whole number of individuals
 * that it can count: up to 2^53 − 1, the largest count a double holds exactly, with every count below
 * it (1e16 is a whole number, but 1e16 + 1 is not one a double can hold).
 */
export function requireWholeCount(compartment: string, count: number): void {
  if (!Number.isInteger(count))
    throw new InvalidIntervention(`${compartment} changes by whole individuals, not ${count}`);
  if (!Number.isSafeInteger(count))
    throw new InvalidIntervention(
      `${compartment} cannot change by ${count}: counts are whole numbers up to 2^53 − 1 (${Number.MAX_SAFE_INTEGER}), the largest that are counted exactly`,
    );
}

/** Refuses a place given to an engine without space (`engine` names it: "the ODE engine"). */
export function requireNoPlace(engine: string, compartment: string, place: string | undefined): void {
  if (place !== undefined)
    throw new InvalidIntervention(
      `${engine} has no places: add to '${compartment}' without a place, not at '${place}'`,
    );
}
