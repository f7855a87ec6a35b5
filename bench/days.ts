import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { streamFor } from '../src/core/random.js';
import { createAgents } from '../src/engines/agents/engine.js';
import { compileScenario } from '../src/scenario/compile.js';
import { parseScenario } from '../src/scenario/parse.js';

const HYOSAN = fileURLToPath(new URL('../scenarios/hyosan-high.yaml', import.meta.url));
const CAMPUS = fileURLToPath(new URL('../scenarios/seoul-campus.yaml', import.meta.url));

interface Variant {
  /** Students per class (26 in hyosan-high; 122 gives 2,978 people). */
  size: number;
  until: number;
  /** world.needs, cafeteria supplies and the students' strategy (each class fortifies). */
  days: boolean;
  /** The zombies' wander pause, seconds (hyosan-high: [5, 30]). */
  pause?: [number, number];
}

/** hyosan-high scaled up, with the students barricading at 08:50 (so that many live for days). */
function scenarioText(v: Variant): string {
  const data = parse(readFileSync(HYOSAN, 'utf8'));
  data.world.groups.students.size = v.size;
  data.initial.human = 673 - 24 * 26 + 24 * v.size;
  data.time.until = v.until;
  data.world.replay = { every: 0 };
  for (const e of data.world.events) if (e.name === 'students-barricade') e.enabled = true;
  if (v.days) {
    data.world.needs = { food: 24, water: 12, sleep: '23:00-06:00' };
    data.world.building.rooms.cafeteria = { supplies: { food: 5000, water: 5000 } };
    // Each class fortifies its room. (A staff strategy would take the teachers, and the classes
    // that follow them, out of their rooms at the first alarm: another outbreak altogether.)
    data.world.groups.students.strategy = { plan: 'fortify' };
  }
  if (v.pause !== undefined) data.world.behaviours.zombie.wander.pause = v.pause;
  return stringify(data, { lineWidth: 0 });
}

/**
 * seoul-campus at 5,000 people; with `days`: needs, supplies in the union's cafeteria and store,
 * the seniors scavenge, the NIS team moves to the library's first reading room, the library's and
 * the dorms' students fortify.
 */
function campusText(until: number, days: boolean): string {
  const data = parse(readFileSync(CAMPUS, 'utf8'));
  data.time.until = until;
  data.world.replay = { every: 0 };
  if (days) {
    data.world.needs = { food: 24, water: 12, sleep: '23:00-06:00' };
    data.world.building.rooms.cafeteria = { supplies: { food: 3000, water: 3000 } };
    data.world.building.rooms.store = { supplies: { food: 1000, water: 2000 } };
    data.world.groups.seniors.strategy = { plan: 'scavenge', cohesion: 0.9 };
    data.world.groups.nis.strategy = { plan: 'move', to: 'library-1', cohesion: 0.95 };
    data.world.groups.library.strategy = { plan: 'fortify' };
    data.world.groups.dorms.strategy = { plan: 'fortify' };
  }
  return stringify(data, { lineWidth: 0 });
}

function timed(v: Variant, campus = false) {
  const loaded = campus
    ? parseScenario(campusText(v.until, v.days), 'campus-days.yaml', ['human=5000'])
    : parseScenario(scenarioText(v), 'hyosan-days.yaml', []);
  const engine = createAgents(compileScenario(loaded, 'agents'), streamFor(1, 0));
  const started = performance.now();
  engine.advanceTo(v.until);
  const seconds = (performance.now() - started) / 1000;
  const out = new Float64Array(6);
  engine.observe(out);
  return { seconds, people: engine.sim.a.n, updates: engine.sim.updates, final: Array.from(out) };
}

/**
 * Days: seoul-campus at 5,000 people over three simulated days, as it is and with needs and
 * strategies (see `campusText`); then hyosan-high scaled to ~3,000 people (students.size 122) with the students barricading at
 * 08:50, over three simulated days (one with BENCH_QUICK=1), on one core: as it is, with needs and
 * strategies (`world.needs`, cafeteria supplies, each class fortifies), and with those
 * and zombies that pause longer between wanderings ([60, 300] s: a paused zombie costs nothing
 * until a sound or a person wakes it). The goal (issue #12): 3 days of a 5,000-person world under
 * 60 s.
 */
export async function run(): Promise<Record<string, unknown>[]> {
  const until = process.env.BENCH_QUICK ? 86_400 : 259_200;
  const results: Record<string, unknown>[] = [];
  for (const days of [false, true]) {
    const r = timed({ size: 0, until, days }, true);
    results.push({
      case: `seoul-campus x ${r.people} people, ${until / 86_400} days: ${days ? 'needs and strategies' : 'as it is'}`,
      seconds: Math.round(r.seconds * 100) / 100,
      goal_seconds: until === 259_200 ? 60 : undefined,
      agent_updates: r.updates,
      final: r.final,
    });
  }
  const cases: [string, Variant][] = [
    ['as it is', { size: 122, until, days: false }],
    ['needs and strategies', { size: 122, until, days: true }],
    ['needs and strategies, zombies pause [60, 300] s', { size: 122, until, days: true, pause: [60, 300] }],
  ];
  for (const [name, v] of cases) {
    const r = timed(v);
    results.push({
      case: `hyosan-high x ${r.people} people, ${until / 86_400} days, students barricade: ${name}`,
      seconds: Math.round(r.seconds * 100) / 100,
      agent_updates: r.updates,
      final: r.final,
    });
  }
  return results;
}
