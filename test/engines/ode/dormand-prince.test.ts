import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SnapshotReader, SnapshotWriter } from '../../../src/core/snapshot-codec.js';
import { type Derivatives, DormandPrince } from '../../../src/engines/ode/dormand-prince.js';
import { findRoot } from '../../../src/engines/ode/find-root.js';

// Oracles are closed forms, never a second run of the integrator.

/** y' = -y + sin t, y(0) = 1, solved by y = 3/2·e^{-t} + (sin t − cos t)/2. */
const forced: Derivatives = (t, y, dydt) => {
  dydt[0] = -y[0]! + Math.sin(t);
};
const forcedExact = (t: number): number => 1.5 * Math.exp(-t) + (Math.sin(t) - Math.cos(t)) / 2;

/** y'' = -y as (x, v), x(0) = 1, v(0) = 0, solved by (cos t, −sin t). */
const oscillator: Derivatives = (_t, y, dydt) => {
  dydt[0] = y[1]!;
  dydt[1] = -y[0]!;
};

/** Logistic growth y' = r·y·(1 − y/K), solved by K / (1 + (K/y0 − 1)·e^{−rt}). */
const RATE = 1.3;
const CAPACITY = 10;
const LOGISTIC_Y0 = 0.1;
const logistic: Derivatives = (_t, y, dydt) => {
  dydt[0] = RATE * y[0]! * (1 - y[0]! / CAPACITY);
};
const logisticExact = (t: number): number =>
  CAPACITY / (1 + (CAPACITY / LOGISTIC_Y0 - 1) * Math.exp(-RATE * t));

/** Runs to `tEnd`, calling `each` after every accepted step. */
function run(ode: DormandPrince, tEnd: number, each?: (ode: DormandPrince) => void): void {
  while (ode.t < tEnd) {
    ode.step(tEnd);
    each?.(ode);
  }
}

/** Global error at t = 5 of y' = -y + sin t with a fixed step h. */
function forcedErrorAt5(h: number): number {
  const ode = new DormandPrince(1, forced, { fixedStep: h });
  ode.reset(0, [1]);
  run(ode, 5);
  return Math.abs(ode.y[0]! - forcedExact(5));
}

/** Largest error of the dense output at nine interior points of every fixed step on [0, 5]. */
function forcedDenseErrorTo5(h: number): number {
  const ode = new DormandPrince(1, forced, { fixedStep: h });
  const out = new Float64Array(1);
  let worst = 0;
  ode.reset(0, [1]);
  run(ode, 5, () => {
    for (let j = 1; j < 10; j++) {
      const time = ode.tPrevious + ((ode.t - ode.tPrevious) * j) / 10;
      ode.interpolate(time, out);
      worst = Math.max(worst, Math.abs(out[0]! - forcedExact(time)));
    }
  });
  return worst;
}

const TOLERANCES = [1e-4, 1e-6, 1e-8, 1e-10];

describe('DormandPrince: order of accuracy (fixed steps)', () => {
  it('is exact when y is a polynomial of degree 5 (weights integrate degree-4 slopes exactly)', () => {
    const slope: Derivatives = (t, _y, dydt) => {
      dydt[0] = 1 + t * (2 + t * (-3 + t * (4 - 5 * t)));
    };
    const exact = (t: number): number => t * (1 + t * (1 + t * (-1 + t * (1 - t))));
    const ode = new DormandPrince(1, slope, { fixedStep: 0.5 });
    ode.reset(0, [0]);
    run(ode, 2, () => {
      expect(Math.abs(ode.y[0]! - exact(ode.t))).toBeLessThan(1e-13);
    });
  });

  it("cuts the global error by about 2^5 = 32 per halving of h on y' = -y + sin t", () => {
    const errors = [0.1, 0.05, 0.025].map(forcedErrorAt5);
    for (let i = 1; i < errors.length; i++) {
      const ratio = errors[i - 1]! / errors[i]!;
      expect(ratio).toBeGreaterThan(26);
      expect(ratio).toBeLessThan(38);
    }
  });

  it("cuts the global error by about 32 per halving of h on y'' = -y as a system", () => {
    const errorAt5 = (h: number): number => {
      const ode = new DormandPrince(2, oscillator, { fixedStep: h });
      ode.reset(0, [1, 0]);
      run(ode, 5);
      return Math.hypot(ode.y[0]! - Math.cos(5), ode.y[1]! + Math.sin(5));
    };
    const errors = [0.2, 0.1, 0.05].map(errorAt5);
    for (let i = 1; i < errors.length; i++) {
      const ratio = errors[i - 1]! / errors[i]!;
      expect(ratio).toBeGreaterThan(26);
      expect(ratio).toBeLessThan(38);
    }
  });

  it('takes exactly the fixed step and trims only the last one to land on tEnd', () => {
    const ode = new DormandPrince(1, forced, { fixedStep: 0.3 });
    ode.reset(0, [1]);
    const times: number[] = [];
    run(ode, 1, () => times.push(ode.t));
    expect(times).toHaveLength(4);
    expect(times[0]).toBeCloseTo(0.3, 15);
    expect(times[1]).toBeCloseTo(0.6, 15);
    expect(times[2]).toBeCloseTo(0.9, 15);
    expect(times[3]).toBe(1);
    expect(ode.stats).toEqual({ evaluations: 1 + 4 * 6, accepted: 4, rejected: 0 });
  });
});

