/**
 * Floor plans as text: the `world.building.floors[].map` blocks of an agents scenario. A map is a
 * block of text, one character a cell (1 m by default), read with a legend (`DEFAULT_LEGEND`, which
 * a scenario may extend). Rooms are named in the text itself: a label `[2-5]` written inside a room
 * names the region of floor around it, bounded by walls, doors, windows and void.
 *
 * `parseBuilding` checks everything a map can get wrong and reports each problem at its line and
 * column inside the map text (0-based here; the scenario layer turns them into file positions).
 * This module only reads text: it allocates the typed arrays the agents engine builds on.
 */

import { Cell, Flag, isPassable, type LabelPosition, type ParsedBuilding } from './compiled-world.js';

/** What a map symbol stands for. */
export const symbolKinds = [
  'void',
  'floor',
  'wall',
  'door',
  'locked-door',
  'window',
  'exit',
  'stairs-up',
  'stairs-down',
  'stairs',
  'furniture',
  'speaker',
  'weapon',
] as const;
export type SymbolKind = (typeof symbolKinds)[number];

/**
 * The default legend. `[name]` labels are not symbols: the bracketed text is floor of the room it
 * names. A space is void (outside the building, or nothing at all).
 */
export const DEFAULT_LEGEND: Readonly<Record<string, SymbolKind>> = {
  ' ': 'void',
  '.': 'floor',
  '#': 'wall',
  '+': 'door',
  L: 'locked-door',
  '=': 'window',
  E: 'exit',
  '^': 'stairs-up',
  v: 'stairs-down',
  H: 'stairs',
  h: 'furniture',
  S: 'speaker',
  w: 'weapon',
};

export { Cell, Flag, type LabelPosition, type ParsedBuilding } from './compiled-world.js';

/** Limits on untrusted maps. */
export const MAP_LIMITS = {
  width: 4096,
  height: 4096,
  floors: 64,
  cells: 16_000_000,
  rooms: 32_000,
} as const;

/** A problem in a map, at a 0-based line and column of that floor's map text. */
export interface MapProblem {
  floor: number;
  line: number;
  col: number;
  message: string;
}

const KIND_CELL: Record<SymbolKind, [number, number]> = {
  void: [Cell.VOID, 0],
  floor: [Cell.FLOOR, 0],
  wall: [Cell.WALL, 0],
  door: [Cell.DOOR, 0],
  'locked-door': [Cell.LOCKED, 0],
  window: [Cell.WINDOW, 0],
  exit: [Cell.EXIT, 0],
  'stairs-up': [Cell.FLOOR, Flag.STAIRS_UP],
  'stairs-down': [Cell.FLOOR, Flag.STAIRS_DOWN],
  stairs: [Cell.FLOOR, Flag.STAIRS_UP | Flag.STAIRS_DOWN],
  furniture: [Cell.FLOOR, Flag.FURNITURE],
  speaker: [Cell.FLOOR, Flag.SPEAKER],
  weapon: [Cell.FLOOR, Flag.WEAPON],
};

const ROOM_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Splits map text into lines, dropping the one final newline a YAML block scalar keeps. */
export function mapLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** True where a cell is floor that rooms are made of (floor, stairs, exits, furniture …). */
function isRoomFloor(kind: number): boolean {
  return kind === Cell.FLOOR || kind === Cell.EXIT;
}

/**
 * Parses the floors of a building, bottom floor first. Returns the building, or `undefined` with
 * every problem found (located inside the maps).
 */
