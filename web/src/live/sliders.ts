import { isMap, isScalar, parseDocument } from 'yaml';
import { roundTimeSteps } from '../time-axis.js';

/** A slider of the live controls: what it sets, over what range, and when it takes effect. */
export interface SliderSpec {
  /** The name a `set` intervention or a `--set` uses: `beta`, `world.infection.fight.kill`, `S`. */
  readonly name: string;
  /** What it is, in words: `Bites`, `Immune share of hybrids`, `Zombies (Z) at the start`. */
  readonly label: string;
  /** Units, from the scenario's comment beside the value, or known for world settings; may be empty. */
  readonly unit: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** Applied now with a `set` intervention; else it becomes a `--set` at the next reset. */
  readonly live: boolean;
  /**
   * `count`: whole individuals; `time`: a time of the run, shown as one (`1 h 30 min, 10:10`);
   * `value`: any other number.
   */
  readonly kind: 'value' | 'count' | 'time';
}

/** Positions of the slider's range: a value v gets 0 … 2v in this many steps. */
const STEPS = 100;
/** The least upper end of an initial count's range, so that 1 zombie can become a few. */
const MIN_COUNT_RANGE = 10;

/**
 * World settings of an agents scenario worth a slider, where the scenario has them. `live` ones
 * the engine changes during a run (its `set`); the others shape what it makes at the start.
 */
const WORLD_SETTINGS: readonly { path: string; label: string; unit: string; live: boolean; top?: number }[] =
  [
    {
      path: 'world.infection.fight.kill',
      label: 'A fight kills the zombie',
      unit: 'chance',
      live: true,
      top: 1,
    },
    {
      path: 'world.infection.fight.escape',
      label: 'A fight lets the person escape',
      unit: 'chance',
      live: true,
      top: 1,
    },
    {
      path: 'world.infection.scratch.chance',
      label: 'A scratch infects',
      unit: 'chance',
      live: true,
      top: 1,
    },
    { path: 'world.infection.zombie.speed', label: 'Zombie speed', unit: "× a person's", live: true },
    { path: 'world.infection.zombie.sight', label: 'Zombie sight', unit: 'm', live: true },
    // A chance per second, so at most 1, as the scenario format has it.
    {
      path: 'world.behaviours.zombie.bite.rate',
      label: 'Zombie bite rate',
      unit: 'per contact·s',
      live: true,
      top: 1,
    },
    {
      path: 'world.behaviours.human.fight.courage',
      label: 'Courage to fight',
      unit: 'chance',
      live: true,
      top: 1,
    },
  ];

/**
 * What the world settings that name a model parameter (`hybrid: hybrid`) stand for, as the
 * scenario format describes them: the label of a parameter the world uses there. Both are chances,
 * so their sliders end at 1.
 */
const WORLD_MEANINGS: Readonly<Record<string, string>> = {
  'world.infection.hybrid': 'Chance of becoming a hybrid',
  'world.infection.immuneShare': 'Immune share of hybrids',
};

/** Words for the compartment names models use most (lower case): `Z` is the zombies. */
const COMPARTMENT_WORDS: Readonly<Record<string, string>> = {
  s: 'susceptible',
  e: 'exposed',
  i: 'infected',
  z: 'zombies',
  r: 'removed',
  q: 'quarantined',
};

/**
 * The sliders for a scenario run live on `engine`, from its YAML text (units from the comments
 * beside the model's parameters, as the scenario format asks for them):
 * - every model parameter, live (for agents, only those the world refers to: the others feed the
 *   mean-field model only, and a slider that changes nothing is what this page must not have);
 * - the counting engines: each compartment's initial count, on reset;
 * - agents: the world settings above that the scenario has, live, and the time of each named
 *   timed world event, on reset.
 */
export function slidersOf(text: string, engine: string, timeUnit: string): SliderSpec[] {
  const doc = parseDocument(text);
  const raw = doc.toJS() as Record<string, unknown>;
  const model = raw.model as { parameters?: Record<string, unknown>; compartments?: string[] } | undefined;
  const world = raw.world as Record<string, unknown> | undefined;
  const worldText = world === undefined ? '' : JSON.stringify(world);
  const sliders: SliderSpec[] = [];
  const parameters = doc.getIn(['model', 'parameters'], true);
  if (isMap(parameters)) {
    for (const pair of parameters.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (typeof value !== 'number') continue;
      if (engine === 'agents' && !worldText.includes(`"${name}"`)) continue;
      const comment = (isScalar(pair.value) ? (pair.value.comment ?? '') : '').trim();
      const { label, unit, chance } = parameterWords(name, comment, world);
      sliders.push(slider(name, label, unit, value, true, 'value', 0, chance ? 1 : undefined));
    }
  }
  if (engine !== 'agents') {
    const initial = (raw.initial ?? {}) as Record<string, unknown>;
    for (const name of model?.compartments ?? []) {
      const value = initial[name];
      const label = `${compartmentLabel(name)} at the start`;
      if (typeof value === 'number')
        sliders.push(slider(name, label, 'individuals', value, false, 'count', MIN_COUNT_RANGE));
    }
    return sliders;
  }
  for (const setting of WORLD_SETTINGS) {
    const value = doc.getIn(setting.path.split('.'));
    if (typeof value === 'number')
      sliders.push(
        slider(setting.path, setting.label, setting.unit, value, setting.live, 'value', 0, setting.top),
      );
  }
  const events = (world?.events ?? []) as { name?: string; at?: unknown; enabled?: boolean }[];
  const until = Number((raw.time as { until?: number } | undefined)?.until ?? 0);
  for (const event of events) {
    if (event.name === undefined || typeof event.at !== 'number' || event.enabled === false) continue;
    sliders.push({
      name: `world.events.${event.name}.at`,
      label: `${humanised(event.name)} at`,
      unit: timeUnit,
      value: event.at,
      min: 0,
      max: until,
      step: sliderStep('time', event.at, until, timeUnit),
      live: false,
      kind: 'time',
    });
  }
  return sliders;
}