describe('DormandPrince: adaptive steps', () => {
  for (const [name, f, y0, tEnd, exact] of [
    ["y' = -y + sin t", forced, 1, 10, forcedExact],
    ['logistic', logistic, LOGISTIC_Y0, 20, logisticExact],
  ] as const) {
    it(`keeps the global error of ${name} proportional to rtol`, () => {
      const errors = TOLERANCES.map((rtol) => {
        const ode = new DormandPrince(1, f, { rtol, atol: rtol * 1e-3 });
        let worst = 0;
        let scale = Math.abs(y0);
        ode.reset(0, [y0]);
        run(ode, tEnd, () => {
          worst = Math.max(worst, Math.abs(ode.y[0]! - exact(ode.t)));
          scale = Math.max(scale, Math.abs(ode.y[0]!));
        });
        expect(ode.t).toBe(tEnd);
        expect(worst).toBeLessThanOrEqual(20 * rtol * scale);
        return worst;
      });
      for (let i = 1; i < errors.length; i++) expect(errors[i]!).toBeLessThan(errors[i - 1]!);
    });
  }

  it("solves y' = λy to within a small multiple of rtol·(1 + |λ|T) for any λ, y0, T", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 1, noNaN: true }),
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0.5, max: 5, noNaN: true }),
        (lambda, y0, tEnd) => {
          const ode = new DormandPrince(
            1,
            (_t, y, dydt) => {
              dydt[0] = lambda * y[0]!;
            },
            { rtol: 1e-8, atol: 1e-14 },
          );
          ode.reset(0, [y0]);
          run(ode, tEnd);
          const exact = y0 * Math.exp(lambda * tEnd);
          expect(Math.abs(ode.y[0]! - exact) / exact).toBeLessThan(5e-8 * (1 + Math.abs(lambda) * tEnd));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('conserves the harmonic-oscillator energy to about the tolerance over 16 periods', () => {
    for (const rtol of [1e-6, 1e-8, 1e-10]) {
      const ode = new DormandPrince(2, oscillator, { rtol, atol: rtol * 1e-3 });
      let drift = 0;
      let error = 0;
      ode.reset(0, [1, 0]);
      run(ode, 100, () => {
        drift = Math.max(drift, Math.abs(ode.y[0]! ** 2 + ode.y[1]! ** 2 - 1));
        error = Math.max(error, Math.hypot(ode.y[0]! - Math.cos(ode.t), ode.y[1]! + Math.sin(ode.t)));
      });
      expect(drift).toBeLessThan(40 * rtol);
      expect(error).toBeLessThan(40 * rtol);
    }
  });

  it('conserves the Lotka–Volterra first integral to about the tolerance over about 70 cycles', () => {
    const [a, b, c, d] = [1.5, 1, 3, 1];
    const lotkaVolterra: Derivatives = (_t, y, dydt) => {
      const prey = y[0]!;
      const predators = y[1]!;
      dydt[0] = a * prey - b * prey * predators;
      dydt[1] = d * prey * predators - c * predators;
    };
    const invariant = (x: number, z: number): number => d * x - c * Math.log(x) + b * z - a * Math.log(z);
    const v0 = invariant(10, 5);
    for (const rtol of [1e-8, 1e-10]) {
      const ode = new DormandPrince(2, lotkaVolterra, { rtol, atol: rtol * 1e-3 });
      let drift = 0;
      ode.reset(0, [10, 5]);
      run(ode, 200, () => {
        drift = Math.max(drift, Math.abs(invariant(ode.y[0]!, ode.y[1]!) - v0) / Math.abs(v0));
      });
      expect(drift).toBeLessThan(30 * rtol);
    }
  });

  it('never steps past tEnd, lands on it exactly, and respects maxStep', () => {
    const ode = new DormandPrince(2, oscillator, { rtol: 1e-6, maxStep: 0.25 });
    ode.reset(0, [1, 0]);
    for (const tEnd of [0.1, 0.2, 1.05, 3, 3, 7.5]) {
      while (ode.t < tEnd) {
        const before = ode.t;
        const after = ode.step(tEnd);
        expect(after).toBe(ode.t);
        expect(after).toBeGreaterThan(before);
        expect(after).toBeLessThanOrEqual(tEnd);
        expect(after - before).toBeLessThanOrEqual(0.25 * (1 + 1e-12));
        expect(ode.tPrevious).toBe(before);
      }
      expect(ode.t).toBe(tEnd);
    }
    const evaluations = ode.stats.evaluations;
    expect(ode.step(7.5)).toBe(7.5);
    expect(ode.stats.evaluations).toBe(evaluations);
  });

  it('restarts cleanly after a discontinuity through reset', () => {
    const decay: Derivatives = (_t, y, dydt) => {
      dydt[0] = -y[0]!;
    };
    const ode = new DormandPrince(1, decay, { rtol: 1e-10, atol: 1e-14 });
    ode.reset(0, [1]);
    run(ode, 1);
    // An event doubles y at t = 1: afterwards y = 2·e^{-t}.
    ode.reset(1, [2 * ode.y[0]!]);
    expect(ode.t).toBe(1);
    expect(ode.tPrevious).toBe(1);
    const out = new Float64Array(1);
    ode.interpolate(1, out);
    expect(out[0]).toBe(ode.y[0]);
    run(ode, 2);
    expect(ode.y[0]!).toBeCloseTo(2 * Math.exp(-2), 9);
  });

  it('keeps y as one array whose contents follow the state', () => {
    const ode = new DormandPrince(2, oscillator);
    ode.reset(0, [1, 0]);
    const y = ode.y;
    ode.step(1);
    expect(ode.y).toBe(y);
    expect(y[0]).not.toBe(1);
  });
});

