/**
 * `replay.bin`: where every agent was, and in what state, every N ticks of an agents run, with the
 * floor plan, so that the viewer can play a run back without the scenario. Little-endian:
 *
 * | offset | type | field |
 * |---|---|---|
 * | 0 | u32 | magic `0x52444E55` (the bytes `UNDR`) |
 * | 4 | u16 | version, 1 |
 * | 6 | u16 | flags: bit 0, a floor plan follows the header |
 * | 8 | u32 | n, agents (with the slots reserved for humans added during the run) |
 * | 12 | u32 | F, frames |
 * | 16 | f64 | seconds between frames (the last frame may be closer) |
 * | 24 | f32 | metres per position unit (1/32) |
 * | 28 | u16 | W, cells across |
 * | 30 | u16 | H, cells down |
 * | 32 | u16 | floors |
 * | 34 | u16 | reserved, 0 |
 * | 36 | f32 | cell size, metres |
 * | 40 | u32 | M, bytes of floor plan (W·H·floors, or 0) |
 * | 44 | u8[M] | the plan: one cell kind a byte (0 void, 1 floor, 2 wall, 3 door, 4 locked door, 5 window, 6 exit), floor by floor, row by row from the top |
 * | 44 + M | frames | F frames, each 8 + 6n bytes |
 *
 * A frame is an f64 time (seconds, or ticks on an open plane) then, for each agent in creation
 * order, u16 x, u16 y (position units from the top-left corner of the map), u8 floor (255: gone
 * through an exit, or a reserved slot not made yet) and u8 state (0 human, 1 infected, 2 zombie, 3 immune, 4 immortal, 5 dead).
 * Positions saturate at 65535 units (2 km). `readReplay` decodes a file.
 */

export const REPLAY_MAGIC = 0x52444e55;
export const REPLAY_VERSION = 1;
const HEADER = 44;
/** Position units per metre. */
export const REPLAY_SCALE = 32;
export const AWAY_FLOOR = 255;

/** A decoded replay header, with the frames still packed. */
export interface Replay {
  readonly agents: number;
  readonly frames: number;
  readonly every: number;
  readonly width: number;
  readonly height: number;
  readonly floors: number;
  readonly cellSize: number;
  /** Cell kinds, W·H·floors bytes (empty without a plan). */
  readonly plan: Uint8Array;
  /** Decodes frame k into the given arrays (positions in metres) and returns its time. */
  frame(k: number, out: ReplayFrame): number;
}

/** One frame's arrays, allocated by the caller once (`newFrame`) and reused. */
export interface ReplayFrame {
  x: Float32Array;
  y: Float32Array;
  floor: Uint8Array;
  state: Uint8Array;
}

/** Arrays for `Replay.frame`. */
export function newFrame(agents: number): ReplayFrame {
  return {
    x: new Float32Array(agents),
    y: new Float32Array(agents),
    floor: new Uint8Array(agents),
    state: new Uint8Array(agents),
  };
}

