import { INVERSION_LIMIT } from '../../core/distributions.js';
import { HALF_LOG_TWO_PI } from '../../core/log-factorial.js';
import { controlFlow, FunctionBody, Op, ValueType } from '../../core/wasm-module.js';
import { WasmRandom } from '../stochastic/wasm-random.js';
import {
  EXP,
  HALF_MODE,
  HALF_MODE_CACHE,
  LOG,
  LOG1P,
  STIRLING,
  STIRLING_TABLE,
  StageFunction,
  StageHeader,
} from './hop-stage-layout.js';

/**
 * `core/distributions.ts`'s `binomial` in the compiled hop stage, for what its tables and
 * popcounts do not serve: inversion of the cdf below a mean of 10, Hörmann's BTRS above, with
 * `core/log-pmf.ts`'s binomial log-pmf in Loader's form (`core/log-factorial.ts`'s Stirling error
 * and deviance). Each function performs the same floating-point operations in the same order as
 * its JavaScript twin, with Math's exp, log1p and log imported (the same functions), and
 * `binomial` draws the same random numbers from the stream's state in the header, so a draw is
 * the same to the last bit.
 */

/** The Stirling series' coefficients, as `core/log-factorial.ts` has them. */
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/** `stirlingError(k)`: the table below 16 (in memory at `STIRLING`), the series above. */
export function stirlingBody(): FunctionBody {
  const b = new FunctionBody({ params: [ValueType.f64], results: [ValueType.f64] });
  const K = 0;
  const kk = b.local(ValueType.f64);
  b.localGet(K).f64Const(STIRLING_TABLE).op(Op.f64Lt);
  b.if(ValueType.f64);
  b.localGet(K).op(Op.i32TruncF64U).i32Const(3).op(Op.i32Shl).f64Load(STIRLING);
  b.else();
  b.localGet(K).localGet(K).op(Op.f64Mul).localSet(kk);
  const inner = b.local(ValueType.f64);
  const series = (terms: number[]): void => {
    // Evaluated as written: S0 − (S1 − (S2 − S3 / kk) / kk) / kk, each division then subtraction.
    const last = terms.length - 1;
    b.f64Const(terms[last - 1]!)
      .f64Const(terms[last]!)
      .localGet(kk)
      .op(Op.f64Div, Op.f64Sub);
    for (let t = last - 2; t >= 0; t--) {
      b.localGet(kk).op(Op.f64Div).localSet(inner);
      b.f64Const(terms[t]!).localGet(inner).op(Op.f64Sub);
    }
    b.localGet(K).op(Op.f64Div);
  };
  b.localGet(K).f64Const(500).op(Op.f64Gt);
  b.if(ValueType.f64);
  series([S0, S1]);
  b.else();
  b.localGet(K).f64Const(80).op(Op.f64Gt);
  b.if(ValueType.f64);
  series([S0, S1, S2]);
  b.else();
  b.localGet(K).f64Const(35).op(Op.f64Gt);
  b.if(ValueType.f64);
  series([S0, S1, S2, S3]);
  b.else();
  series([S0, S1, S2, S3, S4]);
  b.end().end().end();
  b.end();
  return b;
}