describe('DormandPrince: dense output', () => {
  it('reproduces solutions that are cubic polynomials exactly inside each step', () => {
    const slope: Derivatives = (t, _y, dydt) => {
      dydt[0] = 1 + t * (2 + t * (-3 + 4 * t));
    };
    const exact = (t: number): number => t * (1 + t * (1 + t * (-1 + t)));
    const ode = new DormandPrince(1, slope, { fixedStep: 0.5 });
    const out = new Float64Array(1);
    ode.reset(0, [0]);
    run(ode, 2, () => {
      for (let j = 1; j < 10; j++) {
        const time = ode.tPrevious + 0.05 * j;
        ode.interpolate(time, out);
        expect(Math.abs(out[0]! - exact(time))).toBeLessThan(1e-13);
      }
    });
  });

  it('has local error O(h^5): about 32 times smaller per halving of h (a cubic Hermite gives 16)', () => {
    const errors = [0.1, 0.05, 0.025].map(forcedDenseErrorTo5);
    for (let i = 1; i < errors.length; i++) {
      const ratio = errors[i - 1]! / errors[i]!;
      expect(ratio).toBeGreaterThan(26);
      expect(ratio).toBeLessThan(38);
    }
  });

  it('stays within a small multiple of the tolerance between adaptive steps', () => {
    for (const rtol of TOLERANCES) {
      const ode = new DormandPrince(1, forced, { rtol, atol: rtol * 1e-3 });
      const out = new Float64Array(1);
      let worst = 0;
      let scale = 1;
      ode.reset(0, [1]);
      run(ode, 10, () => {
        scale = Math.max(scale, Math.abs(ode.y[0]!));
        for (let j = 1; j < 20; j++) {
          const time = ode.tPrevious + ((ode.t - ode.tPrevious) * j) / 20;
          ode.interpolate(time, out);
          worst = Math.max(worst, Math.abs(out[0]! - forcedExact(time)));
        }
      });
      expect(worst).toBeLessThan(10 * rtol * scale);
    }
  });

  it('returns the step end points at tPrevious and t', () => {
    const ode = new DormandPrince(2, oscillator, { rtol: 1e-7 });
    const out = new Float64Array(2);
    const before = new Float64Array(2);
    ode.reset(0, [1, 0]);
    for (let i = 0; i < 20; i++) {
      before.set(ode.y);
      ode.step(10);
      ode.interpolate(ode.tPrevious, out);
      expect(Array.from(out)).toEqual(Array.from(before));
      ode.interpolate(ode.t, out);
      expect(Array.from(out)).toEqual(Array.from(ode.y));
      expect(ode.interpolateComponent(ode.tPrevious, 1)).toBe(before[1]);
      expect(ode.interpolateComponent(ode.t, 0)).toBe(ode.y[0]);
    }
  });

  it('agrees between interpolate and interpolateComponent', () => {
    const ode = new DormandPrince(2, oscillator, { rtol: 1e-7 });
    const out = new Float64Array(2);
    ode.reset(0, [1, 0]);
    ode.step(10);
    ode.step(10);
    for (let j = 0; j <= 16; j++) {
      const time = ode.tPrevious + ((ode.t - ode.tPrevious) * j) / 16;
      ode.interpolate(time, out);
      expect(ode.interpolateComponent(time, 0)).toBe(out[0]);
      expect(ode.interpolateComponent(time, 1)).toBe(out[1]);
    }
  });

  it('refuses to extrapolate beyond the last step', () => {
    const ode = new DormandPrince(2, oscillator);
    ode.reset(0, [1, 0]);
    ode.step(10);
    const out = new Float64Array(2);
    expect(() => ode.interpolate(ode.t + 0.01, out)).toThrow(RangeError);
    expect(() => ode.interpolateComponent(-0.01, 0)).toThrow(/outside the last step/);
  });

  it('locates an event on the dense output with findRoot: logistic y reaches K/2', () => {
    const ode = new DormandPrince(1, logistic, { rtol: 1e-10, atol: 1e-13 });
    const g = (t: number): number => ode.interpolateComponent(t, 0) - CAPACITY / 2;
    const expected = Math.log(CAPACITY / LOGISTIC_Y0 - 1) / RATE;
    ode.reset(0, [LOGISTIC_Y0]);
    let found = Number.NaN;
    let gPrevious = LOGISTIC_Y0 - CAPACITY / 2;
    while (Number.isNaN(found) && ode.t < 20) {
      ode.step(20);
      const gNow = ode.y[0]! - CAPACITY / 2;
      if (gNow >= 0) found = findRoot(g, ode.tPrevious, gPrevious, ode.t, gNow, 1e-12);
      gPrevious = gNow;
    }
    expect(Math.abs(found - expected)).toBeLessThan(1e-8);
  });
});

