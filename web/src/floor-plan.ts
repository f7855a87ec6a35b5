import { DOOR_CLOSED, DOOR_LOCKED, DOOR_OPEN } from '../../src/engines/agents/building.js';
import { Cell, type ParsedBuilding } from '../../src/scenario/building-map.js';
import type { RunData } from './run-files.js';

/** A named room's label: where to write its name, in metres from its floor's top-left corner. */
export interface RoomLabel {
  readonly name: string;
  readonly floor: number;
  readonly x: number;
  readonly y: number;
  /** The room's extent along the label's line, in cells: from `left` to `right` (exclusive). */
  readonly left: number;
  readonly right: number;
}

/**
 * What the map draws that does not move: the floors' cells, room labels and doors. A building
 * from a run's `replay.bin` (its plan) and scenario (names, furniture); an open plane is one
 * floor of bare ground.
 */
export interface FloorPlan {
  /** Cells across and down, per floor. */
  readonly width: number;
  readonly height: number;
  readonly floors: number;
  readonly cellSize: number;
  readonly floorNames: readonly string[];
  /** Cell kinds (`Cell`), floor by floor, row by row; empty on an open plane. */
  readonly kind: Uint8Array;
  /** Cell flags (`Flag`): furniture, stairs …; zeros without the scenario's maps. */
  readonly flags: Uint8Array;
  readonly labels: readonly RoomLabel[];
  /** Each door's cell, in the engine's door order (the order of door cells in the plan). */
  readonly doorCell: Int32Array;
  /** Each door's state at t = 0. */
  readonly doorStart: Uint8Array;
  readonly open: boolean;
}

/** The floor plan of a run, or undefined for a run without a replay. */
export function floorPlanOf(
  run: Pick<RunData, 'replay' | 'building' | 'closedRooms'>,
): FloorPlan | undefined {
  const replay = run.replay;
  if (replay === undefined) return undefined;
  const building = run.building;
  const open = replay.plan.length === 0;
  const kind = building?.kind ?? replay.plan;
  const doorCells: number[] = [];
  for (let c = 0; c < kind.length; c++)
    if (kind[c] === Cell.DOOR || kind[c] === Cell.LOCKED) doorCells.push(c);
  const doorCell = Int32Array.from(doorCells);
  const doorStart = Uint8Array.from(doorCells, (c) =>
    kind[c] === Cell.LOCKED
      ? DOOR_LOCKED
      : building !== undefined && closedBySide(building, c, run.closedRooms)
        ? DOOR_CLOSED
        : DOOR_OPEN,
  );
  return {
    width: replay.width,
    height: replay.height,
    floors: Math.max(1, replay.floors),
    cellSize: replay.cellSize,
    floorNames: building?.floorNames ?? Array.from({ length: replay.floors }, (_, f) => `floor ${f + 1}`),
    kind: open ? new Uint8Array(0) : kind,
    flags: building?.flags ?? new Uint8Array(kind.length),
    labels: building === undefined ? [] : labelsOf(building),
    doorCell,
    doorStart,
    open,
  };
}

/**
 * Whether a door starts closed: one of the rooms it joins has `doors: closed`. Its rooms are
 * those left and right of it, or above and below when neither side is a room (as the engine reads them).
 */
function closedBySide(building: ParsedBuilding, cell: number, closed: ReadonlySet<string>): boolean {
  const { room, width, roomNames } = building;
  const horizontal = [room[cell - 1] ?? -1, room[cell + 1] ?? -1];
  const sides =
    horizontal[0]! >= 0 || horizontal[1]! >= 0
      ? horizontal
      : [room[cell - width] ?? -1, room[cell + width] ?? -1];
  return sides.some((r) => r >= 0 && closed.has(roomNames[r]!));
}

function labelsOf(building: ParsedBuilding): RoomLabel[] {
  const { width, height, room } = building;
  return building.roomNames.map((name, r) => {
    const at = building.roomLabels[r]!;
    // The room's cells on the label's line, each way from the label (whose cells are the room's).
    const line = (at.floor * height + at.line) * width;
    let left = at.col;
    while (left > 0 && room[line + left - 1] === r) left--;
    let right = at.col + 1;
    while (right < width && room[line + right] === r) right++;
    // The label `[name]` spans name.length + 2 cells; its name is written over their middle.
    return { name, floor: at.floor, x: at.col + (name.length + 2) / 2, y: at.line + 0.5, left, right };
  });
}
