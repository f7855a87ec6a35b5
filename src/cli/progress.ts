/** How a long run shows its progress on stderr. */
export type ProgressMode = 'auto' | 'bar' | 'json' | 'none';

/** How a run ended, for the last progress line. */
export type ProgressStatus = 'done' | 'failed' | 'interrupted';

/**
 * A progress reporter: `update` often, `done` once the work is done, `finish` once at the very
 * end, with the run's status and output folder (or what went wrong).
 */
export interface ProgressReporter {
  /** `done` of `total` units (`runs`, or the scenario's time unit for a single run) are done. */
  update(done: number, total: number, unit: string): void;
  /** The work is done (the bar is full, and says the outputs are being written). */
  done(): void;
  /** The very end: NDJSON mode writes `{"status":"done","out":DIR}`, or the failure and its message. */
  finish(status: ProgressStatus, details: { out?: string; message?: string }): void;
}

const WIDTH = 30;

/** Whether this process has written its NDJSON status line (there is one at most). */
let statusWritten = false;

/**
 * The last NDJSON line, `{"status":…}`, unless one was written already: a run's reporter writes it,
 * and the command line for an error met before any run began (a bad flag), so that a script
 * reading `--progress json` always gets one.
 */
export function writeStatus(
  status: ProgressStatus,
  details: { out?: string; message?: string },
  stream: NodeJS.WritableStream = process.stderr,
): void {
  if (statusWritten) return;
  statusWritten = true;
  stream.write(`${JSON.stringify({ status, ...details })}\n`);
}

/**
 * A bar on a terminal (`auto` picks it only when stderr is one), or NDJSON lines for scripts:
 * `{"progress":0.25,"done":50,"total":200,"unit":"runs","elapsed":1.2,"eta":3.6,"label":…}`, and
 * at the end one `{"status":"done","out":"runs/…"}` (or `failed`/`interrupted` with a `message`).
 * Updates are throttled, so callers may report as often as they like.
 */
export function progressReporter(
  mode: ProgressMode,
  label: string,
  stream = process.stderr,
): ProgressReporter {
  const kind = mode === 'auto' ? (stream.isTTY ? 'bar' : 'none') : mode;
  if (kind === 'none') return { update() {}, done() {}, finish() {} };
  const started = performance.now();
  let last = -Infinity;
  let lastFraction = -1;
  let lastDone = { done: 0, total: 1, unit: 'runs' };
  let finished = false;
  // The share done when the first update came: a resumed run starts with its checkpoint's share
  // done, which took none of this process's time, so the pace is that of the share done since.
  let startFraction: number | undefined;
  const elapsed = () => (performance.now() - started) / 1000;
  const draw = (done: number, total: number, unit: string) => {
    const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
    const seconds = elapsed();
    startFraction ??= fraction < 1 ? fraction : 0;
    const gained = fraction - startFraction;
    const eta = gained > 0 ? (seconds * (1 - fraction)) / gained : null;
    if (kind === 'json') {
      const line = {
        progress: Number(fraction.toFixed(4)),
        done: Number(done.toPrecision(12)),
        total,
        unit,
        elapsed: Number(seconds.toFixed(2)),
        eta: eta === null ? null : Number(eta.toFixed(2)),
        label,
      };
      stream.write(`${JSON.stringify(line)}\n`);
      return;
    }
    const filled = Math.round(fraction * WIDTH);
    const etaText = eta !== null && fraction < 1 ? ` ETA ${formatSeconds(eta)}` : '';
    const detail = unit === 'runs' && total > 1 ? ` ${Math.floor(done)}/${total} runs` : '';
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%${etaText}${detail}\x1b[K`,
    );
  };
  return {
    update(done, total, unit) {
      const fraction = total > 0 ? done / total : 1;
      lastDone = { done, total, unit };
      const now = performance.now();
      if (now - last < 100 && fraction < 1) return;
      if (kind === 'json' && fraction === lastFraction) return;
      last = now;
      lastFraction = fraction;
      draw(done, total, unit);
    },
    done() {
      if (lastFraction < 1) draw(lastDone.total, lastDone.total, lastDone.unit);
      lastFraction = 1;
      // Writing a large ensemble's files takes seconds of its own (16 s for 500 runs of 10,001 rows).
      if (kind === 'bar') stream.write(`\n${label}: writing the outputs…\n`);
    },
    finish(status, details) {
      if (finished) return;
      finished = true;
      if (kind !== 'json') return;
      writeStatus(status, details, stream);
    },
  };
}

/** A time left for a progress bar: `45s`, `1m5s`, `2h3m`. */
export function formatSeconds(seconds: number): string {
  // Rounded once, then split: rounding the seconds alone printed 119.6 s as 1m60s.
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  return minutes < 60 ? `${minutes}m${whole % 60}s` : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}
