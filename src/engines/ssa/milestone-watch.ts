import type { Milestones, Overtake } from '../engine.js';

/**
 * Milestones of a stochastic run: a compartment dies out when its count hits 0, timed exactly by
 * the kernels (which write `extinct`); overtakes are read off the output grid, as the summary
 * would read them.
 */
export class MilestoneWatch {
  /** Per compartment: when its count first hit 0 (a compartment that starts empty has not died out), NaN while it has not. */
  readonly extinct: Float64Array;
  private readonly pending: Uint8Array;
  private readonly overtakes: Overtake[] = [];
  private readonly n: number;

  /** Starts watching from the initial counts. */
  constructor(initial: Float64Array) {
    const n = initial.length;
    this.n = n;
    this.extinct = new Float64Array(n).fill(Number.NaN);
    this.pending = new Uint8Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) this.pending[a * n + b] = a !== b && initial[a]! <= initial[b]! ? 1 : 0;
    }
  }

  /** After an event's jump at time t: compartments it emptied. */
  jumped(y: Float64Array, t: number): void {
    for (let i = 0; i < this.n; i++) if (y[i] === 0 && Number.isNaN(this.extinct[i]!)) this.extinct[i] = t;
  }

  /** At an output time t: overtakes since the last one. */
  observed(y: Float64Array, t: number): void {
    const n = this.n;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        if (this.pending[a * n + b] === 1 && y[a]! > y[b]!) {
          this.pending[a * n + b] = 0;
          this.overtakes.push({ a, b, t });
        }
      }
    }
  }

  /** A copy of the milestones so far. */
  milestones(): Milestones {
    return { extinct: this.extinct.slice(), overtakes: [...this.overtakes] };
  }
}
