import { createOde } from '../src/engines/ode/engine.js';
import { outputTimes } from '../src/engines/trajectory.js';
import { compileScenario } from '../src/scenario/compile.js';
import { loadScenario } from '../src/scenario/files.js';

const SOLVES = 10_000;

/** Times a 10,000-solve β sweep on one engine, after a warm-up sweep; returns seconds and a checksum. */
function sweep(wasm: boolean): { seconds: number; checksum: number } {
  const loaded = loadScenario('munz-basic', [
    'solver.rtol=1e-8',
    'solver.atol=1e-8',
    'options.ode.milestones=false',
    `options.ode.wasm=${wasm}`,
  ]);
  const engine = createOde(compileScenario(loaded, 'ode'));
  const times = outputTimes(10, 0.1);
  const parameters = loaded.network.parameters.slice();
  const beta = loaded.network.parameterNames.indexOf('beta');
  const row = new Float64Array(3);
  let checksum = 0;
  const once = () => {
    for (let i = 0; i < SOLVES; i++) {
      parameters[beta] = 0.005 + (0.01 * i) / (SOLVES - 1);
      engine.restart(parameters);
      for (const t of times) {
        engine.advanceTo(t);
        engine.observe(row);
      }
      checksum += row[1]!;
    }
  };
  once(); // warm-up: let the JIT (and the WebAssembly tier-up) settle before timing
  const started = performance.now();
  once();
  return { seconds: (performance.now() - started) / 1000, checksum: checksum / 2 };
}

/**
 * ODE solves per second: a 10,000-point sweep of munz-basic over β from 0.005 to 0.015, output every
 * 0.1 day up to 10 days, at rtol 1e-8 (scipy's solve_ivp RK45 manages about 225 solves/s here); with
 * the right-hand side compiled to WebAssembly (the default), then with the JavaScript fallback.
 */
export async function run(): Promise<Record<string, unknown>[]> {
  return [true, false].map((wasm) => {
    const { seconds, checksum } = sweep(wasm);
    return {
      case: `ode munz-basic beta sweep${wasm ? '' : ' (JavaScript right-hand side)'}`,
      solves: SOLVES,
      seconds: Number(seconds.toFixed(3)),
      solves_per_second: Math.round(SOLVES / seconds),
      goal_solves_per_second: 22_500,
      scipy_rk45_solves_per_second: 225,
      checksum: Number(checksum.toFixed(6)),
    };
  });
}
