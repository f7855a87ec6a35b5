import { INVERSION_LIMIT } from '../../core/distributions.js';
import { controlFlow, FunctionBody, Op, ValueType } from '../../core/wasm-module.js';
import { WasmRandom } from '../stochastic/wasm-random.js';
import { MAX_TRIALS } from './binomial-table.js';
import {
  CHANCE,
  SHARE_FIRST,
  SHARE_FIRST_PER_REST,
  StageFunction,
  StageHeader,
  TABLE_WORDS,
} from './hop-stage-layout.js';
import { DIRECTIONS } from './lattice-grid.js';

/**
 * The code of the fast method's compiled hop stage's draws (`hop-stage-kernel.ts` runs it; its
 * memory: `hop-stage-layout.ts`; its booking: `hop-booking-code.ts`). `draw(i, c)` is
 * `HopStage.draw`'s loop over the cells for one mover (index i, compartment c) that no lure
 * steers: departures from the binomial tables (which lie in its memory), halves by popcounts of
 * random bits, the shares of a cell with fewer than 4 open bonds by inversion of their cdf (its
 * first term from a table, `SHARE_FIRST`), and, for what these do not serve (more than 512 in a
 * cell, halves of more than 256, shares with a mean of 10 or more), the general sampler
 * `binomial` (`hop-binomial-code.ts`), which takes the stream's state through the header.
 *
 * It performs the same floating-point operations in the same order as `draw` and draws the same
 * random numbers, so a run is the same to the last bit with or without it
 * (`hop-stage-kernel.test.ts`).
 */

/** Up to this many trials a half is a popcount (as `hop-stage.ts`'s `half`). */
export const POPCOUNT_TRIALS = 256;

