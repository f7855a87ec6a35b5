import { streamFor } from '../src/core/random.js';
import { createSsa } from '../src/engines/ssa/engine.js';
import { ssaVariant } from '../src/engines/ssa/method.js';
import { createTau } from '../src/engines/tau/engine.js';
import { compileScenario } from '../src/scenario/compile.js';
import type { EngineOptions } from '../src/scenario/compiled.js';
import { loadScenario } from '../src/scenario/files.js';
import { parseScenario } from '../src/scenario/parse.js';

/**
 * SSA speed on one thread. The headline case is the issue's: alemi-szr with S₀ = 10⁷, Z₀ = 100,
 * β = 1, κ = 0.5, run until S or Z is extinct (about 1.5·10⁷ events). Each case runs once cold
 * (the first call is compiled on the fly, by on-stack replacement) and then REPEATS times; the
 * figure is the median of the warm runs, with the cold and best runs beside it.
 */

const REPEATS = 3;
const ALEMI = ['S=10000000', 'Z=100', 'R=0', 'beta=1', 'kappa=0.5', 'time.until=1e9', 'time.every=1e9'];

type Make = (seed: number) => { advanceTo(t: number): void; readonly eventCount: number };

function measure(make: Make, until: number): { cold: number; median: number; best: number; events: number } {
  const rates: number[] = [];
  let events = 0;
  for (let k = 0; k <= REPEATS; k++) {
    const engine = make(k + 1);
    const started = performance.now();
    engine.advanceTo(until);
    const seconds = (performance.now() - started) / 1000;
    events = engine.eventCount;
    rates.push(engine.eventCount / seconds);
  }
  const warm = rates.slice(1).sort((a, b) => a - b);
  return { cold: rates[0]!, median: warm[warm.length >> 1]!, best: warm[warm.length - 1]!, events };
}

const millions = (rate: number) => Number((rate / 1e6).toFixed(2));

type SsaOptions = Partial<EngineOptions['ssa']>;

/** `--set` overrides that choose SSA options. */
function sets(options: SsaOptions): string[] {
  return Object.entries(options).map(([name, value]) => `options.ssa.${name}=${value}`);
}

/** A ring of `size` species with one hop reaction each: many reactions, two dependents per reaction. */
function ring(size: number, options: SsaOptions = {}) {
  const compartments = Array.from({ length: size }, (_, i) => `X${i}`);
  const reactions = Object.fromEntries(
    compartments.map((name, i) => [`hop${i}`, { from: name, to: compartments[(i + 1) % size], rate: 'k' }]),
  );
  const text = JSON.stringify({
    name: 'ring',
    title: 'a ring of hops',
    model: { compartments, parameters: { k: 1 }, reactions },
    initial: Object.fromEntries(compartments.map((name) => [name, 1000])),
    time: { until: 1, every: 1 },
    engine: 'ssa',
    options: { ssa: options },
  });
  return compileScenario(parseScenario(text, 'ring.yaml'));
}

/** One JSON line per case: events per second on one thread. */
export async function run(): Promise<Array<Record<string, unknown>>> {
  const results: Array<Record<string, unknown>> = [];
  const variants: [string, SsaOptions][] = [
    ['direct (compiled to WebAssembly)', { method: 'direct' }],
    ['direct (JavaScript kernel)', { method: 'direct', compile: false }],
    ['next-reaction', { method: 'next-reaction' }],
  ];
  for (const [label, options] of variants) {
    const alemi = compileScenario(loadScenario('alemi-szr', [...ALEMI, ...sets(options)]), 'ssa');
    const m = measure((seed) => createSsa(alemi, streamFor(seed)), 1e9);
    results.push({
      case: `alemi-szr S0=1e7 Z0=100 beta=1 kappa=0.5, to extinction, ssa ${label}`,
      events: m.events,
      events_per_second_millions: millions(m.median),
      cold_millions: millions(m.cold),
      best_millions: millions(m.best),
    });
  }
  const alemi = compileScenario(loadScenario('alemi-szr', ALEMI), 'tau');
  const tau = measure((seed) => createTau(alemi, streamFor(seed)), 1e9);
  results.push({
    case: 'alemi-szr S0=1e7 Z0=100 beta=1 kappa=0.5, to extinction, tau-leaping',
    events: tau.events,
    events_per_second_millions: millions(tau.median),
  });
  // Where `auto` switches: the direct method's O(M) search against the next-reaction heap.
  // Up to 1,000: the most compartments a model may have.
  for (const size of [8, 16, 32, 48, 64, 128, 256, 1000]) {
    const row: Record<string, unknown> = { case: `ring of ${size} reactions, events per second (millions)` };
    const until = 2e6 / (1000 * size);
    for (const [label, options] of [
      ['direct', { method: 'direct' }],
      ['direct-js', { method: 'direct', compile: false }],
      ['next-reaction', { method: 'next-reaction' }],
    ] as [string, SsaOptions][]) {
      const compiled = ring(size, options);
      row[label] = millions(measure((seed) => createSsa(compiled, streamFor(seed)), until).median);
    }
    row.auto = ssaVariant(ring(size));
    results.push(row);
  }
  return results;
}