describe('DormandPrince: work and limits', () => {
  it('spends a reasonable number of steps on one oscillator period, scaling like rtol^(-1/5)', () => {
    const count = (rtol: number): DormandPrince['stats'] => {
      const ode = new DormandPrince(2, oscillator, { rtol, atol: rtol * 1e-3 });
      ode.reset(0, [1, 0]);
      run(ode, 2 * Math.PI);
      return ode.stats;
    };
    const coarse = count(1e-4);
    const fine = count(1e-8);
    // About 85 steps a period at rtol 1e-8; scipy's RK45 (same pair, same settings) takes 81.
    expect(fine.accepted).toBeGreaterThan(40);
    expect(fine.accepted).toBeLessThan(160);
    expect(fine.rejected).toBeLessThanOrEqual(0.1 * fine.accepted);
    // reset and the automatic initial step cost one evaluation each; every attempt costs six (FSAL).
    expect(fine.evaluations).toBe(2 + 6 * (fine.accepted + fine.rejected));
    const ratio = fine.accepted / coarse.accepted;
    expect(ratio).toBeGreaterThan(4);
    expect(ratio).toBeLessThan(9);
  });

  it('uses initialStep as the first step when it is given', () => {
    const ode = new DormandPrince(2, oscillator, { initialStep: 1e-3 });
    ode.reset(0, [1, 0]);
    expect(ode.step(1)).toBe(1e-3);
    expect(ode.stats.evaluations).toBe(1 + 6);
  });

  it('throws when the step limit is exceeded', () => {
    const ode = new DormandPrince(2, oscillator, { rtol: 1e-10, maxSteps: 10 });
    ode.reset(0, [1, 0]);
    expect(() => run(ode, 100)).toThrow(/step limit/);
  });

  it('throws, rather than hangs, at a finite-time blow-up', () => {
    const blowUp: Derivatives = (_t, y, dydt) => {
      dydt[0] = y[0]! * y[0]!;
    };
    const ode = new DormandPrince(1, blowUp);
    ode.reset(0, [1]);
    expect(() => run(ode, 2)).toThrow(/too small|step limit/);
    // The exact solution 1 / (1 − t) blows up at t = 1; the integrator gives up right there.
    expect(Math.abs(ode.t - 1)).toBeLessThan(1e-3);
  });

  it('starts at rates whose scaled squares overflow, and follows y = y0 + c·t exactly', () => {
    // Hairer's first-step norms square f / (atol + rtol·|y|): (1e160 / 5e-4)² is Infinity, which
    // made the first step 0 and the integrator give up at t = 0.
    for (const [c, y0] of [
      [1e160, 500],
      [-1e200, 1],
      [1e250, 1e3],
    ] as const) {
      const ode = new DormandPrince(2, (_t, _y, dydt) => dydt.fill(c));
      ode.reset(0, [y0, 0]);
      run(ode, 100);
      expect(ode.t).toBe(100);
      expect(Math.abs(ode.y[0]! / (y0 + 100 * c) - 1)).toBeLessThan(1e-12);
      expect(Math.abs(ode.y[1]! / (100 * c) - 1)).toBeLessThan(1e-12);
      expect(ode.stats.accepted).toBeLessThan(1000);
    }
  });

  it('checks its inputs at the boundary', () => {
    expect(() => new DormandPrince(0, oscillator)).toThrow(RangeError);
    expect(() => new DormandPrince(2, oscillator, { rtol: -1 })).toThrow(RangeError);
    expect(() => new DormandPrince(2, oscillator, { rtol: 0, atol: 0 })).toThrow(RangeError);
    expect(() => new DormandPrince(2, oscillator, { fixedStep: 0 })).toThrow(RangeError);
    expect(() => new DormandPrince(2, oscillator, { maxSteps: 1.5 })).toThrow(RangeError);
    const ode = new DormandPrince(2, oscillator);
    expect(() => ode.step(1)).toThrow(/reset/);
    expect(() => ode.reset(0, [1])).toThrow(/expected 2/);
    ode.reset(0, [1, 0]);
    ode.step(1);
    expect(() => ode.step(ode.t - 0.5)).toThrow(RangeError);
  });

  it('exposes the documented types', () => {
    expectTypeOf<DormandPrince['t']>().toEqualTypeOf<number>();
    expectTypeOf<DormandPrince['y']>().toEqualTypeOf<Float64Array>();
    expectTypeOf<DormandPrince['step']>().toEqualTypeOf<(tEnd: number) => number>();
    expectTypeOf<DormandPrince['interpolate']>().toEqualTypeOf<(time: number, out: Float64Array) => void>();
    expectTypeOf<DormandPrince['stats']['evaluations']>().toEqualTypeOf<number>();
  });
});

