/**
 * Where the named characters' labels go on the map, so that none overlaps another: each label is
 * tried beside its marker above right (where it goes when there is room), above left, below right
 * and below left, and takes the first of those that overlaps no label placed before it; a label
 * with no free place is not drawn. Labels are placed greedily, the one given first (the agent
 * inspected or followed) always, at its first place, then the others in order, so the same view
 * always draws the same labels. Nothing is allocated: the caller owns every array.
 */

/** Pixels between a marker's centre and its label's near edge, across and up or down. */
export const LABEL_GAP_X = 6;
export const LABEL_GAP_Y = 6;
/** Places tried for a label: above right, above left, below right, below left. */
export const LABEL_PLACES = 4;
/** Where a label is not drawn. */
export const NO_PLACE = -1;

/** The arrays a placement reads and writes, one entry a label, sized for every label. */
export interface LabelSlots {
  /** The marker's centre on screen (CSS pixels). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** The label's width (CSS pixels); a label of width NaN is left out (its marker is not drawn). */
  readonly width: Float64Array;
  /** Written: the label's left edge and its middle, for text drawn left-aligned on its middle. */
  readonly left: Float64Array;
  readonly middle: Float64Array;
  /** Written: the place taken (0 to `LABEL_PLACES` − 1), or `NO_PLACE`. */
  readonly place: Int8Array;
}

/**
 * Places labels 0 … count − 1 of `slots`, each `height` pixels tall, `first` (if ≥ 0) before the
 * others and always drawn. Two labels drawn are at least `pad` pixels apart.
 */
export function placeLabels(slots: LabelSlots, count: number, height: number, first: number, pad = 1): void {
  const { place } = slots;
  for (let k = 0; k < count; k++) place[k] = NO_PLACE;
  if (first >= 0 && first < count && !Number.isNaN(slots.width[first]!)) setPlace(slots, first, 0);
  for (let k = 0; k < count; k++) {
    if (k === first || Number.isNaN(slots.width[k]!)) continue;
    for (let p = 0; p < LABEL_PLACES; p++) {
      setPlace(slots, k, p);
      if (!overlapsPlaced(slots, count, k, height, pad)) break;
      place[k] = NO_PLACE;
    }
  }
}

/** Puts label k at place p. */
function setPlace(slots: LabelSlots, k: number, p: number): void {
  const right = p === 0 || p === 2;
  const above = p < 2;
  const width = slots.width[k]!;
  slots.left[k] = right ? slots.x[k]! + LABEL_GAP_X : slots.x[k]! - LABEL_GAP_X - width;
  slots.middle[k] = above ? slots.y[k]! - LABEL_GAP_Y : slots.y[k]! + LABEL_GAP_Y;
  slots.place[k] = p;
}

/** Whether label k, where it is now, comes within `pad` pixels of a label placed before it. */
function overlapsPlaced(slots: LabelSlots, count: number, k: number, height: number, pad: number): boolean {
  const { left, middle, width, place } = slots;
  const l = left[k]!;
  const r = l + width[k]!;
  const m = middle[k]!;
  for (let j = 0; j < count; j++) {
    if (j === k || place[j] === NO_PLACE) continue;
    if (l < left[j]! + width[j]! + pad && left[j]! < r + pad && Math.abs(m - middle[j]!) < height + pad)
      return true;
  }
  return false;
}
