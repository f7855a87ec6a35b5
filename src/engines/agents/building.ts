import {
  Cell,
  type CompiledBuilding,
  Flag,
  type ParsedBuilding,
  type WorldSettings,
} from '../../scenario/compiled-world.js';

/** Door states. A closed door may carry a barricade; a broken one stands open for good. */
export const DOOR_OPEN = 0;
export const DOOR_CLOSED = 1;
export const DOOR_LOCKED = 2;
export const DOOR_BROKEN = 3;
/** The door states by code, as `events.jsonl` names them. */
export const DOOR_STATE_NAMES = ['open', 'closed', 'locked', 'broken'] as const;
/** Added to a door's state code (in `Space.doorStates`) while a barricade stands in it. */
export const DOOR_BARRICADED = 4;

/** Field units (half metres) a walker pays to open a shut door, to push through one, to take down a barricade. */
export const DOOR_EXTRA = 4;
export const PUSH_EXTRA = 16;
export const BARRICADE_EXTRA = 40;

/** Room kinds (`world.building.rooms[].kind`), as codes of `ROOM_KIND_NAMES`. */
export const ROOM = 0;
export const CORRIDOR = 1;
export const OUTDOOR = 2;
export const STAIRWELL = 3;

/**
 * The floor plan at run time, struct-of-arrays. The parsed maps are padded with one cell of void
 * all round, so that a cell's eight neighbours always exist. Cell c lies on floor ⌊c / plane⌋, at
 * column c mod width and row ⌊(c mod plane) / width⌋ of the padded grid.
 */
export class Building {
  /** Padded width and height, and cells per floor. */
  readonly width: number;
  readonly height: number;
  readonly plane: number;
  readonly floors: number;
  readonly cells: number;
  readonly cellSize: number;
  readonly floorNames: readonly string[];
  readonly kind: Uint8Array;
  readonly flags: Uint8Array;
  readonly room: Int16Array;
  /** Door index of a door cell, else −1. */
  readonly doorAt: Int32Array;

  readonly doorCount: number;
  readonly doorCell: Int32Array;
  readonly doorState: Uint8Array;
  /** Hit points left: the door's own, then its barricade's. */
  readonly doorHp: Float32Array;
  readonly barricadeHp: Float32Array;
  readonly barricadePieces: Uint8Array;
  /** The room whose people built the barricade (they may take it down), or −1. */
  readonly barricadeSide: Int16Array;
  readonly doorRoomA: Int16Array;
  readonly doorRoomB: Int16Array;
  /** Ticks of the last bang on the door (bangs are heard, at most one every few seconds). */
  readonly doorBangTick: Int32Array;
  /** The person working at the door (shutting, barricading), or −1. */
  readonly doorWorker: Int32Array;

  readonly roomCount: number;
  readonly roomNames: readonly string[];
  readonly roomIndex: ReadonlyMap<string, number>;
  readonly roomKind: Uint8Array;
  readonly roomFloor: Uint8Array;
  /** The cell of the room's label: its middle, for sounds made "in the room". */
  readonly roomAnchor: Int32Array;
  readonly roomFurniture: Int32Array;
  readonly roomCellStart: Int32Array;
  readonly roomCellList: Int32Array;
  readonly roomDoorStart: Int32Array;
  readonly roomDoorList: Int32Array;
  /** 1 where the lights are on (indoors). */
  readonly lightsOn: Uint8Array;
  /** Exit index of an exit room, else −1. */
  readonly roomExit: Int16Array;
  readonly speakers: Int32Array;

  readonly exitCount: number;
  readonly exitRoom: Int16Array;
  readonly exitSealed: Uint8Array;
  readonly exitTo: readonly string[];
  /** Per hour: chance rate of a bite for a person who left this way, once the outbreak is there. */
  readonly exitHazard: Float64Array;
  /** When the outbreak reaches the exit's destination (seconds; Infinity if not by itself). */
  readonly exitReached: Float64Array;

  /** Version counters: bumped when doors change, so that distance fields know they are stale. */
  doorVersion = 0;

  /**
   * What entering each cell costs a walker on top of the step, in field units, for people (0) and
   * for zombies (1); −1 where they cannot enter. Kept up to date as doors and exits change, so that
   * distance fields read one byte a cell.
   */
  readonly legCost: readonly [Int8Array, Int8Array];

