/**
 * Viridis (van der Walt and Smith's colour map for matplotlib, the default of d3's
 * `interpolateViridis`): dark purple through blue and green to yellow, perceptually uniform and
 * readable in grey and by the colour-blind. Ten samples, interpolated linearly between them.
 */
const STOPS = [
  0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725,
];

/** The colour at `f` in [0, 1] (clamped), as `[r, g, b]`. */
export function viridis(f: number): [number, number, number] {
  const at = Math.min(1, Math.max(0, f)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(at));
  const w = at - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  const channel = (shift: number) => Math.round(((a >> shift) & 0xff) * (1 - w) + ((b >> shift) & 0xff) * w);
  return [channel(16), channel(8), channel(0)];
}
