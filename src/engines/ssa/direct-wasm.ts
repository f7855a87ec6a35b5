import { encodeModule, FunctionBody, Op, ValueType } from '../../core/wasm-module.js';
import { FACTORS, type PropensityPlan } from '../stochastic/propensity-plan.js';
import { RANDOM_IMPORTS, RNG_WORDS, WasmRandom, ZIGGURAT_BYTES } from '../stochastic/wasm-random.js';

/**
 * The direct method compiled to WebAssembly for one network: the loop of `DirectMethod.run` with
 * the network written into the code. Counts, group products and weights, coefficients and the
 * xoshiro128** state live in locals (registers); reaction j's changes and the products of its
 * dependent groups are straight-line code with constant indices. V8 cannot specialise the
 * table-driven JavaScript loop this way, and we may not build JavaScript from text.
 *
 * The code performs the same floating-point operations in the same order as `DirectMethod.run`
 * and draws the same random numbers, so the two give bit-identical trajectories; the JavaScript
 * kernel remains for networks this does not cover (laws that are not product form, guards,
 * conditional events) and for hosts without WebAssembly.
 */

/** Byte offsets of the arrays the kernel shares with JavaScript, in its exported memory. */
export interface DirectLayout {
  /** y: counts, N, 1/N, 1 (n + 3 doubles). */
  readonly y: number;
  readonly extinct: number;
  readonly coefficient: number;
  readonly groupCoefficient: number;
  readonly product: number;
  readonly weight: number;
  /** The `SCALARS` doubles: t, the event count and the drawn time of the next reaction (NaN if none). */
  readonly scalars: number;
  readonly groupLast: number;
  /** The four 32-bit words of the xoshiro128** state. */
  readonly rng: number;
  /** The ziggurat's tables (`writeZigguratTables`). */
  readonly ziggurat: number;
  readonly bytes: number;
}

/** Indices of the doubles at `DirectLayout.scalars`. */
export const SCALAR_T = 0;
export const SCALAR_EVENTS = 1;
export const SCALAR_PENDING = 2;
const SCALARS = 3;

/** A compiled kernel module and where it keeps things. */
export interface CompiledDirect {
  readonly module: WebAssembly.Module;
  readonly layout: DirectLayout;
}

/** Networks larger than this stay in JavaScript: the code and its locals grow with the reactions, and V8 compiles 64 reactions into code 20× slower (bench/ssa.ts). */
const MAX_REACTIONS = 48;
const MAX_DEPENDENT_FACTORS = 4096;
const PAGE = 65536;

const REACHED = 0;
const EVENT_LIMIT = 2;
/** Returned when the total propensity is NaN or infinite; the caller finds the reaction to blame. */
export const BAD_RATE = 3;

const cache = new WeakMap<PropensityPlan, CompiledDirect | null>();

/**
 * The compiled direct method for a plan, or undefined where it does not apply: a group that is
 * not of fast product form, too many reactions, or no WebAssembly. Compiled once per plan. It
 * does not watch conditional events: callers use it only for scenarios without them.
 */
export function compileDirect(plan: PropensityPlan): CompiledDirect | undefined {
  let compiled = cache.get(plan);
  if (compiled === undefined) {
    compiled = applies(plan) ? build(plan) : null;
    cache.set(plan, compiled);
  }
  return compiled ?? undefined;
}

function applies(plan: PropensityPlan): boolean {
  if (typeof WebAssembly !== 'object' || plan.m > MAX_REACTIONS || plan.m === 0) return false;
  return !plan.groupFast.includes(0) && FACTORS * plan.graph.index.length <= MAX_DEPENDENT_FACTORS;
}

function layoutOf(plan: PropensityPlan): DirectLayout {
  const { n, m, g } = plan;
  let at = 0;
  const take = (bytes: number) => {
    const start = at;
    at += bytes;
    return start;
  };
  const y = take(8 * (n + 3));
  const extinct = take(8 * n);
  const coefficient = take(8 * m);
  const groupCoefficient = take(8 * g);
  const product = take(8 * g);
  const weight = take(8 * g);
  const scalars = take(8 * SCALARS);
  const ziggurat = take(ZIGGURAT_BYTES);
  const groupLast = take(4 * g);
  const rng = take(4 * RNG_WORDS);
  return {
    y,
    extinct,
    coefficient,
    groupCoefficient,
    product,
    weight,
    scalars,
    groupLast,
    rng,
    ziggurat,
    bytes: at,
  };
}

