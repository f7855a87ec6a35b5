/** How a long run shows its progress on stderr. */
export type ProgressMode = 'auto' | 'bar' | 'json' | 'none';

/** A progress reporter: `update(fraction)` often, `done()` once. */
export interface ProgressReporter {
  update(fraction: number, detail?: string): void;
  done(): void;
}

const WIDTH = 30;

/**
 * A bar on a terminal (`auto` picks it only when stderr is one), or NDJSON lines for scripts.
 * Updates are throttled, so callers may report as often as they like.
 */
export function progressReporter(
  mode: ProgressMode,
  label: string,
  stream = process.stderr,
): ProgressReporter {
  const kind = mode === 'auto' ? (stream.isTTY ? 'bar' : 'none') : mode;
  if (kind === 'none') return { update() {}, done() {} };
  const started = performance.now();
  let last = -Infinity;
  let lastFraction = -1;
  const elapsed = () => (performance.now() - started) / 1000;
  const draw = (fraction: number, detail?: string) => {
    const seconds = elapsed();
    if (kind === 'json') {
      const eta = fraction > 0 ? (seconds * (1 - fraction)) / fraction : null;
      stream.write(
        `${JSON.stringify({ progress: Number(fraction.toFixed(4)), elapsed: Number(seconds.toFixed(2)), eta: eta === null ? null : Number(eta.toFixed(2)), label, ...(detail ? { detail } : {}) })}\n`,
      );
      return;
    }
    const filled = Math.round(fraction * WIDTH);
    const eta =
      fraction > 0 && fraction < 1 ? ` ETA ${formatSeconds((seconds * (1 - fraction)) / fraction)}` : '';
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%${eta}${detail ? ` ${detail}` : ''}\x1b[K`,
    );
  };
  return {
    update(fraction, detail) {
      const now = performance.now();
      if (now - last < 100 && fraction < 1) return;
      if (kind === 'json' && fraction === lastFraction) return;
      last = now;
      lastFraction = fraction;
      draw(Math.min(1, Math.max(0, fraction)), detail);
    },
    done() {
      if (lastFraction < 1) draw(1);
      if (kind === 'bar') stream.write('\n');
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${Math.round(seconds % 60)}s`
    : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}
