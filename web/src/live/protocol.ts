/**
 * The messages between the page and the live-run worker. The page sends commands; the worker
 * answers each with a frame (or an error), so the page always draws the latest state it was sent.
 */
import type { InputIssue } from '../../../src/core/errors.js';
import type { Intervention, LoggedIntervention } from '../../../src/model/intervention.js';
import type { HostRecord } from '../../../src/scenario/raster/recorded-host.js';
import type { LiveMoment } from './live-moments.js';

/** What a live run is made from: the scenario's text and how to run it. */
export interface LiveSetup {
  /** The scenario's YAML text. */
  readonly text: string;
  /** Its file name, for error messages (`FILE:LINE:COL: FIELD: message`). */
  readonly file: string;
  /** `--set NAME=VALUE` overrides. */
  readonly sets: readonly string[];
  /** The engine; the scenario's own when absent. */
  readonly engine?: string;
  readonly seed: number;
  /** What compiling the scenario read in Node (a lattice's raster file or places); absent if nothing. */
  readonly host?: HostRecord;
}

/** Live speed: simulated time per second of wall time, or as fast as the worker can go. */
export type LiveSpeed = number | 'max';

/** A command to the worker. */
export type LiveCommand =
  /** Parses, compiles and starts a run at t = 0 (paused). */
  | { readonly type: 'load'; readonly setup: LiveSetup }
  /** Starts the run again from t = 0 with this seed (its sets and engine unchanged); interventions are dropped. */
  | { readonly type: 'seed'; readonly seed: number }
  /** Starts the run again from t = 0 with these sets (and seed); interventions are dropped. */
  | { readonly type: 'reset'; readonly sets: readonly string[]; readonly seed: number }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  /** Advances n ticks (agents) or output steps (the other engines), then pauses. */
  | { readonly type: 'step'; readonly n: number }
  | { readonly type: 'speed'; readonly speed: LiveSpeed }
  /** Applies an intervention now (logged, and replayed when seeking back over it). */
  | { readonly type: 'control'; readonly intervention: Intervention }
  /** Shows time t: forward by running, back by restoring the nearest snapshot and running forward. */
  | { readonly type: 'seek'; readonly t: number }
  /** Asks for the agents' traits and the event log so far (answered by `LiveRecords`, not a frame). */
  | { readonly type: 'records' }
  /** Asks for the files that reproduce the run with the CLI (answered by `LiveOutputs`, not a frame). */
  | { readonly type: 'outputs' }
  /** Lattice: which compartment's density the frames carry. */
  | { readonly type: 'map'; readonly compartment: number }
  /** Lattice: follow this cell (its counts and series come with every frame); x from the west, y from the north. */
  | { readonly type: 'watch'; readonly x: number; readonly y: number };

/** What the run is, sent once after each `load`, `seed` or `reset`. */
export interface LiveReady {
  readonly type: 'ready';
  /** The scenario's `name` (a built-in's is its name for `undead view`). */
  readonly name: string;
  readonly title: string;
  readonly engine: string;
  readonly seed: number;
  readonly sets: readonly string[];
  readonly compartments: readonly string[];
  readonly until: number;
  readonly every: number;
  /** One tick (agents) or one output step. */
  readonly tick: number;
  readonly unit: string;
  /** The scenario's events, and the world's named events, that `fire` can name. */
  readonly events: readonly string[];
  /** Agents: the replay header and floor plan (a `replay.bin` of no frames); absent for the counting engines. */
  readonly plan?: Uint8Array;
  readonly agents: number;
  /** Agents: the time between the frames a replay would keep (the overlays fade over a few); 0 otherwise. */
  readonly replayEvery: number;
  /** Named characters: agent number and name. */
  readonly named: readonly (readonly [number, string])[];
  /** Everyone at t = 0 (the sum of the counts): the charts' scale. */
  readonly total: number;
  /** Agents: the top-level groups (students, staff …) whose counts `LiveFrame.groupRows` carries; none otherwise. */
  readonly groups: readonly string[];
  /** The lattice engine: the map's layout; absent for the other engines. */
  readonly lattice?: LatticeLayout;
}