/**
 * A model parameter's label and units, from the comment beside it in the scenario: a comment of
 * the form `WHAT, per …` (`bites, per S·Z per day`) is its label and its units; otherwise the label
 * is what the scenario format says of the world setting that names it (`hybrid: hybrid`), else the
 * name in words (`immune_share`: Immune share), and the comment is shown beside it.
 */
function parameterWords(
  name: string,
  comment: string,
  world: Record<string, unknown> | undefined,
): { label: string; unit: string; chance: boolean } {
  const paths = world === undefined ? [] : pathsTo(world, name, 'world');
  const meaning = paths.map((path) => WORLD_MEANINGS[path]).find((m) => m !== undefined);
  const chance = meaning !== undefined;
  const described = /^([^(:,]{1,48}), (per\b.*)$/.exec(comment);
  if (described !== null) return { label: capitalised(described[1]!.trim()), unit: described[2]!, chance };
  return { label: meaning ?? humanised(name), unit: comment, chance };
}

/** The dotted paths under `value` that hold the text `name` (world settings naming a parameter). */
function pathsTo(value: unknown, name: string, at: string): string[] {
  if (value === name) return [at];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => pathsTo(inner, name, `${at}.${key}`));
}

/** A compartment in words, its name beside them where they differ: `Zombies (Z)`, `Pop`. */
function compartmentLabel(name: string): string {
  const words = COMPARTMENT_WORDS[name.toLowerCase()];
  return words === undefined ? humanised(name) : `${capitalised(words)} (${name})`;
}

/** A name in words: `immune_share` and `immuneShare` are Immune share, `seal-gates` Seal gates, `deltaS` Delta S. */
export function humanised(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim();
  return capitalised(
    words.replace(/ ([A-Z])([a-z])/g, (_, a: string, b: string) => ` ${a.toLowerCase()}${b}`),
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function slider(
  name: string,
  label: string,
  unit: string,
  value: number,
  live: boolean,
  kind: 'value' | 'count',
  least = 0,
  top = Number.POSITIVE_INFINITY,
): SliderSpec {
  // 0 … 2 × value, but never past the most the field may be (a chance ends at 1).
  const max = Math.min(top, value > 0 ? Math.max(least, 2 * value) : Math.max(least, 1));
  return { name, label, unit, value, min: 0, max, step: sliderStep(kind, value, max), live, kind };
}

/**
 * The step of a slider over [0, max]: 1 for counts; otherwise the largest round step of at most
 * max / 100 of which `value` is a whole multiple (for times, hours and minutes first), so that the
 * slider starts on the value it was given: a range input snaps its value to its steps, and 5400 s
 * in steps of 864 s would show as 5184, alpha = 0.3 in steps of 0.0087 as 0.297.
 */
export function sliderStep(kind: SliderSpec['kind'], value: number, max: number, timeUnit = ''): number {
  if (kind === 'count') return 1;
  const most = max / STEPS;
  const top = Math.floor(Math.log10(most));
  // Times first try the charts' round lengths of time (10 min, 1 h …) in the run's unit.
  const candidates = kind === 'time' ? [...(roundTimeSteps(timeUnit).incrs ?? [])] : [];
  // Twelve decades below the coarsest: a value given with more digits than that is snapped.
  for (let k = top; k >= top - 12; k--) for (const m of [5, 2, 1]) candidates.push(m * 10 ** k);
  const fits = (step: number) => Math.abs(value / step - Math.round(value / step)) < 1e-9;
  return (
    candidates
      .filter((c) => c <= most)
      .sort((a, b) => b - a)
      .find(fits) ?? most
  );
}

/** A slider's number as people read it: up to 4 significant digits, no trailing zeros (500, 0.2974, 6e-7). */
export function sliderText(value: number): string {
  return String(Number(value.toPrecision(4)));
}