/** Emits the kernel's `run(tStop, maxEvents) → reason`. */
function build(plan: PropensityPlan): CompiledDirect | null {
  const layout = layoutOf(plan);
  const { n, m, g, network, graph } = plan;
  const b = new FunctionBody({ params: [ValueType.f64, ValueType.f64], results: [ValueType.i32] });
  const T_STOP = 0;
  const MAX_EVENTS = 1;
  const i32 = () => b.local(ValueType.i32);
  const f64 = () => b.local(ValueType.f64);
  // Locals are numbered in the order they are made. Array literals (not Array.from) are tuples,
  // so each destructured name is a number.
  const random = new WasmRandom(b, layout.ziggurat);
  const reason = i32();
  const [t, events, limit, total, wait, next] = [f64(), f64(), f64(), f64(), f64(), f64()];
  const [target, before, cumulative, residual, sum] = [f64(), f64(), f64(), f64(), f64()];
  const y = Array.from({ length: n + 2 }, f64);
  const p = Array.from({ length: g }, f64);
  const w = Array.from({ length: g }, f64);
  const C = Array.from({ length: g }, f64);
  const c = Array.from({ length: m }, f64);
  const last = Array.from({ length: g }, i32);

  const br = (depth: number) => b.br(depth);
  const ifVoid = () => b.if();
  const loadF64 = (local: number, offset: number) => b.i32Const(0).f64Load(offset).localSet(local);
  const storeF64 = (offset: number, local: number) => b.i32Const(0).localGet(local).f64Store(offset);
  /** The value of y-slot `index` (a count, N, 1/N; the constant 1 never reaches here). */
  const slot = (index: number) => y[index]!;

  // Prologue: the state from memory into locals.
  random.load(layout.rng);
  loadF64(t, layout.scalars + 8 * SCALAR_T);
  loadF64(events, layout.scalars + 8 * SCALAR_EVENTS);
  loadF64(next, layout.scalars + 8 * SCALAR_PENDING);
  b.localGet(events).localGet(MAX_EVENTS).op(Op.f64Add).localSet(limit);
  for (let i = 0; i < n + 2; i++) loadF64(y[i]!, layout.y + 8 * i);
  for (let k = 0; k < g; k++) {
    loadF64(p[k]!, layout.product + 8 * k);
    loadF64(w[k]!, layout.weight + 8 * k);
    loadF64(C[k]!, layout.groupCoefficient + 8 * k);
    b.i32Const(0)
      .i32Load(layout.groupLast + 4 * k)
      .localSet(last[k]!);
  }
  for (let j = 0; j < m; j++) loadF64(c[j]!, layout.coefficient + 8 * j);
  const sumWeights = () => {
    b.localGet(w[0]!);
    for (let k = 1; k < g; k++) b.localGet(w[k]!).op(Op.f64Add);
    b.localSet(total);
  };
  sumWeights();
  b.i32Const(REACHED).localSet(reason);

  b.block(); // $exit
  b.loop(); // $top
  // if (!(total > 0 && total < ∞)) { reason = total != 0 ? BAD_RATE : REACHED; break }
  b.localGet(total).f64Const(0).op(Op.f64Gt).localGet(total).f64Const(Number.POSITIVE_INFINITY).op(Op.f64Lt);
  b.op(Op.i32And, Op.i32Eqz);
  ifVoid();
  b.i32Const(BAD_RATE)
    .i32Const(REACHED)
    .localGet(total)
    .f64Const(0)
    .op(Op.f64Ne)
    .op(Op.select)
    .localSet(reason);
  br(2);
  b.end();

  // Unless one is drawn already (next is not NaN): the waiting time, by the ziggurat (as
  // zigguratSlow in core/ziggurat.ts), and next = t + wait / total.
  b.localGet(next).localGet(next).op(Op.f64Ne);
  ifVoid();
  random.exponential(wait);
  b.localGet(t).localGet(wait).localGet(total).op(Op.f64Div, Op.f64Add).localSet(next);
  b.end();

  // Stop before a reaction after tStop, keeping its time.
  b.localGet(next).localGet(T_STOP).op(Op.f64Gt);
  ifVoid();
  br(2);
  b.end();
  b.localGet(next).localSet(t);
  b.f64Const(Number.NaN).localSet(next);
  random.next();
  b.localGet(total).op(Op.f64Mul).localSet(target);

  /** Reaction j fires: its changes, N, and its dependent groups, then the total. */
  const fire = (j: number) => {
    for (let k = network.changeStart[j]!; k < network.changeStart[j + 1]!; k++) {
      const i = network.changeIndex[k]!;
      b.localGet(y[i]!).f64Const(network.changeAmount[k]!).op(Op.f64Add).localTee(y[i]!);
      b.f64Const(0).op(Op.f64Eq);
      ifVoid();
      storeF64(layout.extinct + 8 * i, t);
      b.end();
    }
    if (plan.hasSum && plan.sumChange[j] !== 0) {
      b.localGet(y[n]!).f64Const(plan.sumChange[j]!).op(Op.f64Add).localSet(y[n]!);
      b.f64Const(1)
        .localGet(y[n]!)
        .op(Op.f64Div)
        .localSet(y[n + 1]!);
    }
    for (let d = graph.start[j]!; d < graph.start[j + 1]!; d++) {
      const k = graph.index[d]!;
      let factors = 0;
      for (let f = FACTORS * k; f < FACTORS * (k + 1); f++) {
        const index = plan.factorIndex[f]!;
        // The constant slot multiplies by exactly 1: leaving it out changes no bit.
        if (index === n + 2) continue;
        b.localGet(slot(index));
        if (plan.factorOffset[f] !== 0) b.f64Const(plan.factorOffset[f]!).op(Op.f64Sub);
        if (factors++ > 0) b.op(Op.f64Mul);
      }
      if (factors === 0) b.f64Const(1);
      // p is ≥ 0, NaN or infinite (counts are never negative); a bad p makes the total bad, and the loop stops on it.
      b.localSet(p[k]!);
      b.localGet(C[k]!).localGet(p[k]!).op(Op.f64Mul).localSet(w[k]!);
    }
    sumWeights();
  };

  /** Picks the reaction within group k (composition by coefficients), then fires it. */
  const member = (k: number, r: number) => {
    const stop = plan.memberStart[k + 1]!;
    const j = plan.memberIndex[r]!;
    if (r === stop - 1) return fire(j);
    if (r === plan.memberStart[k]) {
      b.localGet(target).localGet(before).op(Op.f64Sub).localSet(residual);
      b.localGet(c[j]!).localGet(p[k]!).op(Op.f64Mul).localSet(sum);
    }
    b.localGet(residual).localGet(sum).op(Op.f64Ge).localGet(last[k]!).i32Const(j).op(Op.i32Ne, Op.i32And);
    ifVoid();
    const following = plan.memberIndex[r + 1]!;
    b.localGet(sum).localGet(c[following]!).localGet(p[k]!).op(Op.f64Mul, Op.f64Add).localSet(sum);
    member(k, r + 1);
    b.else();
    fire(j);
    b.end();
  };

  /** Picks group k or a later one by the cumulative weights, as the JavaScript search does. */
  const group = (k: number) => {
    if (k === 0) {
      b.f64Const(0).localSet(before);
      b.localGet(w[0]!).localSet(cumulative);
    }
    if (k === g - 1) return member(k, plan.memberStart[k]!);
    b.localGet(target).localGet(cumulative).op(Op.f64Ge);
    ifVoid();
    b.localGet(cumulative).localSet(before);
    b.localGet(cumulative)
      .localGet(w[k + 1]!)
      .op(Op.f64Add)
      .localSet(cumulative);
    group(k + 1);
    b.else();
    member(k, plan.memberStart[k]!);
    b.end();
  };
  group(0);

  b.localGet(events).f64Const(1).op(Op.f64Add).localTee(events);
  b.localGet(limit).op(Op.f64Ge);
  ifVoid();
  b.i32Const(EVENT_LIMIT).localSet(reason);
  br(2);
  b.end();
  br(0);
  b.end(); // $top
  b.end(); // $exit

  // Epilogue: REACHED means the state is the state at tStop; the locals back to memory.
  b.localGet(reason).op(Op.i32Eqz);
  ifVoid();
  b.localGet(T_STOP).localSet(t);
  b.end();
  storeF64(layout.scalars + 8 * SCALAR_T, t);
  storeF64(layout.scalars + 8 * SCALAR_EVENTS, events);
  storeF64(layout.scalars + 8 * SCALAR_PENDING, next);
  for (let i = 0; i < n + 2; i++) storeF64(layout.y + 8 * i, y[i]!);
  for (let k = 0; k < g; k++) {
    storeF64(layout.product + 8 * k, p[k]!);
    storeF64(layout.weight + 8 * k, w[k]!);
  }
  random.store(layout.rng);
  b.localGet(reason);

  const bytes = encodeModule({
    imports: RANDOM_IMPORTS,
    functions: [{ body: b, export: 'run' }],
    memory: { pages: Math.ceil(layout.bytes / PAGE), export: 'memory' },
  });
  try {
    return { module: new WebAssembly.Module(bytes), layout };
  } catch {
    return null;
  }
}