describe('DormandPrince: saved state', () => {
  /** Steps of the logistic to t = 8 at rtol 1e-9, as [t, y, interpolated mid-step y] triples. */
  function trace(ode: DormandPrince, from: number): number[] {
    const out: number[] = [];
    const mid = new Float64Array(1);
    run(ode, 8, (o) => {
      if (o.t <= from) return;
      o.interpolate((o.tPrevious + o.t) / 2, mid);
      out.push(o.t, o.y[0]!, mid[0]!);
    });
    return out;
  }

  it('continues bit for bit from a state written mid-run into a fresh integrator', () => {
    const whole = new DormandPrince(1, logistic, { rtol: 1e-9, atol: 1e-12 });
    whole.reset(0, [LOGISTIC_Y0]);
    const expected = trace(whole, 0);
    for (const cut of [0, 1, 3, 5]) {
      const first = new DormandPrince(1, logistic, { rtol: 1e-9, atol: 1e-12 });
      first.reset(0, [LOGISTIC_Y0]);
      const before = [] as number[];
      const mid = new Float64Array(1);
      while (first.t < cut || first.t === 0) {
        first.step(8);
        first.interpolate((first.tPrevious + first.t) / 2, mid);
        before.push(first.t, first.y[0]!, mid[0]!);
      }
      const out = new SnapshotWriter({ engine: 'test', fingerprint: 'dp' });
      first.writeState(out);
      const second = new DormandPrince(1, logistic, { rtol: 1e-9, atol: 1e-12 });
      second.readState(new SnapshotReader(out.finish(), { engine: 'test', fingerprint: 'dp' }));
      // The dense output of the step it stood in comes along too.
      second.interpolate((first.tPrevious + first.t) / 2, mid);
      expect(mid[0]).toBe(before[before.length - 1]);
      expect([...before, ...trace(second, first.t)]).toEqual(expected);
      expect(second.stats).toEqual(whole.stats);
    }
  });
});