  constructor(compiled: CompiledBuilding, world: WorldSettings) {
    const spec = world.building;
    const parsed = compiled.plan;
    this.cellSize = spec.cell;
    this.floorNames = parsed.floorNames;
    this.width = parsed.width + 2;
    this.height = parsed.height + 2;
    this.plane = this.width * this.height;
    this.floors = parsed.floors;
    this.cells = this.plane * this.floors;
    this.kind = new Uint8Array(this.cells);
    this.flags = new Uint8Array(this.cells);
    this.room = new Int16Array(this.cells).fill(-1);
    this.doorAt = new Int32Array(this.cells).fill(-1);
    this.copyParsed(parsed);

    this.roomCount = parsed.roomNames.length;
    this.roomNames = parsed.roomNames;
    this.roomIndex = new Map(parsed.roomNames.map((name, r) => [name, r]));
    this.roomKind = compiled.roomKind.slice();
    this.roomFloor = Uint8Array.from(parsed.roomFloor);
    this.roomAnchor = Int32Array.from(parsed.roomLabels, (at) => this.index(at.floor, at.col, at.line));
    this.lightsOn = new Uint8Array(this.roomCount);
    this.roomExit = new Int16Array(this.roomCount).fill(-1);

    // Cells of each room, CSR, and furniture counts.
    const roomSizes = new Int32Array(this.roomCount + 1);
    this.roomFurniture = new Int32Array(this.roomCount);
    const speakers: number[] = [];
    for (let c = 0; c < this.cells; c++) {
      const r = this.room[c]!;
      if (r >= 0) {
        roomSizes[r + 1]!++;
        if (this.flags[c]! & Flag.FURNITURE) this.roomFurniture[r]!++;
      }
      if (this.flags[c]! & Flag.SPEAKER) speakers.push(c);
    }
    this.speakers = Int32Array.from(speakers);
    this.roomCellStart = new Int32Array(this.roomCount + 1);
    for (let r = 0; r < this.roomCount; r++)
      this.roomCellStart[r + 1] = this.roomCellStart[r]! + roomSizes[r + 1]!;
    this.roomCellList = new Int32Array(this.roomCellStart[this.roomCount]!);
    const fill = this.roomCellStart.slice(0, this.roomCount);
    for (let c = 0; c < this.cells; c++) {
      const r = this.room[c]!;
      if (r >= 0) this.roomCellList[fill[r]!++] = c;
    }

    for (let r = 0; r < this.roomCount; r++)
      if (compiled.roomFurniture[r]! >= 0) this.roomFurniture[r] = compiled.roomFurniture[r]!;
    for (let r = 0; r < this.roomCount; r++) this.lightsOn[r] = this.roomKind[r] === OUTDOOR ? 0 : 1;

    // Doors: each door cell, with the rooms on its two sides.
    const doorCells: number[] = [];
    for (let c = 0; c < this.cells; c++) {
      if (this.kind[c] === Cell.DOOR || this.kind[c] === Cell.LOCKED) doorCells.push(c);
    }
    this.doorCount = doorCells.length;
    this.doorCell = Int32Array.from(doorCells);
    this.doorState = new Uint8Array(this.doorCount);
    this.doorHp = new Float32Array(this.doorCount).fill(spec.doors.hp);
    this.barricadeHp = new Float32Array(this.doorCount);
    this.barricadePieces = new Uint8Array(this.doorCount);
    this.barricadeSide = new Int16Array(this.doorCount).fill(-1);
    this.doorRoomA = new Int16Array(this.doorCount).fill(-1);
    this.doorRoomB = new Int16Array(this.doorCount).fill(-1);
    this.doorBangTick = new Int32Array(this.doorCount).fill(-1_000_000);
    this.doorWorker = new Int32Array(this.doorCount).fill(-1);
    const roomDoors: number[][] = Array.from({ length: this.roomCount }, () => []);
    doorCells.forEach((c, d) => {
      this.doorAt[c] = d;
      this.doorState[d] = this.kind[c] === Cell.LOCKED ? DOOR_LOCKED : DOOR_OPEN;
      const horizontal = [this.room[c - 1]!, this.room[c + 1]!];
      const vertical = [this.room[c - this.width]!, this.room[c + this.width]!];
      const sides = horizontal[0]! >= 0 || horizontal[1]! >= 0 ? horizontal : vertical;
      this.doorRoomA[d] = sides[0]!;
      this.doorRoomB[d] = sides[1]!;
      for (const r of sides) if (r >= 0 && !roomDoors[r]!.includes(d)) roomDoors[r]!.push(d);
    });
    this.roomDoorStart = new Int32Array(this.roomCount + 1);
    for (let r = 0; r < this.roomCount; r++)
      this.roomDoorStart[r + 1] = this.roomDoorStart[r]! + roomDoors[r]!.length;
    this.roomDoorList = Int32Array.from(roomDoors.flat());

    const exits = compiled.exits;
    this.exitCount = exits.length;
    this.exitRoom = Int16Array.from(exits, (e) => e.room);
    this.exitSealed = new Uint8Array(this.exitCount);
    this.exitTo = exits.map((e) => e.to);
    this.exitHazard = Float64Array.from(exits, (e) => e.hazard);
    this.exitReached = Float64Array.from(exits, (e) => e.reached);
    this.exitRoom.forEach((r, e) => {
      if (r >= 0) this.roomExit[r] = e;
    });
    for (let r = 0; r < this.roomCount; r++) {
      if (compiled.roomDoorsClosed[r] !== 1) continue;
      for (let k = this.roomDoorStart[r]!; k < this.roomDoorStart[r + 1]!; k++) {
        const d = this.roomDoorList[k]!;
        if (this.doorState[d] === DOOR_OPEN) this.doorState[d] = DOOR_CLOSED;
      }
    }
    this.legCost = [new Int8Array(this.cells), new Int8Array(this.cells)];
    for (let c = 0; c < this.cells; c++) this.updateCost(c);
  }

