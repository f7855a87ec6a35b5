import { normal, uniform } from '../../core/distributions.js';
import type { Stream } from '../../core/random.js';
import {
  type Member,
  type TraitName,
  type TraitValue,
  traitNames,
  traitTops,
} from '../../scenario/compiled-world.js';

/** Traits of a person when nothing says otherwise. */
export const DEFAULT_TRAITS: Readonly<Record<TraitName, number>> = {
  walk: 1.3,
  run: 4.5,
  strength: 1,
  skill: 0.2,
  hearing: 1,
  sight: 20,
  courage: 0.5,
  weapon: 0,
  restraint: 0,
};

/** Social knobs when nothing says otherwise. */
export const DEFAULT_SOCIAL = { cohesion: 0.5, selfishness: 0.3, obedience: 0.5 } as const;

/**
 * Draws one trait value: a number as it is, a range uniformly, a normal clamped to 0 … `top`
 * (courage of `{mean: 0.9, sd: 0.1}` would otherwise pass 1 for about one person in six).
 */
export function drawTrait(stream: Stream, value: TraitValue, top: number): number {
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value[0] === value[1] ? value[0] : uniform(stream, value[0], value[1]);
  const v = value as { mean: number; sd: number };
  return v.sd === 0 ? v.mean : Math.min(top, Math.max(0, normal(stream, v.mean, v.sd)));
}

/** The trait values of a member, drawn in `traitNames` order; later layers win. */
export function drawTraits(stream: Stream, m: Member, out: Float64Array): void {
  traitNames.forEach((name, k) => {
    let spec: TraitValue | undefined;
    for (const layer of m.traits) if (layer[name] !== undefined) spec = layer[name];
    out[k] = spec === undefined ? DEFAULT_TRAITS[name] : drawTrait(stream, spec, traitTops[name]);
  });
}

/** A member's social knobs; later layers win. */
export function socialOf(m: Member): { cohesion: number; selfishness: number; obedience: number } {
  const out: { cohesion: number; selfishness: number; obedience: number } = { ...DEFAULT_SOCIAL };
  for (const layer of m.social) {
    if (layer.cohesion !== undefined) out.cohesion = layer.cohesion;
    if (layer.selfishness !== undefined) out.selfishness = layer.selfishness;
    if (layer.obedience !== undefined) out.obedience = layer.obedience;
  }
  return out;
}
