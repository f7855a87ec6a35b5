import { controlFlow, FunctionBody, Op, ValueType } from '../../core/wasm-module.js';
import { StageFunction, StageHeader } from './hop-stage-layout.js';

/**
 * The code of the compiled hop stage's booking (`HopStageKernel.book`): `SpatialTau.applyHops`
 * for a lattice without contact across bonds, then the first test of the re-rating in
 * `SpatialTau.stage`, so that JavaScript re-rates only the cells that can fire or were active.
 *
 * `applyHops` goes mover by mover over the cells: each net change δ ≠ 0 is added to the count and
 * zeroed, the cell is marked (appended to `dirty` unless marked already), and an arrival of the
 * attacker not yet recorded is h. So the marks come in this order: those made before the stage
 * (`count` of them, by the leaps that end at it), then the cells with a change of mover 0 in cell
 * order, then those with a change of mover 1 and none of mover 0, and so on. `book` makes one
 * pass over the cells instead (their net changes and counts are side by side), applying every
 * mover's change of a cell at once and appending it, if not marked before, to the list of the
 * first mover that changed it (`lists`, `listLength`); the lists, after the earlier marks, give the
 * same order. A cell is kept only if the re-rating would do something to it (`keeps`): it is not
 * idle, or some reaction of it has all its reactants (`SpatialTau.mayFire` without bonds), on
 * its counts after the stage, which are final once its own changes are applied. The earlier
 * marks are unmarked and kept likewise. Returns how many cells are kept, in order, in `dirty`.
 */