export function parseBuilding(
  floors: readonly { name: string; map: string }[],
  legendExtra: Readonly<Record<string, SymbolKind>> = {},
): { building: ParsedBuilding | undefined; problems: MapProblem[] } {
  const problems: MapProblem[] = [];
  const legend: Record<string, SymbolKind> = Object.assign(Object.create(null), DEFAULT_LEGEND, legendExtra);
  const texts = floors.map((f) => mapLines(f.map));
  // Loops, not Math.max(...lines): spreading a map of 300,000 lines overflows the call stack.
  let height = 1;
  let width = 1;
  for (const lines of texts) {
    height = Math.max(height, lines.length);
    for (const line of lines) width = Math.max(width, line.length);
  }
  if (floors.length > MAP_LIMITS.floors) {
    problems.push({
      floor: MAP_LIMITS.floors,
      line: 0,
      col: 0,
      message: `at most ${MAP_LIMITS.floors} floors`,
    });
  }
  if (
    width > MAP_LIMITS.width ||
    height > MAP_LIMITS.height ||
    width * height * floors.length > MAP_LIMITS.cells
  ) {
    problems.push({
      floor: 0,
      line: 0,
      col: 0,
      message: `the maps are ${width} × ${height} × ${floors.length} cells; the limit is ${MAP_LIMITS.width} × ${MAP_LIMITS.height} and ${MAP_LIMITS.cells} cells in all`,
    });
  }
  if (problems.length > 0) return { building: undefined, problems };

  const plane = width * height;
  const total = plane * floors.length;
  const kind = new Uint8Array(total);
  const flags = new Uint8Array(total);
  const room = new Int16Array(total).fill(-1);
  const roomNames: string[] = [];
  const roomFloor: number[] = [];
  const roomLabels: LabelPosition[] = [];
  const roomIndex = new Map<string, number>();
  const labelStarts: number[] = [];

  texts.forEach((lines, f) => {
    lines.forEach((line, y) => {
      for (let x = 0; x < line.length; x++) {
        const ch = line[x]!;
        const cell = f * plane + y * width + x;
        if (ch === '[') {
          const end = line.indexOf(']', x + 1);
          if (end < 0) {
            problems.push({
              floor: f,
              line: y,
              col: x,
              message: "a room label '[' has no closing ']' on this line",
            });
            break;
          }
          const name = line.slice(x + 1, end);
          if (!ROOM_NAME.test(name)) {
            problems.push({
              floor: f,
              line: y,
              col: x,
              message: `'${name}' is not a room name: lowercase letters, digits and -, starting with a letter or digit`,
            });
          } else if (roomIndex.has(name)) {
            const first = roomLabels[roomIndex.get(name)!]!;
            problems.push({
              floor: f,
              line: y,
              col: x,
              message: `room '${name}' is already labelled (floor '${floors[first.floor]!.name}', line ${first.line + 1}, column ${first.col + 1})`,
            });
          } else {
            roomIndex.set(name, roomNames.length);
            roomNames.push(name);
            roomFloor.push(f);
            roomLabels.push({ floor: f, line: y, col: x });
            labelStarts.push(cell);
          }
          for (let k = x; k <= end; k++) kind[f * plane + y * width + k] = Cell.FLOOR;
          x = end;
          continue;
        }
        const symbol = legend[ch];
        if (symbol === undefined) {
          problems.push({
            floor: f,
            line: y,
            col: x,
            message: `unknown map symbol '${ch}' (the legend has ${Object.keys(legend)
              .map((k) => `'${k}'`)
              .join(' ')})`,
          });
          // Read as a wall, so that one typo does not also open the room around it.
          kind[cell] = Cell.WALL;
          continue;
        }
        const [k, bits] = KIND_CELL[symbol];
        kind[cell] = k;
        flags[cell] = bits;
      }
    });
  });
  if (roomNames.length > MAP_LIMITS.rooms) {
    problems.push({ floor: 0, line: 0, col: 0, message: `at most ${MAP_LIMITS.rooms} rooms` });
    return { building: undefined, problems };
  }

  checkStairs(floors, kind, flags, width, height, problems);
  checkDoors(kind, width, height, floors.length, problems);
  floodRooms(floors, kind, room, width, height, labelStarts, roomNames, roomLabels, problems);

  // Exits must be named, so that events and outputs can say which gate someone left by.
  for (let cell = 0; cell < total; cell++) {
    if (kind[cell] === Cell.EXIT && room[cell] === -1) {
      const f = Math.floor(cell / plane);
      const rest = cell - f * plane;
      problems.push({
        floor: f,
        line: Math.floor(rest / width),
        col: rest % width,
        message: 'an exit must lie inside a labelled room (the label names the exit, e.g. [front-gate])',
      });
    }
  }

  if (problems.length > 0) return { building: undefined, problems };
  return {
    building: {
      width,
      height,
      floors: floors.length,
      floorNames: floors.map((f) => f.name),
      kind,
      flags,
      room,
      roomNames,
      roomFloor,
      roomLabels,
    },
    problems,
  };
}

