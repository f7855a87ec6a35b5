/**
 * The checkpoints of `undead run --checkpoint-every T`, on disk. They live in a hidden folder beside
 * the output folder: for `--out runs/x`, `runs/.x.checkpoint/` (beside the staging folder
 * `runs/.x.partial-PID`, which a killed run leaves for the next run to clean up; the checkpoint
 * folder is kept until the run it belongs to is finished). It holds:
 * - `run.json`: the run itself (its scenario text, settings, seed, engine and flags), written once;
 * - `progress.json`: for a single run, the rows so far and the engine's snapshot, replaced at
 *   each checkpoint;
 * - `replicates-F-C.json`: for an ensemble, replicates F … F + C − 1, one file per finished chunk.
 * Every file is written whole under a temporary name, flushed to the disk and renamed, so a run
 * killed at any moment (`kill -9`, a power cut) leaves each file as it was before or after. Each
 * file's first line is a fingerprint of the rest: a file damaged since is refused, never read
 * into a wrong run.
 */

import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { fingerprint } from '../core/fingerprint.js';

const RUN_FILE = 'run.json';
const PROGRESS_FILE = 'progress.json';
/** The process id of the process running the run, so that `undead resume` never runs it twice at once. */
const OWNER_FILE = 'running.pid';
const REPLICATES = /^replicates-(\d+)-(\d+)\.json$/;

/** The checkpoint folder of the output folder `out`: `.NAME.checkpoint` beside it. */
export function checkpointFolder(out: string): string {
  const dir = resolve(out);
  return join(dirname(dir), `.${basename(dir)}.checkpoint`);
}

/** A single run's state at a checkpoint: its first `rows` rows, and the engine after them. */
export interface RunProgress {
  readonly rows: number;
  readonly values: Float64Array;
  readonly snapshot: Uint8Array;
}

/** A chunk of finished replicates, as `packTrajectories` packs them, with their extras. */
export interface FinishedChunk {
  readonly first: number;
  readonly count: number;
  readonly packed: Float64Array;
  readonly extras: readonly unknown[];
}

/** The checkpoint folder of one run. */
export class CheckpointStore {
  constructor(readonly dir: string) {}

  /** Whether the folder holds a run to continue. */
  exists(): boolean {
    return existsSync(join(this.dir, RUN_FILE));
  }

  /** Starts the folder afresh with the run's description. */
  begin(run: unknown): void {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    this.write(RUN_FILE, encodeData(run));
  }

  /** Marks the folder as this process's, which is running the run (or resuming it). */
  claim(): void {
    writeFileSync(join(this.dir, OWNER_FILE), `${process.pid}\n`);
  }

  /**
   * The process running the run now, if it is another one still alive; undefined once it has
   * ended (killed: the checkpoint is there to resume) or for a folder no process claimed.
   */
  runningProcess(): number | undefined {
    let pid: number;
    try {
      pid = Number(readFileSync(join(this.dir, OWNER_FILE), 'utf8').trim());
    } catch {
      return undefined;
    }
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
    try {
      process.kill(pid, 0);
      return pid;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
    }
  }

  /** The run's description, as `begin` was given it. */
  run(): unknown {
    return this.read(RUN_FILE);
  }

  saveProgress(progress: RunProgress): void {
    this.write(PROGRESS_FILE, encodeData(progress));
  }

  /** The last single-run checkpoint, if one was written. */
  progress(): RunProgress | undefined {
    const path = join(this.dir, PROGRESS_FILE);
    return existsSync(path) ? (this.read(PROGRESS_FILE) as RunProgress) : undefined;
  }

  saveChunk(chunk: FinishedChunk): void {
    this.write(`replicates-${chunk.first}-${chunk.count}.json`, encodeData(chunk));
  }

  /** Every chunk of finished replicates saved so far. */
  chunks(): FinishedChunk[] {
    return readdirSync(this.dir)
      .filter((name) => REPLICATES.test(name))
      .map((name) => this.read(name) as FinishedChunk);
  }

  /** Whether anything of the run was saved: a single run's progress, or a chunk of replicates. */
  holdsWork(): boolean {
    return readdirSync(this.dir).some((name) => name === PROGRESS_FILE || REPLICATES.test(name));
  }

  /** Deletes the folder: the run is finished, or failed in a way that resuming would repeat. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Reads a file `write` wrote, refusing one whose fingerprint does not match its contents. */
  private read(name: string): unknown {
    const path = join(this.dir, name);
    const damaged = (why: string): never => {
      throw new InputError([
        {
          file: path,
          line: 1,
          col: 1,
          path: '(file)',
          message: `the checkpoint is damaged (${why}); delete its folder and run again`,
        },
      ]);
    };
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      damaged(`it cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const newline = text.indexOf('\n');
    const body = text.slice(newline + 1);
    if (newline < 0 || text.slice(0, newline) !== fingerprint(body))
      damaged('its contents do not match their fingerprint');
    return decodeData(body);
  }

  /**
   * Writes a file whole, its fingerprint on the first line: to a temporary name, flushed to the
   * disk, then renamed into place.
   */
  private write(name: string, body: string): void {
    const text = `${fingerprint(body)}\n${body}`;
    const path = join(this.dir, name);
    const temporary = `${path}.tmp-${process.pid}`;
    // The owner's alone: run.json holds the run's flags, a --queue password among them.
    const fd = openSync(temporary, 'w', 0o600);
    try {
      const bytes = Buffer.from(text);
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  }
}

/** The typed arrays a checkpoint holds, tagged by name in its JSON. */
const ARRAYS = { Float64Array, Uint8Array } as const;
type ArrayTag = keyof typeof ARRAYS;

/**
 * JSON in which typed arrays are kept byte for byte (as base64, tagged with their type), and the
 * numbers JSON has no text for (NaN, ±Infinity, -0) are tagged too, so that every value reads
 * back exactly.
 */
export function encodeData(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)))
      return { $number: Object.is(v, -0) ? '-0' : String(v) };
    for (const [tag, type] of Object.entries(ARRAYS))
      if (v instanceof type)
        return { $typed: tag, base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    return v;
  });
}

/** Reads what `encodeData` wrote. */
export function decodeData(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null) return v;
    if ('$number' in v) return Number((v as { $number: string }).$number);
    if (!('$typed' in v)) return v;
    const { $typed, base64 } = v as { $typed: ArrayTag; base64: string };
    const bytes = Buffer.from(base64, 'base64');
    const type = ARRAYS[$typed];
    // Copied into a buffer of its own, aligned for the element type.
    const copy = new Uint8Array(bytes.length);
    copy.set(bytes);
    return new type(copy.buffer, 0, bytes.length / type.BYTES_PER_ELEMENT);
  });
}
