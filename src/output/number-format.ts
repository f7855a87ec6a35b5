/** A time on the output grid, without the float noise of k·every (0.30000000000000004 → 0.3). */
export function formatTime(t: number): string {
  return String(Number(t.toPrecision(12)));
}

/** A value as the shortest text that reads back to the same double: deterministic on every machine. */
export function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(v);
}

/** A value rounded for people: 4 significant digits, no exponent for ordinary sizes. */
export function formatHuman(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e9) return String(Number(v.toPrecision(5)));
  return v.toExponential(3);
}
