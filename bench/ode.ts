import { createOde } from '../src/engines/ode/engine.js';
import { outputTimes } from '../src/engines/trajectory.js';
import { loadScenario } from '../src/scenario/files.js';

const SOLVES = 10_000;

/**
 * ODE solves per second: a 10,000-point sweep of munz-basic over β from 0.005 to 0.015, output every
 * 0.1 day up to 10 days, at rtol 1e-8 (scipy's solve_ivp RK45 manages about 225 solves/s here).
 */
export async function run(): Promise<Record<string, unknown>[]> {
  const loaded = loadScenario('munz-basic', ['solver.rtol=1e-8', 'solver.atol=1e-8']);
  const engine = createOde(loaded, { milestones: false });
  const times = outputTimes(10, 0.1);
  const parameters = loaded.network.parameters.slice();
  const beta = loaded.network.parameterNames.indexOf('beta');
  const row = new Float64Array(3);
  let checksum = 0;
  const sweep = () => {
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
  sweep(); // warm-up: let the JIT settle before timing
  const started = performance.now();
  sweep();
  const seconds = (performance.now() - started) / 1000;
  return [
    {
      case: 'ode munz-basic beta sweep',
      solves: SOLVES,
      seconds: Number(seconds.toFixed(3)),
      solves_per_second: Math.round(SOLVES / seconds),
      goal_solves_per_second: 22_500,
      scipy_rk45_solves_per_second: 225,
      checksum: Number((checksum / 2).toFixed(6)),
    },
  ];
}
