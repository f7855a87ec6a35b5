/**
 * Whole numbers of people from a raster's values (WorldPop's are fractional, and the cities
 * raster's are shares of towns), keeping the total: each cell gets its running total rounded
 * less the running total before it, round(Σ₀ᵏ v) − round(Σ₀ᵏ⁻¹ v). Every cell is within 1 of its
 * value, the whole is the value's total rounded, and a whole-number raster is kept exactly.
 * Cells of 0 stay 0. Deterministic: row-major order, no randomness.
 */
export function wholeCounts(values: Float64Array): Float64Array {
  const counts = new Float64Array(values.length);
  let running = 0;
  let given = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (v === 0) continue;
    running += v;
    const whole = Math.round(running);
    counts[k] = Math.max(0, whole - given);
    given += counts[k]!;
  }
  return counts;
}
