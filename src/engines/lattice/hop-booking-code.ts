import { FunctionBody, Op, ValueType } from '../../core/wasm-module.js';
import { StageHeader } from './hop-stage-layout.js';

/**
 * The code of the compiled hop stage's booking (`HopStageKernel.book`): `SpatialTau.applyHops`
 * for a lattice without contact across bonds, then the first test of the re-rating in
 * `SpatialTau.stage`, so that JavaScript re-rates only the cells that can fire or were active.
 *
 * `book(h, attacker, count) → count`: per mover i (compartment c) and cell k in that order, a
 * net change δ ≠ 0 is added to x[k · n + c] and zeroed, k is marked (appended to `dirty` unless
 * `isDirty[k]`), and if c is the attacker and δ > 0, an arrival not yet recorded is h. Then
 * every marked cell (the `count` marked before, then the new ones, in order) is unmarked, and
 * kept in `dirty`, in the same order, if it was not idle (`mode[k] ≠ 0`) or some reaction of it
 * has all its reactants (`SpatialTau.mayFire` without bonds); the others are exactly those on
 * which `stage` does nothing. Returns how many are kept.
 */
export function bookBody(): FunctionBody {
  const b = new FunctionBody({
    params: [ValueType.f64, ValueType.i32, ValueType.i32],
    results: [ValueType.i32],
  });
  const H = 0;
  const ATTACKER = 1;
  const COUNT = 2;
  const i32 = () => b.local(ValueType.i32);
  const [xB, netB, cells, n, m, dirtyB, markB, modeB] = [
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
    i32(),
  ];
  const [arrivalB, moverB, reactions, startB, indexB, needB] = [i32(), i32(), i32(), i32(), i32(), i32()];
  const [i, c, k, at, kept, q, j, r, rEnd, ready, cx] = [
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

  let depth = 0;
  const open = (kind: 'block' | 'loop' | 'if') => {
    if (kind === 'block') b.block();
    else if (kind === 'loop') b.loop();
    else b.if();
    return ++depth;
  };
  const close = () => {
    b.end();
    depth--;
  };
  const leave = (level: number) => b.br(depth - level);
  const leaveIf = (level: number) => b.brIf(depth - level);

  const words: [number, number][] = [
    [StageHeader.x, xB],
    [StageHeader.net, netB],
    [StageHeader.cells, cells],
    [StageHeader.n, n],
    [StageHeader.m, m],
    [StageHeader.dirty, dirtyB],
    [StageHeader.isDirty, markB],
    [StageHeader.mode, modeB],
    [StageHeader.arrival, arrivalB],
    [StageHeader.movers, moverB],
    [StageHeader.reactions, reactions],
    [StageHeader.reactantStart, startB],
    [StageHeader.reactantIndex, indexB],
    [StageHeader.reactantCount, needB],
  ];
  for (const [word, local] of words)
    b.i32Const(0)
      .i32Load(4 * word)
      .localSet(local);

  // applyHops: per mover, per cell.
  b.i32Const(0).localSet(i);
  const moversDone = open('block');
  const moverLoop = open('loop');
  b.localGet(i).localGet(m).op(Op.i32GeS);
  leaveIf(moversDone);
  b.localGet(moverB).localGet(i).i32Const(2).op(Op.i32Shl, Op.i32Add).i32Load(0).localSet(c);
  b.i32Const(0).localSet(k);
  const cellsDone = open('block');
  const cellLoop = open('loop');
  b.localGet(k).localGet(cells).op(Op.i32GeS);
  leaveIf(cellsDone);
  const next = open('block');
  // const delta = net[k · m + i]; if (delta === 0) continue; net[k · m + i] = 0;
  b.localGet(k)
    .localGet(m)
    .op(Op.i32Mul)
    .localGet(i)
    .op(Op.i32Add)
    .i32Const(3)
    .op(Op.i32Shl)
    .localGet(netB)
    .op(Op.i32Add)
    .localTee(at)
    .f64Load(0)
    .localTee(delta)
    .f64Const(0)
    .op(Op.f64Eq);
  leaveIf(next);
  b.localGet(at).f64Const(0).f64Store(0);
  // x[k · n + c] += delta
  b.localGet(k)
    .localGet(n)
    .op(Op.i32Mul)
    .localGet(c)
    .op(Op.i32Add)
    .i32Const(3)
    .op(Op.i32Shl)
    .localGet(xB)
    .op(Op.i32Add)
    .localTee(at)
    .localGet(at)
    .f64Load(0)
    .localGet(delta)
    .op(Op.f64Add)
    .f64Store(0);
  // mark(k)
  b.localGet(markB).localGet(k).op(Op.i32Add).localTee(at).i32Load8U(0).op(Op.i32Eqz);
  open('if');
  b.localGet(at).i32Const(1).i32Store8(0);
  b.localGet(dirtyB).localGet(COUNT).i32Const(2).op(Op.i32Shl, Op.i32Add).localGet(k).i32Store(0);
  b.localGet(COUNT).i32Const(1).op(Op.i32Add).localSet(COUNT);
  close();
  // if (c === attacker && delta > 0 && Number.isNaN(arrival[k])) arrival[k] = h;
  b.localGet(c).localGet(ATTACKER).op(Op.i32Eq).localGet(delta).f64Const(0).op(Op.f64Gt, Op.i32And);
  open('if');
  b.localGet(arrivalB)
    .localGet(k)
    .i32Const(3)
    .op(Op.i32Shl, Op.i32Add)
    .localTee(at)
    .f64Load(0)
    .localTee(value);
  b.localGet(value).op(Op.f64Ne);
  open('if');
  b.localGet(at).localGet(H).f64Store(0);
  close();
  close();
  close(); // next
  b.localGet(k).i32Const(1).op(Op.i32Add).localSet(k);
  leave(cellLoop);
  close();
  close();
  b.localGet(i).i32Const(1).op(Op.i32Add).localSet(i);
  leave(moverLoop);
  close();
  close();

  // The marked cells: unmarked, and kept if active or able to fire.
  b.i32Const(0).localSet(kept);
  b.i32Const(0).localSet(q);
  const markedDone = open('block');
  const markedLoop = open('loop');
  b.localGet(q).localGet(COUNT).op(Op.i32GeS);
  leaveIf(markedDone);
  b.localGet(dirtyB).localGet(q).i32Const(2).op(Op.i32Shl, Op.i32Add).i32Load(0).localTee(k);
  b.localGet(markB).op(Op.i32Add).i32Const(0).i32Store8(0);
  b.localGet(modeB).localGet(k).op(Op.i32Add).i32Load8U(0).localSet(ready);
  // mayFire(k), where the cell is idle: some reaction with all its reactants.
  b.localGet(ready).op(Op.i32Eqz);
  open('if');
  b.localGet(k).localGet(n).op(Op.i32Mul).i32Const(3).op(Op.i32Shl).localGet(xB).op(Op.i32Add).localSet(cx);
  b.i32Const(0).localSet(j);
  const reactionsDone = open('block');
  const reactionLoop = open('loop');
  b.localGet(j).localGet(reactions).op(Op.i32GeS);
  leaveIf(reactionsDone);
  b.i32Const(1).localSet(ready);
  b.localGet(startB).localGet(j).i32Const(2).op(Op.i32Shl, Op.i32Add).localTee(at).i32Load(0).localSet(r);
  b.localGet(at).i32Load(4).localSet(rEnd);
  const reactantsDone = open('block');
  const reactantLoop = open('loop');
  b.localGet(r).localGet(rEnd).op(Op.i32GeS);
  leaveIf(reactantsDone);
  // if (x[base + reactantIndex[r]] < reactantCount[r]) not ready.
  b.localGet(cx)
    .localGet(indexB)
    .localGet(r)
    .i32Const(2)
    .op(Op.i32Shl, Op.i32Add)
    .i32Load(0)
    .i32Const(3)
    .op(Op.i32Shl, Op.i32Add)
    .f64Load(0);
  b.localGet(needB).localGet(r).i32Const(2).op(Op.i32Shl, Op.i32Add).i32Load(0).op(Op.f64ConvertI32S);
  b.op(Op.f64Lt);
  open('if');
  b.i32Const(0).localSet(ready);
  leave(reactantsDone);
  close();
  b.localGet(r).i32Const(1).op(Op.i32Add).localSet(r);
  leave(reactantLoop);
  close();
  close();
  b.localGet(ready);
  leaveIf(reactionsDone);
  b.localGet(j).i32Const(1).op(Op.i32Add).localSet(j);
  leave(reactionLoop);
  close();
  close();
  close();
  b.localGet(ready);
  open('if');
  b.localGet(dirtyB).localGet(kept).i32Const(2).op(Op.i32Shl, Op.i32Add).localGet(k).i32Store(0);
  b.localGet(kept).i32Const(1).op(Op.i32Add).localSet(kept);
  close();
  b.localGet(q).i32Const(1).op(Op.i32Add).localSet(q);
  leave(markedLoop);
  close();
  close();
  b.localGet(kept);
  return b;
}