/**
 * Every door joins two open cells across it, left and right or above and below: one with wall,
 * void or the map's edge on both sides led nowhere, and silently cut the building in pieces.
 */
function checkDoors(
  kind: Uint8Array,
  width: number,
  height: number,
  floors: number,
  problems: MapProblem[],
): void {
  const plane = width * height;
  const open = (f: number, x: number, y: number) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return false;
    return isPassable(kind[f * plane + y * width + x]!);
  };
  for (let f = 0; f < floors; f++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const k = kind[f * plane + y * width + x];
        if (k !== Cell.DOOR && k !== Cell.LOCKED) continue;
        if ((open(f, x - 1, y) && open(f, x + 1, y)) || (open(f, x, y - 1) && open(f, x, y + 1))) continue;
        problems.push({
          floor: f,
          line: y,
          col: x,
          message:
            'this door leads nowhere: a door joins two open cells across it (left and right, or above and below), not wall, void or the edge of the map',
        });
      }
    }
  }
}

/** Every stair must meet a stair at the same place on the floor it leads to. */
function checkStairs(
  floors: readonly { name: string }[],
  kind: Uint8Array,
  flags: Uint8Array,
  width: number,
  height: number,
  problems: MapProblem[],
): void {
  const plane = width * height;
  for (let f = 0; f < floors.length; f++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const cell = f * plane + y * width + x;
        const bits = flags[cell]!;
        if (bits & Flag.STAIRS_UP) {
          const above = cell + plane;
          if (f + 1 >= floors.length) {
            problems.push({
              floor: f,
              line: y,
              col: x,
              message: 'stairs lead up, but this is the top floor',
            });
          } else if (kind[above] !== Cell.FLOOR || (flags[above]! & Flag.STAIRS_DOWN) === 0) {
            problems.push({
              floor: f,
              line: y,
              col: x,
              message: `stairs lead up with no partner on the next floor ('${floors[f + 1]!.name}' needs 'v' or 'H' in the same place: row ${y + 1}, column ${x + 1} of its map)`,
            });
          }
        }
        if (bits & Flag.STAIRS_DOWN) {
          const below = cell - plane;
          if (f === 0) {
            problems.push({
              floor: f,
              line: y,
              col: x,
              message: 'stairs lead down, but this is the bottom floor',
            });
          } else if (kind[below] !== Cell.FLOOR || (flags[below]! & Flag.STAIRS_UP) === 0) {
            problems.push({
              floor: f,
              line: y,
              col: x,
              message: `stairs lead down with no partner on the floor below ('${floors[f - 1]!.name}' needs '^' or 'H' in the same place: row ${y + 1}, column ${x + 1} of its map)`,
            });
          }
        }
      }
    }
  }
}

/**
 * Floods each labelled room over 4-connected floor. A room that reaches the edge of the map or
 * touches void is not closed; one that holds a second label names the same region twice.
 */
