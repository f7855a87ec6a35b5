/**
 * Which room names the building view writes at the current zoom: a name that is wider than its
 * room (along the label's line), or would overlap a name already written, is left out, rather than
 * run across a wall or into its neighbour ("wc4awc4b"). Names are taken in the plan's order.
 */

/** A room's name as it would be drawn: centred at (x, y), in screen pixels, within its room's extent. */
export interface RoomLabelBox {
  readonly x: number;
  readonly y: number;
  /** The text's width and height. */
  readonly width: number;
  readonly height: number;
  /** The room's extent along the label's line. */
  readonly roomLeft: number;
  readonly roomRight: number;
}

/** The indices of the labels to draw, in order: each fits its room and overlaps none before it. */
export function roomLabelsThatFit(labels: readonly RoomLabelBox[]): number[] {
  const drawn: number[] = [];
  labels.forEach((label, k) => {
    const left = label.x - label.width / 2;
    const right = label.x + label.width / 2;
    if (left < label.roomLeft || right > label.roomRight) return;
    const overlaps = drawn.some((j) => {
      const other = labels[j]!;
      return (
        Math.abs(other.x - label.x) * 2 < other.width + label.width &&
        Math.abs(other.y - label.y) * 2 < other.height + label.height
      );
    });
    if (!overlaps) drawn.push(k);
  });
  return drawn;
}
