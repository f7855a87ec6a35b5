/**
 * The live run's worker: the simulation runs here, off the page's thread, so drawing never slows
 * it and it never freezes the page. It answers every command with a frame; while playing it runs
 * in chunks, each as much simulated time as the speed asks for the wall time since the last (at
 * `max`, to the end), within a budget of wall time, and posts a frame after each.
 */
import { liveOutputs } from './live-outputs.js';
import { describeFailure, LiveRun } from './live-run.js';
import type {
  LiveCommand,
  LiveFrame,
  LiveOutputs,
  LiveRecords,
  LiveSpeed,
  NumberedCommand,
} from './protocol.js';

/** Wall time a chunk may run, in milliseconds: frames stay frequent and commands are answered at once. */
const CHUNK_MS = 30;
/** Wall time between chunks at a set speed, in milliseconds. */
const PACE_MS = 16;
/**
 * A lattice's map goes with a frame that answers a command, and with a frame of a playing run at
 * most once in this many milliseconds per 20,000 cells (never less often than `LATTICE_MAX_MS`):
 * usa-cities' 1.6 million cells are 13 MB a frame, sent ten times a second rather than thirty.
 */
const LATTICE_MS_PER_CELL = 1 / 20_000;
const LATTICE_MAX_MS = 250;

/** The worker's side of its channel (the page's DOM types do not describe a worker's global scope). */
const scope = self as unknown as {
  onmessage: (event: MessageEvent<NumberedCommand>) => void;
  postMessage(message: unknown, transfer?: Transferable[]): void;
};
let run: LiveRun | undefined;
let playing = false;
let speed: LiveSpeed = 60;
let lastWall = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let latticeSentAt = Number.NEGATIVE_INFINITY;

scope.onmessage = (event: MessageEvent<NumberedCommand>) => {
  const { id, command } = event.data;
  try {
    if (command.type === 'records') {
      const records: LiveRecords = { type: 'records', t: current().time, ...current().records(), answer: id };
      scope.postMessage(records);
      return;
    }
    if (command.type === 'outputs') {
      const outputs: LiveOutputs = {
        type: 'outputs',
        t: current().time,
        files: liveOutputs(current()),
        answer: id,
      };
      scope.postMessage(outputs);
      return;
    }
    handle(command);
    if (command.type === 'load' || command.type === 'seed' || command.type === 'reset')
      scope.postMessage(run!.ready());
    post(id);
  } catch (error) {
    scope.postMessage({ type: 'error', answer: id, ...describeFailure(error) });
  }
};

function handle(command: LiveCommand): void {
  switch (command.type) {
    case 'load':
      stop();
      run = new LiveRun(command.setup);
      return;
    case 'seed':
      stop();
      run = new LiveRun({ ...current().setup, seed: command.seed });
      return;
    case 'reset':
      stop();
      run = new LiveRun({ ...current().setup, sets: command.sets, seed: command.seed });
      return;
    case 'play':
      if (current().time >= current().until) current().seek(0);
      playing = true;
      lastWall = performance.now();
      schedule();
      return;
    case 'pause':
      stop();
      return;
    case 'step':
      stop();
      current().step(wholeAtLeastOne('step', command.n));
      return;
    case 'speed':
      speed = command.speed === 'max' ? 'max' : positive('speed', command.speed);
      return;
    case 'control':
      current().control(command.intervention);
      return;
    case 'seek':
      current().seek(finite('seek', command.t));
      return;
    case 'map': {
      const { compartment } = command;
      const lattice = current().lattice;
      if (lattice === undefined) throw new Error('only a lattice run has a map of densities');
      if (!Number.isInteger(compartment) || current().engine.compartments[compartment] === undefined)
        throw new Error(`no compartment ${compartment}`);
      lattice.compartment = compartment;
      return;
    }
    case 'watch':
      current().watch(command.x, command.y);
      return;
    case 'records':
    case 'outputs':
      return;
  }
}

// A command's number is checked here: a run advanced to NaN never reaches it, and the worker hung.
function finite(what: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`${what}: ${value} is not a finite number`);
  return value;
}

function positive(what: string, value: number): number {
  if (!(finite(what, value) > 0)) throw new Error(`${what}: ${value} must be more than 0`);
  return value;
}

function wholeAtLeastOne(what: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what}: ${value} must be a whole number ≥ 1`);
  return value;
}

function current(): LiveRun {
  if (run === undefined) throw new Error('no scenario is loaded');
  return run;
}

function stop(): void {
  playing = false;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}

function schedule(): void {
  if (timer === undefined) timer = setTimeout(chunk, speed === 'max' ? 0 : PACE_MS);
}

/** Runs one chunk of a playing run and posts its frame. */
function chunk(): void {
  timer = undefined;
  const live = run;
  if (!playing || live === undefined) return;
  const now = performance.now();
  try {
    // Never more than a chunk's budget of work, so that a pause is answered at once; a run slower
    // than its speed falls behind the wall clock rather than blocking.
    const end = now + CHUNK_MS;
    const target = speed === 'max' ? live.until : live.time + ((now - lastWall) / 1000) * speed;
    do live.advance(Math.min(target, live.time + live.tick));
    while (live.time < target && performance.now() < end);
  } catch (error) {
    stop();
    scope.postMessage({ type: 'error', answer: 0, ...describeFailure(error) });
  }
  lastWall = now;
  if (live.time >= live.until) playing = false;
  post(0);
  if (playing) schedule();
}

/** Posts the state now; its arrays are transferred, not copied. */
function post(answer: number): void {
  const live = run;
  if (live === undefined) return;
  const counts = new Float64Array(live.engine.compartments.length);
  live.engine.observe(counts);
  const { first, rows, groupRows } = live.takeRows();
  const agentsNow = live.agentsNow();
  const doors = live.doorsNow();
  const now = performance.now();
  const cells =
    live.compiled.lattice === undefined ? 0 : live.compiled.lattice.width * live.compiled.lattice.height;
  const due = answer !== 0 || now - latticeSentAt >= Math.min(LATTICE_MAX_MS, cells * LATTICE_MS_PER_CELL);
  const lattice = due ? live.latticeNow() : undefined;
  if (lattice !== undefined) latticeSentAt = now;
  const frame: LiveFrame = {
    type: 'frame',
    t: live.time,
    playing,
    counts,
    firstRow: first,
    rows,
    groupRows,
    moments: live.moments(),
    rowCount: live.rows,
    agentsNow,
    doors,
    interventions: live.interventions(),
    ...(lattice === undefined ? {} : { lattice }),
    answer,
  };
  const transfer = [counts.buffer, rows.buffer, groupRows.buffer];
  if (agentsNow.byteLength > 0) transfer.push(agentsNow.buffer as ArrayBuffer);
  if (doors.byteLength > 0) transfer.push(doors.buffer as ArrayBuffer);
  if (lattice !== undefined) {
    transfer.push(lattice.density.buffer as ArrayBuffer, lattice.arrival.buffer as ArrayBuffer);
    if (lattice.cell !== undefined) transfer.push(lattice.cell.series.buffer as ArrayBuffer);
  }
  scope.postMessage(frame, transfer as Transferable[]);
}
