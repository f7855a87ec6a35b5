import type { Network } from './network.js';

/** The deterministic rate of reaction j: k·Πᵢ Xᵢ^nᵢ for mass action, or the law's value. */
export function deterministicRate(
  net: Network,
  j: number,
  x: Float64Array,
  p: Float64Array,
  t: number,
): number {
  let rate = net.coefficient[j]!(x, p, t);
  if (net.massAction[j] === 0) return rate;
  for (let k = net.reactantStart[j]!, end = net.reactantStart[j + 1]!; k < end; k++) {
    const value = x[net.reactantIndex[k]!]!;
    for (let n = net.reactantCount[k]!; n > 0; n--) rate *= value;
  }
  return rate;
}

/**
 * The stochastic propensity of reaction j: k·Πᵢ C(Xᵢ, nᵢ) for mass action, so `2 X` gives
 * k·X(X−1)/2; an explicit law is used as it stands. Not clamped: a NaN, infinite or negative
 * value is the caller's to refuse (see `rate-failure.ts`).
 */
export function stochasticPropensity(
  net: Network,
  j: number,
  x: Float64Array,
  p: Float64Array,
  t: number,
): number {
  let rate = net.coefficient[j]!(x, p, t);
  if (net.massAction[j] === 0) return rate;
  for (let k = net.reactantStart[j]!, end = net.reactantStart[j + 1]!; k < end; k++) {
    const value = x[net.reactantIndex[k]!]!;
    const count = net.reactantCount[k]!;
    for (let n = 0; n < count; n++) rate *= (value - n) / (n + 1);
  }
  return rate;
}

/**
 * The right-hand side dx/dt of the mean-field ODE, reading parameters from `p` (events may change it).
 * Mass-action reactions of order ≤ 2 with a bare-parameter rate take a branch-free path over a copy
 * of the state with a trailing 1, so k·X·Y, k·X and k read alike; the rest call their rate closures.
 * The ODE engine prefers `compileDerivatives` (the same numbers, compiled to WebAssembly) and keeps
 * this as its fallback.
 */
export function derivativesOf(
  net: Network,
  p: Float64Array,
): (t: number, x: Float64Array, dx: Float64Array) => void {
  const reactions = net.reactionNames.length;
  const n = net.compartments.length;
  const { changeStart, changeIndex, changeAmount, reactantStart, reactantIndex, reactantCount } = net;
  const { coefficientParameter } = net;
  const extended = new Float64Array(n + 1);
  extended[n] = 1;
  const first = new Int32Array(reactions).fill(n);
  const second = new Int32Array(reactions).fill(n);
  const fast = new Uint8Array(reactions);
  for (let j = 0; j < reactions; j++) {
    const slots: number[] = [];
    for (let r = reactantStart[j]!; r < reactantStart[j + 1]! && net.massAction[j] === 1; r++) {
      for (let m = 0; m < reactantCount[r]!; m++) slots.push(reactantIndex[r]!);
    }
    const bareLaw = net.massAction[j] === 0 && slots.length === 0;
    if (coefficientParameter[j]! >= 0 && (bareLaw || (net.massAction[j] === 1 && slots.length <= 2))) {
      fast[j] = 1;
      first[j] = slots[0] ?? n;
      second[j] = slots[1] ?? n;
    }
  }
  return (t, x, dx) => {
    for (let i = 0; i < n; i++) {
      extended[i] = x[i]!;
      dx[i] = 0;
    }
    for (let j = 0; j < reactions; j++) {
      const rate =
        fast[j] === 1
          ? p[coefficientParameter[j]!]! * extended[first[j]!]! * extended[second[j]!]!
          : deterministicRate(net, j, x, p, t);
      for (let c = changeStart[j]!, end = changeStart[j + 1]!; c < end; c++) {
        const i = changeIndex[c]!;
        dx[i] = dx[i]! + changeAmount[c]! * rate;
      }
    }
  };
}
