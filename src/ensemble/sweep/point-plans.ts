import { InputError, type InputIssue } from '../../core/errors.js';
import type { OutbreakRoles } from '../../output/outcomes.js';
import { availableEngines, compileScenario } from '../../scenario/compile.js';
import type { EngineName } from '../../scenario/compiled.js';
import type { LoadedScenario } from '../../scenario/parse.js';
import { loadSpec, type RunSpec } from '../run-spec.js';
import { type DesignPoint, pointLabel, type SweepDesign } from './design.js';
import { rowRoles } from './run-row.js';

/** The name that chooses a point's engine instead of setting a field. */
export const ENGINE_NAME = 'engine';

/** One point of a sweep, checked and ready to run. */
export interface PointPlan {
  /** The point's spec: the base's settings, then the point's values as `--set`s; no engine files kept. */
  readonly spec: RunSpec;
  /** Replicates: `--runs`, or 1 on the deterministic ODE. */
  readonly runs: number;
  readonly engine: EngineName;
  readonly compartments: readonly string[];
  /** Hosts and attackers, for `took_off`; undefined on the ODE. */
  readonly roles: OutbreakRoles | undefined;
}

/**
 * Every point's spec, parsed and compiled here, before anything runs (an agents world is compiled
 * once per point: tens of milliseconds each). Point p's spec is `base` with the point's values
 * appended to its settings as `NAME=VALUE` (so a point's value wins over a `--set` of the same
 * name), except `engine`, which becomes the spec's engine. Replicate r of every point draws from
 * `streamFor(seed, r)`: common random numbers across points. Problems are one `InputError` that
 * names each bad point (at most the first 10), located where the point was asked for. `check`
 * sees each point's scenario before it is compiled (the run's budget: a point may ask for more
 * output rows or agents than the base), and throws an `InputError` for one it refuses.
 */
export function planPoints(
  base: RunSpec,
  design: SweepDesign,
  runs: number,
  check: (loaded: LoadedScenario, runs: number) => void = () => {},
): PointPlan[] {
  const issues: InputIssue[] = [];
  const plans: PointPlan[] = [];
  const engineAt = design.names.indexOf(ENGINE_NAME);
  for (const [p, point] of design.points.entries()) {
    if (issues.length >= 10) break;
    const spec: RunSpec = {
      ...base,
      settings: [
        ...base.settings,
        ...design.names.flatMap((name, k) => (k === engineAt ? [] : [`${name}=${point.values[k]}`])),
      ],
      engine: engineAt < 0 ? base.engine : (point.values[engineAt] as EngineName),
      keepEvents: 'none',
    };
    if (engineAt >= 0 && !availableEngines.includes(point.values[engineAt] as EngineName)) {
      const message = `'${point.values[engineAt]}' is not an engine; choose one of ${availableEngines.join(', ')}`;
      issues.push(pointIssue(design, p, point, { file: '--set engine', line: 1, col: 1, path: '', message }));
      continue;
    }
    try {
      const loaded = loadSpec(spec);
      check(loaded, loaded.scenario.engine === 'ode' ? 1 : runs);
      const compiled = compileScenario(loaded);
      const ode = compiled.engine === 'ode';
      plans.push({
        spec,
        runs: ode ? 1 : runs,
        engine: compiled.engine,
        compartments: compiled.network.compartments,
        roles: rowRoles(compiled),
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const issue of error.issues) issues.push(pointIssue(design, p, point, issue));
    }
  }
  if (issues.length > 0) throw new InputError(issues);
  return plans;
}

/**
 * An issue of point p, at the place the point was asked for: `point 4 (beta=-0.5): PATH: message`.
 * In a points file, an issue caused by one of the point's values is put at that field.
 */
function pointIssue(design: SweepDesign, p: number, point: DesignPoint, issue: InputIssue): InputIssue {
  const { file, line, col, path: where, cols } = point.origin;
  const setting = issue.file.startsWith('--set ')
    ? issue.file.slice('--set '.length).split('=')[0]
    : undefined;
  const k = setting === undefined ? -1 : design.names.indexOf(setting);
  const field = issue.path === '' ? '' : `${issue.path}: `;
  const message = `point ${p} (${pointLabel(design.names, point.values)}): ${field}${issue.message}`;
  if (file === '<command line>') return { file, line, col, path: where, message };
  return { file, line, col: cols?.[k] ?? col, path: k >= 0 ? design.names[k]! : where, message };
}