function floodRooms(
  floors: readonly { name: string }[],
  kind: Uint8Array,
  room: Int16Array,
  width: number,
  height: number,
  labelStarts: readonly number[],
  roomNames: readonly string[],
  roomLabels: readonly LabelPosition[],
  problems: MapProblem[],
): void {
  const plane = width * height;
  const stack = new Int32Array(kind.length);
  for (let r = 0; r < labelStarts.length; r++) {
    const start = labelStarts[r]!;
    if (room[start] !== -1) {
      const other = room[start]!;
      const at = roomLabels[r]!;
      problems.push({
        floor: at.floor,
        line: at.line,
        col: at.col,
        message: `room '${roomNames[r]}' is the same region as room '${roomNames[other]}': no wall or door between them`,
      });
      continue;
    }
    let top = 0;
    stack[top++] = start;
    room[start] = r;
    let leak = -1;
    while (top > 0) {
      const cell = stack[--top]!;
      const f = Math.floor(cell / plane);
      const rest = cell - f * plane;
      const y = Math.floor(rest / width);
      const x = rest % width;
      const neighbours = [
        x > 0 ? cell - 1 : -1,
        x < width - 1 ? cell + 1 : -1,
        y > 0 ? cell - width : -1,
        y < height - 1 ? cell + width : -1,
      ];
      for (const next of neighbours) {
        if (next < 0 || kind[next] === Cell.VOID) {
          if (leak < 0) leak = cell;
          continue;
        }
        if (!isRoomFloor(kind[next]!) || room[next] === r) continue;
        if (room[next] !== -1) continue;
        room[next] = r;
        stack[top++] = next;
      }
    }
    if (leak >= 0) {
      const f = Math.floor(leak / plane);
      const rest = leak - f * plane;
      const at = roomLabels[r]!;
      problems.push({
        floor: f,
        line: Math.floor(rest / width),
        col: rest % width,
        message: `room '${roomNames[r]}' (labelled at row ${at.line + 1}, column ${at.col + 1} of its map) is not closed: its floor here reaches the edge of the map or void`,
      });
    }
  }
  // Flooding never crosses into another labelled room: a label found already flooded is reported above.
  void floors;
}

/**
 * The most names one pattern gives: `b{1..1000}{1..1000}{1..1000}` would be 10⁹ names, read for
 * minutes into gigabytes of memory.
 */
export const MAX_PATTERN_NAMES = 10_000;

/**
 * Expands brace ranges and lists in a name: `{1..3}-{1..8}` gives 1-1 … 3-8 (first brace slowest),
 * `hall-{a,b}` gives hall-a, hall-b. A name without braces is returned as it is. A problem, such as
 * more than `MAX_PATTERN_NAMES` names, is returned as text.
 */
export function expandBraces(pattern: string): string[] | string {
  const open = pattern.indexOf('{');
  if (open < 0) return pattern.includes('}') ? `unbalanced '}' in '${pattern}'` : [pattern];
  const close = pattern.indexOf('}', open);
  if (close < 0) return `unbalanced '{' in '${pattern}'`;
  const body = pattern.slice(open + 1, close);
  const range = /^(\d+)\.\.(\d+)$/.exec(body);
  let items: string[];
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to < from) return `bad range {${body}} in '${pattern}'`;
    if (to - from + 1 > MAX_PATTERN_NAMES) return tooMany(pattern, to - from + 1);
    items = [];
    for (let v = from; v <= to; v++) items.push(String(v));
  } else {
    items = body.split(',');
    if (items.some((item) => item === '')) return `empty choice in {${body}} in '${pattern}'`;
  }
  const rest = expandBraces(pattern.slice(close + 1));
  if (typeof rest === 'string') return rest;
  if (items.length * rest.length > MAX_PATTERN_NAMES) return tooMany(pattern, items.length * rest.length);
  const head = pattern.slice(0, open);
  const out: string[] = [];
  for (const item of items) for (const tail of rest) out.push(head + item + tail);
  return out;
}

function tooMany(pattern: string, names: number): string {
  return `'${pattern}' gives ${names.toLocaleString('en-US')} names; a pattern gives at most ${MAX_PATTERN_NAMES.toLocaleString('en-US')}`;
}