/** Reads a replay file. Throws a RangeError with an exact message if the bytes are not one. */
export function readReplay(bytes: Uint8Array): Replay {
  if (bytes.length < HEADER)
    throw new RangeError(`a replay has a ${HEADER}-byte header; this is ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== REPLAY_MAGIC) throw new RangeError('not a replay file (bad magic)');
  const version = view.getUint16(4, true);
  if (version !== REPLAY_VERSION)
    throw new RangeError(`replay version ${version} is not supported (this reader knows ${REPLAY_VERSION})`);
  const agents = view.getUint32(8, true);
  const frames = view.getUint32(12, true);
  const every = view.getFloat64(16, true);
  const unit = view.getFloat32(24, true);
  const width = view.getUint16(28, true);
  const height = view.getUint16(30, true);
  const floors = view.getUint16(32, true);
  const cellSize = view.getFloat32(36, true);
  const planBytes = view.getUint32(40, true);
  const frameBytes = 8 + 6 * agents;
  const expected = HEADER + planBytes + frames * frameBytes;
  if (bytes.length !== expected)
    throw new RangeError(
      `a replay of ${agents} agents and ${frames} frames has ${expected} bytes, not ${bytes.length}`,
    );
  const plan = bytes.subarray(HEADER, HEADER + planBytes);
  return {
    agents,
    frames,
    every,
    width,
    height,
    floors,
    cellSize,
    plan,
    frame(k, out) {
      if (k < 0 || k >= frames) throw new RangeError(`frame ${k} is not in 0 … ${frames - 1}`);
      let at = HEADER + planBytes + k * frameBytes;
      const t = view.getFloat64(at, true);
      at += 8;
      for (let i = 0; i < agents; i++, at += 6) {
        out.x[i] = view.getUint16(at, true) * unit;
        out.y[i] = view.getUint16(at + 2, true) * unit;
        out.floor[i] = bytes[at + 4]!;
        out.state[i] = bytes[at + 5]!;
      }
      return t;
    },
  };
}

/**
 * Collects frames during a run into one buffer that starts with room for the header and the plan,
 * so that `bytes` hands the file over without copying it. The buffer doubles when full.
 */
export class ReplayWriter {
  private readonly n: number;
  private readonly frameBytes: number;
  private data: Uint8Array;
  private used: number;
  private frames = 0;

  /** `expected` frames are room for to begin with. */
  constructor(
    n: number,
    private readonly every: number,
    private readonly width: number,
    private readonly height: number,
    private readonly floors: number,
    private readonly cellSize: number,
    private readonly plan: Uint8Array,
    expected = 16,
  ) {
    this.n = n;
    this.frameBytes = 8 + 6 * n;
    this.used = HEADER + plan.length;
    this.data = new Uint8Array(this.used + Math.max(1, expected) * this.frameBytes);
    this.data.set(plan, HEADER);
  }

  /**
   * Adds a frame of an open plane: positions interleaved (x of agent i at 2i, y at 2i + 1, in
   * metres), floor 0, and states; the agents from `made` on are not made yet, and are away. The
   * hot case (a frame every tick), so read straight from `xy`.
   */
  addInterleaved(t: number, xy: Float64Array, state: Uint8Array, made: number): void {
    const n = this.n;
    const data = this.data;
    let at = this.startFrame(t);
    for (let i = made, k = at + 6 * made; i < n; i++, k += 6) {
      data.fill(0, k, k + 6);
      data[k + 4] = AWAY_FLOOR;
    }
    for (let i = 0; i < made; i++, at += 6) {
      const px = clampUnit(xy[2 * i]!);
      const py = clampUnit(xy[2 * i + 1]!);
      data[at] = px & 255;
      data[at + 1] = px >>> 8;
      data[at + 2] = py & 255;
      data[at + 3] = py >>> 8;
      data[at + 4] = 0;
      data[at + 5] = state[i]!;
    }
  }

  /** Adds a frame: positions in metres, floors (255 away) and states, per agent. */
  add(
    t: number,
    x: ArrayLike<number>,
    y: ArrayLike<number>,
    floor: ArrayLike<number>,
    state: Uint8Array,
  ): void {
    const n = this.n;
    const data = this.data;
    let at = this.startFrame(t);
    // Little-endian u16 pairs written byte by byte: no DataView call per agent.
    for (let i = 0; i < n; i++, at += 6) {
      const px = clampUnit(x[i]!);
      const py = clampUnit(y[i]!);
      data[at] = px & 255;
      data[at + 1] = px >>> 8;
      data[at + 2] = py & 255;
      data[at + 3] = py >>> 8;
      data[at + 4] = floor[i]!;
      data[at + 5] = state[i]!;
    }
  }

  get frameCount(): number {
    return this.frames;
  }

  /** The file: the header written over the room left for it, then the plan and the frames. */
  bytes(): Uint8Array {
    const view = new DataView(this.data.buffer);
    view.setUint32(0, REPLAY_MAGIC, true);
    view.setUint16(4, REPLAY_VERSION, true);
    view.setUint16(6, this.plan.length > 0 ? 1 : 0, true);
    view.setUint32(8, this.n, true);
    view.setUint32(12, this.frames, true);
    view.setFloat64(16, this.every, true);
    view.setFloat32(24, 1 / REPLAY_SCALE, true);
    view.setUint16(28, this.width, true);
    view.setUint16(30, this.height, true);
    view.setUint16(32, this.floors, true);
    view.setFloat32(36, this.cellSize, true);
    view.setUint32(40, this.plan.length, true);
    return this.data.subarray(0, this.used);
  }

  /** Makes room for a frame, writes its time and returns where its first agent goes. */
  private startFrame(t: number): number {
    if (this.used + this.frameBytes > this.data.length) {
      const grown = new Uint8Array(this.data.length * 2);
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    const at = this.used;
    new DataView(this.data.buffer).setFloat64(at, t, true);
    this.used += this.frameBytes;
    this.frames++;
    return at + 8;
  }
}

function clampUnit(metres: number): number {
  // Positions are never negative: rounding is adding a half and truncating.
  const v = (metres * REPLAY_SCALE + 0.5) | 0;
  return v < 0 ? 0 : Math.min(v, 65535);
}