/** `HopStage.draw`'s loop over cells for one mover without a lure (see the module's comment). */
export function drawBody(): FunctionBody {
  const b = new FunctionBody({ params: [ValueType.i32, ValueType.i32], results: [ValueType.f64] });
  const I = 0;
  const C = 1;
  const i32 = () => b.local(ValueType.i32);
  const f64 = () => b.local(ValueType.f64);
  // The ziggurat is not used: no tables.
  const random = new WasmRandom(b, 0);
  const [xB, netB, lB, dB, runs, runCount, n, m, hasStep] = [
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
  ];
  const [run, runEnd] = [i32(), i32()];
  const steps = Array.from({ length: DIRECTIONS }, i32);
  const [k, d, table, base, length, at, bits] = [i32(), i32(), i32(), i32(), i32(), i32(), i32()];
  const [ones, rem, bond, end, j, last] = [i32(), i32(), i32(), i32(), i32(), i32()];
  const [count, left, hops, north, south] = [f64(), f64(), f64(), f64(), f64()];
  const [n0, s0, u, rest, share] = [f64(), f64(), f64(), f64(), f64()];
  const [p, odds, pk, cdf] = [f64(), f64(), f64(), f64()];

  const { open, close, leave, leaveIf } = controlFlow(b);

  /** Pushes the byte address of `net[cell · m + i]`, the cell's index pushed by `cell`. */
  const netAddress = (cell: () => void) => {
    cell();
    b.localGet(m)
      .op(Op.i32Mul)
      .localGet(I)
      .op(Op.i32Add)
      .i32Const(3)
      .op(Op.i32Shl)
      .localGet(netB)
      .op(Op.i32Add);
  };
  /** net[cell · m + i] += the f64 that `value` pushes. */
  const addToNet = (cell: () => void, amount: () => void) => {
    netAddress(cell);
    b.localTee(at).localGet(at).f64Load(0);
    amount();
    b.op(Op.f64Add).f64Store(0);
  };
  /** `binomial(stream, n, p)` (`hop-binomial-code.ts`), the stream's state handed over in the header; into `into`. */
  const general = (trials: () => void, chance: () => void, into: number) => {
    random.store(4 * StageHeader.rng);
    trials();
    chance();
    b.call(StageFunction.binomial).localSet(into);
    random.load(4 * StageHeader.rng);
  };
  /** `half(stream, local from)` into `into`: a popcount of `from` random bits up to 256, else the general sampler. */
  const half = (from: number, into: number) => {
    b.localGet(from).f64Const(POPCOUNT_TRIALS).op(Op.f64Gt);
    open('if');
    general(
      () => b.localGet(from),
      () => b.f64Const(0.5),
      into,
    );
    b.else();
    b.localGet(from).op(Op.i32TruncF64U).localSet(rem);
    b.i32Const(0).localSet(ones);
    const done = open('block');
    const words = open('loop');
    b.localGet(rem).i32Const(32).op(Op.i32LtS);
    leaveIf(done);
    random.nextUint32(bits);
    b.localGet(ones).localGet(bits).op(Op.i32Popcnt, Op.i32Add).localSet(ones);
    b.localGet(rem).i32Const(32).op(Op.i32Sub).localSet(rem);
    leave(words);
    close();
    close();
    b.localGet(rem).i32Const(0).op(Op.i32GtS);
    open('if');
    random.nextUint32(bits);
    b.localGet(ones)
      .localGet(bits)
      .i32Const(32)
      .localGet(rem)
      .op(Op.i32Sub, Op.i32ShrU, Op.i32Popcnt, Op.i32Add)
      .localSet(ones);
    close();
    b.localGet(ones).op(Op.f64ConvertI32U).localSet(into);
    close();
  };

  // Prologue: the header into locals, the stream's state.
  const words: [number, number][] = [
    [StageHeader.x, xB],
    [StageHeader.net, netB],
    [StageHeader.link, lB],
    [StageHeader.degree, dB],
    [StageHeader.runs, runs],
    [StageHeader.runCount, runCount],
    [StageHeader.n, n],
    [StageHeader.m, m],
    [StageHeader.hasStep, hasStep],
  ];
  for (const [word, local] of words)
    b.i32Const(0)
      .i32Load(4 * word)
      .localSet(local);
  steps.forEach((local, q) => {
    b.i32Const(0)
      .i32Load(4 * (StageHeader.step + q))
      .localSet(local);
  });
  random.load(4 * StageHeader.rng);
  b.f64Const(0).localSet(hops);
  // Only the runs of cells with an open bond (`HopStageKernel.draw` keeps them): the others draw
  // nothing, and on a map that is mostly sea, skipping them spares reading most of the counts.
  b.i32Const(0).localSet(run);
  const runsDone = open('block');
  const runLoop = open('loop');
  b.localGet(run).localGet(runCount).op(Op.i32GeS);
  leaveIf(runsDone);
  b.localGet(run).i32Const(3).op(Op.i32Shl).localGet(runs).op(Op.i32Add).localTee(at).i32Load(0).localSet(k);
  b.localGet(at).i32Load(4).localSet(runEnd);

  const cellsDone = open('block');
  const cellLoop = open('loop');
  b.localGet(k).localGet(runEnd).op(Op.i32GeS);
  leaveIf(cellsDone);
  const next = open('block');
  // const count = x[k · n + c]; if (count === 0) continue;
  b.localGet(k)
    .localGet(n)
    .op(Op.i32Mul)
    .localGet(C)
    .op(Op.i32Add)
    .i32Const(3)
    .op(Op.i32Shl)
    .localGet(xB)
    .op(Op.i32Add)
    .f64Load(0)
    .localTee(count)
    .f64Const(0)
    .op(Op.f64Eq);
  leaveIf(next);
  // const d = degree[k]; if (d === 0) continue;
  b.localGet(dB).localGet(k).op(Op.i32Add).i32Load8U(0).localTee(d).op(Op.i32Eqz);
  leaveIf(next);

  // left = leave[d].draw(stream, count): the table's inversion (`BinomialTable.draw`), or the general sampler.
  b.localGet(d)
    .i32Const(4 * TABLE_WORDS)
    .op(Op.i32Mul)
    .localTee(table)
    .i32Load(4 * (StageHeader.table + 3))
    .localGet(count)
    .f64Const(MAX_TRIALS)
    .op(Op.f64Le, Op.i32And);
  open('if');
  // base = start[count]; length = start[count + 1] − base.
  b.localGet(table)
    .i32Load(4 * StageHeader.table)
    .localGet(count)
    .op(Op.i32TruncF64U)
    .i32Const(2)
    .op(Op.i32Shl, Op.i32Add)
    .localTee(at)
    .i32Load(0)
    .localSet(base);
  b.localGet(at).i32Load(4).localGet(base).op(Op.i32Sub).localSet(length);
  random.next();
  b.localSet(u);
  // k = guide[base + ⌊u · length⌋]; while (u ≥ cdf[base + k]) k++ (the table's k is `rem` here).
  b.localGet(table)
    .i32Load(4 * (StageHeader.table + 2))
    .localGet(base)
    .localGet(u)
    .localGet(length)
    .op(Op.f64ConvertI32U, Op.f64Mul, Op.i32TruncF64U, Op.i32Add)
    .i32Const(2)
    .op(Op.i32Shl, Op.i32Add)
    .i32Load(0)
    .localSet(rem);
  b.localGet(table)
    .i32Load(4 * (StageHeader.table + 1))
    .localGet(base)
    .i32Const(3)
    .op(Op.i32Shl, Op.i32Add);
  b.localSet(at);
  const search = open('block');
  const step = open('loop');
  b.localGet(u).localGet(at).localGet(rem).i32Const(3).op(Op.i32Shl, Op.i32Add).f64Load(0).op(Op.f64Lt);
  leaveIf(search);
  b.localGet(rem).i32Const(1).op(Op.i32Add).localSet(rem);
  leave(step);
  close();
  close();
  b.localGet(rem).op(Op.f64ConvertI32U).localSet(left);
  b.else();
  general(
    () => b.localGet(count),
    () => b.localGet(d).i32Const(3).op(Op.i32Shl).f64Load(CHANCE),
    left,
  );
  close();
  b.localGet(left).f64Const(0).op(Op.f64Eq);
  leaveIf(next);
  b.localGet(hops).localGet(left).op(Op.f64Add).localSet(hops);
  addToNet(
    () => b.localGet(k),
    () => b.localGet(left).op(Op.f64Neg),
  );

  // Four open bonds on a map with walls for edges: halves, then halves of each.
  b.localGet(d).i32Const(DIRECTIONS).op(Op.i32Eq).localGet(hasStep).op(Op.i32And);
  open('if');
  half(left, north);
  b.localGet(left).localGet(north).op(Op.f64Sub).localSet(south);
  half(north, n0);
  half(south, s0);
  const towards = (q: number, amount: () => void) =>
    addToNet(() => b.localGet(k).localGet(steps[q]!).op(Op.i32Add), amount);
  towards(0, () => b.localGet(n0));
  towards(1, () => b.localGet(north).localGet(n0).op(Op.f64Sub));
  towards(2, () => b.localGet(s0));
  towards(3, () => b.localGet(south).localGet(s0).op(Op.f64Sub));
  leave(next);
  close();

  // Otherwise each open bond in turn takes Binomial(left, 1 / the bonds still open) (weights of 1).
  b.localGet(d).op(Op.f64ConvertI32U).localSet(rest);
  b.i32Const(-1).localSet(last);
  b.localGet(k).i32Const(2).op(Op.i32Shl).localTee(bond).i32Const(DIRECTIONS).op(Op.i32Add).localSet(end);
  const bondsDone = open('block');
  const bondLoop = open('loop');
  b.localGet(bond).localGet(end).op(Op.i32LtS).localGet(left).f64Const(0).op(Op.f64Gt, Op.i32And, Op.i32Eqz);
  leaveIf(bondsDone);
  b.localGet(lB)
    .localGet(bond)
    .i32Const(2)
    .op(Op.i32Shl, Op.i32Add)
    .i32Load(0)
    .localTee(j)
    .i32Const(0)
    .op(Op.i32GeS);
  open('if');
  b.localGet(j).localSet(last);
  b.f64Const(1).localGet(rest).op(Op.f64Ge);
  open('if');
  b.localGet(left).localSet(share);
  b.else();
  b.f64Const(1).localGet(rest).op(Op.f64Div).localSet(p);
  b.localGet(left).localGet(p).op(Op.f64Mul).f64Const(INVERSION_LIMIT).op(Op.f64Lt);
  open('if');
  // `binomialInversion(stream, left, 1 / rest)` (0 < p ≤ ½, left > 0, a mean below 10), its
  // first term exp(left · log1p(−p)) from the table of `SHARE_FIRST` (left < 10 · rest ≤ 40).
  b.localGet(p).f64Const(1).localGet(p).op(Op.f64Sub, Op.f64Div).localSet(odds);
  random.next();
  b.localSet(u);
  b.localGet(rest)
    .op(Op.i32TruncF64U)
    .i32Const(2)
    .op(Op.i32Sub)
    .i32Const(SHARE_FIRST_PER_REST)
    .op(Op.i32Mul)
    .localGet(left)
    .op(Op.i32TruncF64U, Op.i32Add)
    .i32Const(3)
    .op(Op.i32Shl)
    .f64Load(SHARE_FIRST)
    .localTee(pk)
    .localSet(cdf);
  b.f64Const(0).localSet(share);
  const shared = open('block');
  const stepping = open('loop');
  // while (u >= cdf && k < n) { k++; pk *= (odds · (n − k + 1)) / k; cdf += pk; }
  b.localGet(u).localGet(cdf).op(Op.f64Ge).localGet(share).localGet(left).op(Op.f64Lt, Op.i32And, Op.i32Eqz);
  leaveIf(shared);
  b.localGet(share).f64Const(1).op(Op.f64Add).localSet(share);
  b.localGet(pk)
    .localGet(odds)
    .localGet(left)
    .localGet(share)
    .op(Op.f64Sub)
    .f64Const(1)
    .op(Op.f64Add, Op.f64Mul)
    .localGet(share)
    .op(Op.f64Div, Op.f64Mul)
    .localSet(pk);
  b.localGet(cdf).localGet(pk).op(Op.f64Add).localSet(cdf);
  leave(stepping);
  close();
  close();
  b.else();
  general(
    () => b.localGet(left),
    () => b.localGet(p),
    share,
  );
  close();
  close();
  addToNet(
    () => b.localGet(j),
    () => b.localGet(share),
  );
  b.localGet(left).localGet(share).op(Op.f64Sub).localSet(left);
  b.localGet(rest).f64Const(1).op(Op.f64Sub).localSet(rest);
  close();
  b.localGet(bond).i32Const(1).op(Op.i32Add).localSet(bond);
  leave(bondLoop);
  close();
  close();
  // What rounding of the weights left over goes the last way open.
  b.localGet(left).f64Const(0).op(Op.f64Gt);
  open('if');
  addToNet(
    () => b.localGet(last),
    () => b.localGet(left),
  );
  close();
  close(); // next

  b.localGet(k).i32Const(1).op(Op.i32Add).localSet(k);
  leave(cellLoop);
  close();
  close();
  b.localGet(run).i32Const(1).op(Op.i32Add).localSet(run);
  leave(runLoop);
  close();
  close();

  random.store(4 * StageHeader.rng);
  b.localGet(hops);
  return b;
}