  /** Recomputes the walkers' entry costs of cell c. */
  private updateCost(c: number): void {
    const k = this.kind[c]!;
    let people = -1;
    let zombies = -1;
    if (k === Cell.FLOOR) {
      people = 0;
      zombies = 0;
    } else if (k === Cell.EXIT) {
      const e = this.roomExit[this.room[c]!]!;
      people = e >= 0 && this.exitSealed[e] === 1 ? -1 : 0;
      zombies = people;
    } else if (k === Cell.DOOR || k === Cell.LOCKED) {
      const d = this.doorAt[c]!;
      const s = this.doorState[d]!;
      if (s === DOOR_OPEN || s === DOOR_BROKEN) {
        people = 0;
        zombies = 0;
      } else if (s === DOOR_CLOSED) {
        // People open a shut door; zombies push through one with no barricade (see `Walker.bump`);
        // people inside may take their own barricade down (the walker checks the side).
        const barricaded = this.barricadeHp[d]! > 0;
        people = barricaded ? BARRICADE_EXTRA : DOOR_EXTRA;
        zombies = barricaded ? -1 : PUSH_EXTRA;
      }
    }
    this.legCost[0][c] = people;
    this.legCost[1][c] = zombies;
  }

  /** A door changed (its state or its barricade): entry costs and the door version follow. */
  touchDoor(d: number): void {
    this.updateCost(this.doorCell[d]!);
    this.doorVersion++;
  }

  /** Seals or unseals exit e. */
  sealExit(e: number, sealed: boolean): void {
    if ((this.exitSealed[e] === 1) === sealed) return;
    this.exitSealed[e] = sealed ? 1 : 0;
    const r = this.exitRoom[e]!;
    if (r >= 0)
      for (let k = this.roomCellStart[r]!; k < this.roomCellStart[r + 1]!; k++)
        this.updateCost(this.roomCellList[k]!);
    this.doorVersion++;
  }

  /** The padded cell index of a map position (floor, column, line). */
  index(floor: number, x: number, y: number): number {
    return floor * this.plane + (y + 1) * this.width + (x + 1);
  }

  /** Floor of a cell. */
  floorOf(c: number): number {
    return (c / this.plane) | 0;
  }

  /** Map column of a cell, in metres from the map's left edge to the cell's centre. */
  xOf(c: number): number {
    return ((c % this.plane) % this.width) - 0.5;
  }

  /** Map line of a cell, in metres from the map's top edge to the cell's centre. */
  yOf(c: number): number {
    return (((c % this.plane) / this.width) | 0) - 0.5;
  }

  /** True where people can stand (floor and exits, and open or broken doors). */
  standable(c: number): boolean {
    const k = this.kind[c]!;
    if (k === Cell.FLOOR || k === Cell.EXIT) return true;
    if (k === Cell.DOOR || k === Cell.LOCKED) {
      const s = this.doorState[this.doorAt[c]!]!;
      return s === DOOR_OPEN || s === DOOR_BROKEN;
    }
    return false;
  }

  /** Sets a door's state and marks the distance fields stale. */
  setDoor(d: number, state: number): void {
    if (this.doorState[d] === state) return;
    this.doorState[d] = state;
    this.touchDoor(d);
  }

  /** The other side of a door from room r. */
  otherSide(d: number, r: number): number {
    return this.doorRoomA[d] === r ? this.doorRoomB[d]! : this.doorRoomA[d]!;
  }

  private copyParsed(parsed: ParsedBuilding): void {
    for (let f = 0; f < parsed.floors; f++) {
      for (let y = 0; y < parsed.height; y++) {
        for (let x = 0; x < parsed.width; x++) {
          const from = (f * parsed.height + y) * parsed.width + x;
          const to = this.index(f, x, y);
          this.kind[to] = parsed.kind[from]!;
          this.flags[to] = parsed.flags[from]!;
          this.room[to] = parsed.room[from]!;
        }
      }
    }
  }
}
