/**
 * Explains a bad value of an expression: evaluates the parsed tree once more, slowly and with the
 * same semantics as the compiled closure, and names the first operation that turned finite numbers
 * into NaN or an infinity ("R = 0 divides", "log of 0", "exp(S) overflows"). Used only after a
 * run has failed, to write its message; never in a loop.
 */

import { applyBinary, applyCall } from './expression-compiler.js';
import type { Expr } from './expression-parser.js';

/** The value of an expression and, if it is NaN or infinite, the first operation to blame. */
export interface Diagnosis {
  readonly value: number;
  /** Plain words such as `R = 0 divides`, or undefined when no single operation is to blame. */
  readonly cause: string | undefined;
}

/**
 * A number as a message shows it: whole numbers below 10^15 in full, others to 6 significant
 * digits, very large and very small ones as `9.0072e+15`.
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (Number.isInteger(value) && size < 1e15) return String(value);
  const rounded = Number(value.toPrecision(6));
  return size >= 1e15 || (size < 1e-4 && size > 0) ? rounded.toExponential() : String(rounded);
}

/**
 * Evaluates `expr` (parsed from `text`) with `valueAt` giving each free name's value, and finds the
 * first operation whose finite operands gave NaN or an infinity.
 */
export function diagnose(expr: Expr, text: string, valueAt: (name: string) => number): Diagnosis {
  let cause: string | undefined;
  const source = (e: Expr): string => text.slice(e.offset, e.offset + e.length);
  const blame = (words: string): void => {
    cause ??= words;
  };
  const finite = (v: number): boolean => Number.isFinite(v);

  const evaluate = (e: Expr): number => {
    switch (e.kind) {
      case 'num':
        return e.value;
      case 'name': {
        const v = valueAt(e.name);
        if (!finite(v)) blame(`${e.name} = ${formatValue(v)}`);
        return v;
      }
      case 'unary': {
        const a = evaluate(e.arg);
        return e.op === '-' ? -a : e.op === '+' ? a : a === 0 ? 1 : 0;
      }
      case 'binary': {
        if (e.op === '&&' || e.op === '||') {
          const a = evaluate(e.left);
          if ((a !== 0) === (e.op === '||')) return e.op === '||' ? 1 : 0;
          return evaluate(e.right) !== 0 ? 1 : 0;
        }
        const a = evaluate(e.left);
        const b = evaluate(e.right);
        const v = applyBinary(e.op, a, b);
        if (finite(a) && finite(b) && !finite(v)) {
          if (e.op === '/' && b === 0) {
            const divisor = e.right.kind === 'name' ? e.right.name : `(${source(e.right)})`;
            blame(e.right.kind === 'num' ? 'division by 0' : `${divisor} = 0 divides`);
          } else if (Number.isNaN(v)) blame(`${source(e)} is not a number`);
          else blame(`${source(e)} overflows`);
        }
        return v;
      }
      case 'call': {
        if (e.fn === 'if') {
          const c = evaluate(e.args[0]!);
          return evaluate(c !== 0 ? e.args[1]! : e.args[2]!);
        }
        const args = e.args.map(evaluate);
        const v = applyCall(e.fn, args);
        if (args.every(finite) && !finite(v)) {
          const arg = e.args[0]!;
          const shown = `${source(arg)} = ${formatValue(args[0]!)}`;
          if (e.fn === 'log')
            blame(args[0] === 0 ? `log of 0 (${shown})` : `log of a negative number (${shown})`);
          else if (e.fn === 'sqrt') blame(`sqrt of a negative number (${shown})`);
          else if (e.fn === 'exp') blame(`exp(${source(arg)}) overflows (${shown})`);
          else blame(`${source(e)} is ${Number.isNaN(v) ? 'not a number' : 'infinite'}`);
        }
        return v;
      }
    }
  };

  const value = evaluate(expr);
  return { value, cause: finite(value) ? undefined : cause };
}
