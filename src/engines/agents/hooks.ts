import { STACK_NAMES, STACK_OF_STATE } from './states.js';

/** Person i was alarmed (by a zombie seen, if `sawZombie`): a unit may give them a plan. */
export type AlarmHook = (i: number, sawZombie: boolean) => void;
/** Person h was bitten by agent `by`. */
export type BittenHook = (h: number, by: number) => void;
/** Person i first saw hunter z. */
export type SightedHook = (i: number, z: number) => void;

/**
 * The behaviour units' hooks, by stack: what the units of an agent's stack do when something
 * happens to it. Perception and infection call them, so that a unit switched off (`enabled:
 * false`) does nothing at all, not even in response.
 */
export class Hooks {
  private readonly alarmed: AlarmHook[][] = STACK_NAMES.map(() => []);
  private readonly bitten: BittenHook[][] = STACK_NAMES.map(() => []);
  private readonly sighted: SightedHook[][] = STACK_NAMES.map(() => []);

  /** Forgets every hook (before the units are made again). */
  clear(): void {
    for (const list of [this.alarmed, this.bitten, this.sighted]) for (const hooks of list) hooks.length = 0;
  }

  /** Adds the hooks of a unit of stack `stack`. */
  add(stack: number, unit: { onAlarm?: AlarmHook; onBitten?: BittenHook; onSighted?: SightedHook }): void {
    if (unit.onAlarm) this.alarmed[stack]!.push(unit.onAlarm);
    if (unit.onBitten) this.bitten[stack]!.push(unit.onBitten);
    if (unit.onSighted) this.sighted[stack]!.push(unit.onSighted);
  }

  /** Person i, in state `state`, was alarmed. */
  alarm(i: number, state: number, sawZombie: boolean): void {
    const hooks = this.alarmed[STACK_OF_STATE[state]!];
    if (hooks !== undefined) for (const hook of hooks) hook(i, sawZombie);
  }

  /** Person h, now in state `state`, was bitten by `by`. */
  bite(h: number, state: number, by: number): void {
    const hooks = this.bitten[STACK_OF_STATE[state]!];
    if (hooks !== undefined) for (const hook of hooks) hook(h, by);
  }

  /** Person i, in state `state`, first saw hunter z. */
  sight(i: number, state: number, z: number): void {
    const hooks = this.sighted[STACK_OF_STATE[state]!];
    if (hooks !== undefined) for (const hook of hooks) hook(i, z);
  }
}