/** What a lattice map is, sent once with `ready`. */
export interface LatticeLayout {
  readonly width: number;
  readonly height: number;
  readonly cellKm: number;
  /** 1 for an open cell, 0 for a closed one (sea), row-major from the north-west corner. */
  readonly open: Uint8Array;
  /** The most people in one cell at t = 0: the top of the density scale. */
  readonly peak: number;
  /** The named regions and their cells. */
  readonly regions: readonly { readonly name: string; readonly cells: Uint32Array }[];
  /** The compartment whose arrival is timed (the zombies), or −1. */
  readonly attacker: number;
}

/** A lattice frame's map: one compartment's count in each cell, and each cell's arrival time. */
export interface LatticeFrame {
  readonly compartment: number;
  /** People of `compartment` in each cell. */
  readonly density: Float32Array;
  /** When the first zombie reached each cell; NaN for a cell not reached. */
  readonly arrival: Float32Array;
  /** The cell watched, if any. */
  readonly cell?: LatticeCell;
}

/** A watched cell: when it was reached, its counts now, and its series and its regions' on the rows observed. */
export interface LatticeCell {
  readonly x: number;
  readonly y: number;
  readonly open: boolean;
  /** NaN: not reached yet. */
  readonly arrival: number;
  /** The cell's counts on the rows observed, row-major (`rows × compartments`). */
  readonly series: Float64Array;
  /** The named regions that hold the cell, with their counts on the rows observed. */
  readonly regions: readonly { readonly name: string; readonly series: Float64Array }[];
}

/** The state now, posted after every command and while playing (at most once per chunk of work). */
export interface LiveFrame {
  readonly type: 'frame';
  readonly t: number;
  readonly playing: boolean;
  /** `observe` now, in `compartments` order. */
  readonly counts: Float64Array;
  /** Output rows `firstRow` … observed since the last frame (or rewritten), row-major. */
  readonly firstRow: number;
  readonly rows: Float64Array;
  /** The groups' counts on the same rows: `[(row · groups + g) · 6 + state]`, states in the agents' order. */
  readonly groupRows: Float64Array;
  /** The run's moments so far (those of the rows observed), in time order. */
  readonly moments: readonly LiveMoment[];
  /** Rows observed so far: the rows at or after it are stale (after a seek back). */
  readonly rowCount: number;
  /** Agents: a one-frame `replay.bin` (positions and states now); empty otherwise. */
  readonly agentsNow: Uint8Array;
  /** Agents in a building: each door's state now (`Space.doorStates`); empty otherwise. */
  readonly doors: Uint8Array;
  readonly interventions: readonly LoggedIntervention[];
  /** The lattice engine's map now; absent for the other engines, and from some frames of a large map while it plays. */
  readonly lattice?: LatticeFrame;
  /** Answers the command with this number (0 for frames while playing). */
  readonly answer: number;
}

/** A command that failed: input errors of the scenario, or an intervention the engine refused. */
export interface LiveError {
  readonly type: 'error';
  readonly message: string;
  /** Input problems, each to show as `FILE:LINE:COL: FIELD: message`. */
  readonly issues: readonly InputIssue[];
  readonly answer: number;
}

/**
 * The agents engine's records at time t, as a finished run writes them: `agents.csv` (traits) and
 * `events.jsonl` (the log so far), for the inspector and the overlays. Empty for the counting engines.
 */
export interface LiveRecords {
  readonly type: 'records';
  readonly t: number;
  readonly agentsCsv: string;
  readonly eventsJsonl: string;
  readonly answer: number;
}

/**
 * The run at time t as files that reproduce it with the CLI (see `live-outputs.ts`): the scenario,
 * `interventions.jsonl`, `README.txt` with the command, and the outputs so far, keyed by path.
 */
export interface LiveOutputs {
  readonly type: 'outputs';
  readonly t: number;
  readonly files: Readonly<Record<string, string>>;
  readonly answer: number;
}

/** A message from the worker. */
export type LiveMessage = LiveReady | LiveFrame | LiveError | LiveRecords | LiveOutputs;

/** What answers a command: a frame, the records or outputs asked for, or an error. */
export type LiveAnswer = LiveFrame | LiveError | LiveRecords | LiveOutputs;

/** A command with the number its answer will carry. */
export interface NumberedCommand {
  readonly id: number;
  readonly command: LiveCommand;
}