export function bookBody(reactants: Reactants): FunctionBody {
  const b = new FunctionBody({
    params: [ValueType.f64, ValueType.i32, ValueType.i32],
    results: [ValueType.i32],
  });
  const H = 0;
  const ATTACKER = 1;
  const COUNT = 2;
  const i32 = () => b.local(ValueType.i32);
  const [xB, netB, cells, n, m, dirtyB, markB, arrivalB] = [
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
  ];
  const [moverB, listB, lengthB] = [i32(), i32(), i32()];
  const [i, c, k, at, kept, q, first, netAt, xAt, e, end] = [
    i32(),
    i32(),
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
  const delta = b.local(ValueType.f64);
  const value = b.local(ValueType.f64);
  const [runs, runCount, run, runEnd] = [i32(), i32(), i32(), i32()];
  const [modeB, keep] = [i32(), i32()];
  const flow = controlFlow(b);

  const words: [number, number][] = [
    [StageHeader.x, xB],
    [StageHeader.net, netB],
    [StageHeader.cells, cells],
    [StageHeader.n, n],
    [StageHeader.m, m],
    [StageHeader.dirty, dirtyB],
    [StageHeader.isDirty, markB],
    [StageHeader.arrival, arrivalB],
    [StageHeader.movers, moverB],
    [StageHeader.lists, listB],
    [StageHeader.mode, modeB],
    [StageHeader.listLength, lengthB],
    [StageHeader.runs, runs],
    [StageHeader.runCount, runCount],
  ];
  for (const [word, local] of words)
    b.i32Const(0)
      .i32Load(4 * word)
      .localSet(local);
  /** Pushes the address of word `index` (a local) of the i32 array at `base`. */
  const word = (base: number, index: number) =>
    b.localGet(base).localGet(index).i32Const(2).op(Op.i32Shl, Op.i32Add);

  // No cell listed yet.
  b.i32Const(0).localSet(i);
  const cleared = flow.open('block');
  const clearing = flow.open('loop');
  b.localGet(i).localGet(m).op(Op.i32GeS);
  flow.leaveIf(cleared);
  word(lengthB, i);
  b.i32Const(0).i32Store(0);
  b.localGet(i).i32Const(1).op(Op.i32Add).localSet(i);
  flow.leave(clearing);
  flow.close();
  flow.close();

  // One pass over the cells: net at k · m + i, counts at k · n + c. Only the runs of cells with an
  // open bond (`HopStageKernel` keeps them): a cell without one has no hops in or out, so no change.
  b.i32Const(0).localSet(run);
  const runsDone = flow.open('block');
  const runLoop = flow.open('loop');
  b.localGet(run).localGet(runCount).op(Op.i32GeS);
  flow.leaveIf(runsDone);
  b.localGet(run).i32Const(3).op(Op.i32Shl).localGet(runs).op(Op.i32Add).localTee(at).i32Load(0).localSet(k);
  b.localGet(at).i32Load(4).localSet(runEnd);
  b.localGet(k)
    .localGet(m)
    .op(Op.i32Mul)
    .i32Const(3)
    .op(Op.i32Shl)
    .localGet(netB)
    .op(Op.i32Add)
    .localSet(netAt);
  const cellsDone = flow.open('block');
  const cellLoop = flow.open('loop');
  b.localGet(k).localGet(runEnd).op(Op.i32GeS);
  flow.leaveIf(cellsDone);
  b.localGet(k).localGet(n).op(Op.i32Mul).i32Const(3).op(Op.i32Shl).localGet(xB).op(Op.i32Add).localSet(xAt);
  b.i32Const(-1).localSet(first);
  b.i32Const(0).localSet(i);
  const moversDone = flow.open('block');
  const moverLoop = flow.open('loop');
  b.localGet(i).localGet(m).op(Op.i32GeS);
  flow.leaveIf(moversDone);
  const nextMover = flow.open('block');
  b.localGet(netAt).f64Load(0).localTee(delta).f64Const(0).op(Op.f64Eq);
  flow.leaveIf(nextMover);
  b.localGet(netAt).f64Const(0).f64Store(0);
  // x[k · n + c] += delta
  word(moverB, i);
  b.i32Load(0).localTee(c).i32Const(3).op(Op.i32Shl).localGet(xAt).op(Op.i32Add).localTee(at);
  b.localGet(at).f64Load(0).localGet(delta).op(Op.f64Add).f64Store(0);
  b.localGet(first).i32Const(0).op(Op.i32LtS);
  flow.open('if');
  b.localGet(i).localSet(first);
  flow.close();
  // if (c === attacker && delta > 0 && Number.isNaN(arrival[k])) arrival[k] = h;
  b.localGet(c).localGet(ATTACKER).op(Op.i32Eq).localGet(delta).f64Const(0).op(Op.f64Gt, Op.i32And);
  flow.open('if');
  b.localGet(arrivalB)
    .localGet(k)
    .i32Const(3)
    .op(Op.i32Shl, Op.i32Add)
    .localTee(at)
    .f64Load(0)
    .localTee(value);
  b.localGet(value).op(Op.f64Ne);
  flow.open('if');
  b.localGet(at).localGet(H).f64Store(0);
  flow.close();
  flow.close();
  flow.close(); // nextMover
  b.localGet(netAt).i32Const(8).op(Op.i32Add).localSet(netAt);
  b.localGet(i).i32Const(1).op(Op.i32Add).localSet(i);
  flow.leave(moverLoop);
  flow.close();
  flow.close();
  // Changed, not marked before, and kept: onto the list of the first mover that changed it.
  b.localGet(first).i32Const(0).op(Op.i32GeS);
  b.localGet(markB).localGet(k).op(Op.i32Add).i32Load8U(0).op(Op.i32Eqz, Op.i32And);
  flow.open('if');
  emitKeeps(b, reactants, k, modeB, xAt, keep);
  b.localGet(keep);
  flow.open('if');
  word(lengthB, first);
  b.localTee(at).i32Load(0).localSet(e);
  b.localGet(at).localGet(e).i32Const(1).op(Op.i32Add).i32Store(0);
  b.localGet(listB).localGet(first).localGet(cells).op(Op.i32Mul).localGet(e).op(Op.i32Add);
  b.i32Const(2).op(Op.i32Shl, Op.i32Add).localGet(k).i32Store(0);
  flow.close();
  flow.close();
  b.localGet(k).i32Const(1).op(Op.i32Add).localSet(k);
  flow.leave(cellLoop);
  flow.close();
  flow.close();
  b.localGet(run).i32Const(1).op(Op.i32Add).localSet(run);
  flow.leave(runLoop);
  flow.close();
  flow.close();

  // The earlier marks: unmarked, and kept in place if the re-rating would do something.
  b.i32Const(0).localSet(kept);
  b.i32Const(0).localSet(q);
  const markedDone = flow.open('block');
  const markedLoop = flow.open('loop');
  b.localGet(q).localGet(COUNT).op(Op.i32GeS);
  flow.leaveIf(markedDone);
  word(dirtyB, q);
  b.i32Load(0).localTee(k);
  b.localGet(markB).op(Op.i32Add).i32Const(0).i32Store8(0);
  b.localGet(k).call(StageFunction.keeps);
  flow.open('if');
  word(dirtyB, kept);
  b.localGet(k).i32Store(0);
  b.localGet(kept).i32Const(1).op(Op.i32Add).localSet(kept);
  flow.close();
  b.localGet(q).i32Const(1).op(Op.i32Add).localSet(q);
  flow.leave(markedLoop);
  flow.close();
  flow.close();

  // Then each mover's list, in mover order.
  b.i32Const(0).localSet(i);
  const listsDone = flow.open('block');
  const listLoop = flow.open('loop');
  b.localGet(i).localGet(m).op(Op.i32GeS);
  flow.leaveIf(listsDone);
  word(lengthB, i);
  b.i32Load(0).localSet(end);
  b.localGet(i).localGet(cells).op(Op.i32Mul).localSet(e);
  b.localGet(e).localGet(end).op(Op.i32Add).localSet(end);
  const copied = flow.open('block');
  const copying = flow.open('loop');
  b.localGet(e).localGet(end).op(Op.i32GeS);
  flow.leaveIf(copied);
  word(dirtyB, kept);
  word(listB, e);
  b.i32Load(0).i32Store(0);
  b.localGet(kept).i32Const(1).op(Op.i32Add).localSet(kept);
  b.localGet(e).i32Const(1).op(Op.i32Add).localSet(e);
  flow.leave(copying);
  flow.close();
  flow.close();
  b.localGet(i).i32Const(1).op(Op.i32Add).localSet(i);
  flow.leave(listLoop);
  flow.close();
  flow.close();
  b.localGet(kept);
  return b;
}

/** A network's reactants, per reaction j at `reactantIndex[reactantStart[j] … reactantStart[j + 1]]`, with their counts. */
export interface Reactants {
  readonly reactantStart: Int32Array;
  readonly reactantIndex: Int32Array;
  readonly reactantCount: Int32Array;
}

/**
 * Emits, in place, whether cell k is kept (see `bookBody`): its mode (at byte `mode` + k) is not
 * idle, or some reaction has all its reactants among its counts (from byte `cx`), each reaction's
 * test written out with its compartments and counts as constants. 0 or 1 into `result`.
 */
function emitKeeps(
  b: FunctionBody,
  reactants: Reactants,
  k: number,
  mode: number,
  cx: number,
  result: number,
): void {
  const { reactantStart, reactantIndex, reactantCount } = reactants;
  const flow = controlFlow(b);
  const done = flow.open('block');
  b.i32Const(1).localSet(result);
  b.localGet(mode).localGet(k).op(Op.i32Add).i32Load8U(0);
  flow.leaveIf(done);
  for (let j = 0; j + 1 < reactantStart.length; j++) {
    const short = flow.open('block');
    for (let r = reactantStart[j]!; r < reactantStart[j + 1]!; r++) {
      // x[base + reactantIndex[r]] < reactantCount[r]: not this reaction.
      b.localGet(cx)
        .f64Load(8 * reactantIndex[r]!)
        .f64Const(reactantCount[r]!)
        .op(Op.f64Lt);
      flow.leaveIf(short);
    }
    flow.leave(done);
    flow.close();
  }
  b.i32Const(0).localSet(result);
  flow.close();
}

/** `keeps(k) → 0 or 1`: `emitKeeps` as a function, for the cells marked before the stage. */
export function keepsBody(reactants: Reactants): FunctionBody {
  const b = new FunctionBody({ params: [ValueType.i32], results: [ValueType.i32] });
  const K = 0;
  const [cx, mode, result] = [b.local(ValueType.i32), b.local(ValueType.i32), b.local(ValueType.i32)];
  b.i32Const(0)
    .i32Load(4 * StageHeader.mode)
    .localSet(mode);
  b.localGet(K)
    .i32Const(0)
    .i32Load(4 * StageHeader.n)
    .op(Op.i32Mul)
    .i32Const(3)
    .op(Op.i32Shl)
    .i32Const(0)
    .i32Load(4 * StageHeader.x)
    .op(Op.i32Add)
    .localSet(cx);
  emitKeeps(b, reactants, K, mode, cx, result);
  b.localGet(result);
  return b;
}
