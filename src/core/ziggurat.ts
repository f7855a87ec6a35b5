/**
 * Exponential variates by the ziggurat method of Marsaglia and Tsang ("The ziggurat method for
 * generating random variables", J. Stat. Softw. 5, 2000), with 256 layers. It is exact: the
 * ziggurat covers the density, and draws that fall outside it are redone or taken from the
 * exact tail. 98.9% of draws cost one 32-bit number, a table look-up and a multiply, which is
 * why the SSA kernels use it for waiting times instead of `−log(u)`.
 *
 * Each 32-bit draw is split: the low 8 bits pick the layer and the high 24 bits the position
 * in it, so layer and position are independent (the original reused the layer bits).
 */

import { exponential } from './distributions.js';
import type { Stream } from './random.js';

const LAYERS = 256;
const POSITION_SCALE = 2 ** 24;
/** The right edge r of the base strip. */
export const ZIGGURAT_R = 7.697117470131487;
const R = ZIGGURAT_R;
/** The area v of each layer (and of the base strip with its tail). */
const V = 3.949659822581572e-3;

/** Fast accept in layer i when the 24-bit position is below ZIGGURAT_K[i]. */
export const ZIGGURAT_K = new Uint32Array(LAYERS);
/** A position times ZIGGURAT_W[i] is the variate in layer i. */
export const ZIGGURAT_W = new Float64Array(LAYERS);
/** exp(−x_i): the density at the layers' edges, for the wedge test. */
export const ZIGGURAT_F = new Float64Array(LAYERS);
const F = ZIGGURAT_F;
{
  let x = R;
  let previous = R;
  const q = V / Math.exp(-R);
  ZIGGURAT_K[0] = Math.floor((R / q) * POSITION_SCALE);
  ZIGGURAT_K[1] = 0;
  ZIGGURAT_W[0] = q / POSITION_SCALE;
  ZIGGURAT_W[255] = R / POSITION_SCALE;
  F[0] = 1;
  F[255] = Math.exp(-R);
  for (let i = 254; i >= 1; i--) {
    x = -Math.log(V / x + Math.exp(-x));
    ZIGGURAT_K[i + 1] = Math.floor((x / previous) * POSITION_SCALE);
    previous = x;
    F[i] = Math.exp(-x);
    ZIGGURAT_W[i] = x / POSITION_SCALE;
  }
}

/**
 * An Exp(1) variate: one 32-bit draw on the fast path. Kernels inline the fast path
 * (`position < ZIGGURAT_K[layer]`) and call {@link zigguratSlow} otherwise.
 */
export function zigguratExponential(stream: Stream): number {
  const bits = stream.nextUint32();
  const layer = bits & 255;
  const position = bits >>> 8;
  if (position < ZIGGURAT_K[layer]!) return position * ZIGGURAT_W[layer]!;
  return zigguratSlow(stream, layer, position);
}

/** The rare path of the ziggurat, for a draw that missed the fast accept: tail, wedge, or retry. */
export function zigguratSlow(stream: Stream, layer: number, position: number): number {
  for (;;) {
    // The exponential is memoryless, so the tail beyond r is r plus a fresh Exp(1).
    if (layer === 0) return R + exponential(stream, 1);
    const x = position * ZIGGURAT_W[layer]!;
    if (F[layer]! + stream.next() * (F[layer - 1]! - F[layer]!) < Math.exp(-x)) return x;
    const bits = stream.nextUint32();
    layer = bits & 255;
    position = bits >>> 8;
    if (position < ZIGGURAT_K[layer]!) return position * ZIGGURAT_W[layer]!;
  }
}