describe('findRoot', () => {
  /** Wraps g to count its calls. */
  function counted(g: (t: number) => number): { g: (t: number) => number; calls: () => number } {
    let calls = 0;
    return {
      g: (t) => {
        calls++;
        return g(t);
      },
      calls: () => calls,
    };
  }

  it('finds π/2 as the root of cos, on the side of tB', () => {
    const t = findRoot(Math.cos, 0, 1, 3, Math.cos(3), 1e-12);
    expect(Math.abs(t - Math.PI / 2)).toBeLessThanOrEqual(1e-12);
    expect(Math.cos(t)).toBeLessThanOrEqual(0);
  });

  it("finds the real root of Newton's cubic t^3 − 2t − 5", () => {
    const cubic = (t: number): number => t * t * t - 2 * t - 5;
    const t = findRoot(cubic, 3, cubic(3), 2, cubic(2), 1e-13);
    expect(Math.abs(t - 2.0945514815423265)).toBeLessThanOrEqual(1e-13);
  });

  it('handles the step-like tanh(50(t − 1)) in few evaluations', () => {
    const { g, calls } = counted((t) => Math.tanh(50 * (t - 1)));
    const t = findRoot(g, 0, g(0), 3, g(3), 1e-10);
    expect(Math.abs(t - 1)).toBeLessThanOrEqual(1e-10);
    expect(calls()).toBeLessThan(60);
  });

  it('returns an end point whose g is zero, calling nothing', () => {
    const { g, calls } = counted(Math.sin);
    expect(findRoot(g, -1, Math.sin(-1), 0, 0, 1e-9)).toBe(0);
    expect(findRoot(g, 0, 0, 1, Math.sin(1), 1e-9)).toBe(0);
    expect(calls()).toBe(0);
  });

  it('copes with jumps and flat stretches without throwing', () => {
    const jump = (t: number): number => (t < 1.234 ? -1 : 1);
    const t = findRoot(jump, 0, -1, 5, 1, 1e-9);
    expect(t).toBeGreaterThanOrEqual(1.234);
    expect(t - 1.234).toBeLessThanOrEqual(1e-9);
    const plateau = (t: number): number => (t < 2 ? -1 : t <= 3 ? 0 : 1);
    const p = findRoot(plateau, 0, -1, 5, 1, 1e-9);
    expect(p).toBeGreaterThanOrEqual(2 - 1e-9);
    expect(p).toBeLessThanOrEqual(3);
  });

  it('stops at adjacent doubles when the tolerance is 0', () => {
    const { g, calls } = counted((t) => t - Math.SQRT2);
    const t = findRoot(g, 0, -Math.SQRT2, 2, 2 - Math.SQRT2, 0);
    expect(Math.abs(t - Math.SQRT2)).toBeLessThanOrEqual(4e-16);
    expect(calls()).toBeLessThanOrEqual(100);
  });

  it('refuses a bracket without a sign change', () => {
    expect(() => findRoot(Math.cos, 0, 1, 1, Math.cos(1), 1e-9)).toThrow(/do not bracket/);
  });

  it('finds any simple root of a monotone function to the tolerance, in either orientation', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 1e-3, max: 50, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.boolean(),
        fc.boolean(),
        (root, width, where, curvature, reversed, decreasing) => {
          const a = root - where * width;
          const b = a + width;
          const sign = decreasing ? -1 : 1;
          const g = (t: number): number => sign * ((t - root) * (1 + curvature * (t - root) ** 2));
          const [tA, tB] = reversed ? [b, a] : [a, b];
          const gA = g(tA);
          const gB = g(tB);
          fc.pre(gA !== 0 && gB !== 0 && Math.sign(gA) !== Math.sign(gB));
          const tolerance = 1e-9 * width;
          const t = findRoot(g, tA, gA, tB, gB, tolerance);
          expect(Math.abs(t - root)).toBeLessThanOrEqual(tolerance + 1e-14 * Math.max(1, Math.abs(root)));
          const gt = g(t);
          expect(gt === 0 || Math.sign(gt) === Math.sign(gB)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
