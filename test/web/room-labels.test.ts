import { describe, expect, it } from 'vitest';
import type { Replay } from '../../src/engines/agents/replay.js';
import { parseBuilding } from '../../src/scenario/building-map.js';
import { floorPlanOf } from '../../web/src/floor-plan.js';
import { type RoomLabelBox, roomLabelsThatFit } from '../../web/src/map/room-labels.js';

/** A label 10 px tall centred at (x, 0), in a room from `roomLeft` to `roomRight`. */
const box = (x: number, width: number, roomLeft: number, roomRight: number): RoomLabelBox => ({
  x,
  y: 0,
  width,
  height: 10,
  roomLeft,
  roomRight,
});

describe('the room names of the building view', () => {
  it('leave out a name wider than its room, and one that would overlap a name already drawn', () => {
    const labels = [
      box(50, 40, 0, 100), // fits
      box(150, 60, 120, 180), // fits exactly
      box(175, 40, 150, 220), // would overlap the one before: "wc4awc4b"
      box(250, 80, 220, 280), // wider than its room: across its walls
    ];
    expect(roomLabelsThatFit(labels)).toEqual([0, 1]);
    // Further down, the same name is clear of the others.
    expect(roomLabelsThatFit([labels[1]!, { ...labels[2]!, y: 20 }])).toEqual([0, 1]);
  });

  it("know each room's extent along the line of its label", () => {
    const map = ['###############', '#..[ab]..#....#', '#........+[c].#', '###############'].join('\n');
    const { building } = parseBuilding([{ name: '1F', map }], {});
    expect(building).toBeDefined();
    const replay = {
      width: 11,
      height: 4,
      floors: 1,
      cellSize: 1,
      plan: new Uint8Array(0),
    } as unknown as Replay;
    const plan = floorPlanOf({ replay, building: building!, closedRooms: new Set() })!;
    const byName = Object.fromEntries(plan.labels.map((l) => [l.name, [l.left, l.right]]));
    expect(byName).toEqual({ ab: [1, 9], c: [10, 14] });
  });
});