/** `deviance(x, m)`: Loader's bd0, by its series near m, else directly. */
export function devianceBody(): FunctionBody {
  const b = new FunctionBody({ params: [ValueType.f64, ValueType.f64], results: [ValueType.f64] });
  const X = 0;
  const M = 1;
  const [difference, v, sum, term, next, j] = Array.from({ length: 6 }, () => b.local(ValueType.f64)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const c = controlFlow(b);
  const done = c.open('block');
  // if (|x − m| < 0.1 · (x + m)) the series.
  b.localGet(X).localGet(M).op(Op.f64Sub).localTee(difference).op(Op.f64Abs);
  b.f64Const(0.1).localGet(X).localGet(M).op(Op.f64Add, Op.f64Mul, Op.f64Lt);
  c.open('if');
  b.localGet(difference).localGet(X).localGet(M).op(Op.f64Add, Op.f64Div).localSet(v);
  b.localGet(difference).localGet(v).op(Op.f64Mul).localSet(sum);
  b.f64Const(2).localGet(X).op(Op.f64Mul).localGet(v).op(Op.f64Mul).localSet(term);
  b.localGet(v).localGet(v).op(Op.f64Mul).localSet(v);
  b.f64Const(3).localSet(j);
  const terms = c.open('loop');
  b.localGet(term).localGet(v).op(Op.f64Mul).localSet(term);
  b.localGet(sum).localGet(term).localGet(j).op(Op.f64Div, Op.f64Add).localTee(next);
  b.localGet(sum).op(Op.f64Eq);
  c.open('if');
  b.localGet(next).localSet(sum);
  c.leave(done);
  c.close();
  b.localGet(next).localSet(sum);
  b.localGet(j).f64Const(2).op(Op.f64Add).localSet(j);
  c.leave(terms);
  c.close();
  c.close();
  // x · log(x / m) + m − x
  b.localGet(X).localGet(X).localGet(M).op(Op.f64Div).call(LOG).op(Op.f64Mul);
  b.localGet(M).op(Op.f64Add).localGet(X).op(Op.f64Sub).localSet(sum);
  c.close();
  b.localGet(sum);
  return b;
}

/** `binomialLogPmf(k, n, p)` for whole 0 ≤ k ≤ n and 0 < p < 1. */
export function logPmfBody(): FunctionBody {
  const b = new FunctionBody({
    params: [ValueType.f64, ValueType.f64, ValueType.f64],
    results: [ValueType.f64],
  });
  const K = 0;
  const N = 1;
  const P = 2;
  const rest = b.local(ValueType.f64);
  b.localGet(K).f64Const(0).op(Op.f64Eq);
  b.if(ValueType.f64);
  b.localGet(N).localGet(P).op(Op.f64Neg).call(LOG1P).op(Op.f64Mul);
  b.else();
  b.localGet(K).localGet(N).op(Op.f64Eq);
  b.if(ValueType.f64);
  b.localGet(N).localGet(P).call(LOG).op(Op.f64Mul);
  b.else();
  b.localGet(N).localGet(K).op(Op.f64Sub).localSet(rest);
  b.localGet(N).call(StageFunction.stirlingError);
  b.localGet(K).call(StageFunction.stirlingError).op(Op.f64Sub);
  b.localGet(rest).call(StageFunction.stirlingError).op(Op.f64Sub);
  b.localGet(K).localGet(N).localGet(P).op(Op.f64Mul).call(StageFunction.deviance).op(Op.f64Sub);
  b.localGet(rest).localGet(N).f64Const(1).localGet(P).op(Op.f64Sub, Op.f64Mul);
  b.call(StageFunction.deviance).op(Op.f64Sub);
  b.f64Const(HALF_LOG_TWO_PI).op(Op.f64Sub);
  b.f64Const(0.5).localGet(K).localGet(rest).op(Op.f64Mul).localGet(N).op(Op.f64Div).call(LOG);
  b.op(Op.f64Mul, Op.f64Sub);
  b.end().end();
  return b;
}

/**
 * `binomial(stream, n, p)` for a whole n ≥ 0 and 0 ≤ p ≤ 1, the stream's state read from and
 * written back to the header (`StageHeader.rng`).
 */
export function binomialBody(): FunctionBody {
  const b = new FunctionBody({ params: [ValueType.f64, ValueType.f64], results: [ValueType.f64] });
  const N = 0;
  const P = 1;
  const f64 = () => b.local(ValueType.f64);
  const random = new WasmRandom(b, 0);
  const [p, k, result, odds, u, pk, cdf, flip] = [f64(), f64(), f64(), f64(), f64(), f64(), f64(), f64()];
  const [q, spq, bb, a, c0, vr, alpha, mode] = [f64(), f64(), f64(), f64(), f64(), f64(), f64(), f64()];
  const [v, us, logPmfMode] = [f64(), f64(), f64()];
  const [high, low, cached] = [b.local(ValueType.i32), b.local(ValueType.i32), b.local(ValueType.i32)];
  const c = controlFlow(b);
  random.load(4 * StageHeader.rng);
  // p > ½: n − binomial(n, 1 − p).
  b.localGet(P).f64Const(0.5).op(Op.f64Gt).localTee(high);
  b.if(ValueType.f64);
  b.f64Const(1).localGet(P).op(Op.f64Sub);
  b.else();
  b.localGet(P);
  b.end();
  b.localSet(p);
  b.localGet(high).op(Op.f64ConvertI32U).localSet(flip);
  const done = c.open('block');
  b.f64Const(0).localSet(result);
  // n = 0 or p = 0: 0, drawing nothing.
  b.localGet(N).f64Const(0).op(Op.f64Eq).localGet(p).f64Const(0).op(Op.f64Eq, Op.i32Or);
  c.leaveIf(done);
  b.localGet(N).localGet(p).op(Op.f64Mul).f64Const(INVERSION_LIMIT).op(Op.f64Lt);
  c.open('if');
  // Inversion: odds = p / (1 − p); u; pk = exp(n · log1p(−p)); step while u ≥ cdf and k < n.
  b.localGet(p).f64Const(1).localGet(p).op(Op.f64Sub, Op.f64Div).localSet(odds);
  random.next();
  b.localSet(u);
  b.localGet(N).localGet(p).op(Op.f64Neg).call(LOG1P).op(Op.f64Mul).call(EXP).localTee(pk).localSet(cdf);
  b.f64Const(0).localSet(k);
  const found = c.open('block');
  const search = c.open('loop');
  b.localGet(u).localGet(cdf).op(Op.f64Ge).localGet(k).localGet(N).op(Op.f64Lt, Op.i32And, Op.i32Eqz);
  c.leaveIf(found);
  b.localGet(k).f64Const(1).op(Op.f64Add).localSet(k);
  // pk *= (odds · (n − k + 1)) / k
  b.localGet(pk)
    .localGet(odds)
    .localGet(N)
    .localGet(k)
    .op(Op.f64Sub)
    .f64Const(1)
    .op(Op.f64Add, Op.f64Mul)
    .localGet(k)
    .op(Op.f64Div, Op.f64Mul)
    .localSet(pk);
  b.localGet(cdf).localGet(pk).op(Op.f64Add).localSet(cdf);
  c.leave(search);
  c.close();
  c.close();
  b.localGet(k).localSet(result);
  c.leave(done);
  c.close();

  // BTRS's constants.
  b.f64Const(1).localGet(p).op(Op.f64Sub).localSet(q);
  b.localGet(N).localGet(p).op(Op.f64Mul).localGet(q).op(Op.f64Mul, Op.f64Sqrt).localSet(spq);
  b.f64Const(1.15).f64Const(2.53).localGet(spq).op(Op.f64Mul, Op.f64Add).localSet(bb);
  b.f64Const(-0.0873).f64Const(0.0248).localGet(bb).op(Op.f64Mul, Op.f64Add);
  b.f64Const(0.01).localGet(p).op(Op.f64Mul, Op.f64Add).localSet(a);
  b.localGet(N).localGet(p).op(Op.f64Mul).f64Const(0.5).op(Op.f64Add).localSet(c0);
  b.f64Const(0.92).f64Const(4.2).localGet(bb).op(Op.f64Div, Op.f64Sub).localSet(vr);
  b.f64Const(2.83)
    .f64Const(5.1)
    .localGet(bb)
    .op(Op.f64Div, Op.f64Add)
    .localGet(spq)
    .op(Op.f64Mul)
    .localSet(alpha);
  b.localGet(N).f64Const(1).op(Op.f64Add).localGet(p).op(Op.f64Mul, Op.f64Floor).localSet(mode);
  b.f64Const(Number.NaN).localSet(logPmfMode);
  const tries = c.open('loop');
  // u = nextDouble() − ½ (53 bits), v = next().
  random.nextUint32(high);
  random.nextUint32(low);
  b.localGet(high).i32Const(5).op(Op.i32ShrU, Op.f64ConvertI32U).f64Const(67108864).op(Op.f64Mul);
  b.localGet(low).i32Const(6).op(Op.i32ShrU, Op.f64ConvertI32U).op(Op.f64Add);
  b.f64Const(2 ** -53)
    .op(Op.f64Mul)
    .f64Const(0.5)
    .op(Op.f64Sub)
    .localSet(u);
  random.next();
  b.localSet(v);
  b.f64Const(0.5).localGet(u).op(Op.f64Abs, Op.f64Sub).localSet(us);
  // k = ⌊((2a / us + b) · u + c)⌋
  b.f64Const(2).localGet(a).op(Op.f64Mul).localGet(us).op(Op.f64Div).localGet(bb).op(Op.f64Add);
  b.localGet(u).op(Op.f64Mul).localGet(c0).op(Op.f64Add, Op.f64Floor).localSet(k);
  // if (us ≥ 0.07 && v ≤ vr) accept.
  b.localGet(us).f64Const(0.07).op(Op.f64Ge).localGet(v).localGet(vr).op(Op.f64Le, Op.i32And);
  c.open('if');
  b.localGet(k).localSet(result);
  c.leave(done);
  c.close();
  // if (k < 0 || k > n) try again.
  b.localGet(k).f64Const(0).op(Op.f64Lt).localGet(k).localGet(N).op(Op.f64Gt, Op.i32Or);
  c.leaveIf(tries);
  b.localGet(logPmfMode).localGet(logPmfMode).op(Op.f64Ne);
  c.open('if');
  // At p = ½ from the cache where it holds it (see `HALF_MODE`), else worked out (and cached).
  b.localGet(p).f64Const(0.5).op(Op.f64Eq).localGet(N).f64Const(HALF_MODE_CACHE).op(Op.f64Lt, Op.i32And);
  c.open('if');
  b.localGet(N)
    .op(Op.i32TruncF64U)
    .i32Const(3)
    .op(Op.i32Shl)
    .localTee(cached)
    .f64Load(HALF_MODE)
    .localTee(logPmfMode);
  b.f64Const(0).op(Op.f64Eq);
  c.open('if');
  b.localGet(mode).localGet(N).localGet(p).call(StageFunction.logPmf).localSet(logPmfMode);
  b.localGet(cached).localGet(logPmfMode).f64Store(HALF_MODE);
  c.close();
  c.else();
  b.localGet(mode).localGet(N).localGet(p).call(StageFunction.logPmf).localSet(logPmfMode);
  c.close();
  c.close();
  // log((v · alpha) / (a / (us · us) + b)) ≤ logPmf(k) − logPmf(mode): accept.
  b.localGet(v).localGet(alpha).op(Op.f64Mul);
  b.localGet(a).localGet(us).localGet(us).op(Op.f64Mul, Op.f64Div).localGet(bb).op(Op.f64Add, Op.f64Div);
  b.call(LOG);
  b.localGet(k).localGet(N).localGet(p).call(StageFunction.logPmf).localGet(logPmfMode).op(Op.f64Sub);
  b.op(Op.f64Le);
  c.open('if');
  b.localGet(k).localSet(result);
  c.leave(done);
  c.close();
  c.leave(tries);
  c.close();
  c.close();
  random.store(4 * StageHeader.rng);
  // p > ½: n − the draw.
  b.localGet(flip).f64Const(0).op(Op.f64Gt);
  b.if(ValueType.f64);
  b.localGet(N).localGet(result).op(Op.f64Sub);
  b.else();
  b.localGet(result);
  b.end();
  return b;
}
