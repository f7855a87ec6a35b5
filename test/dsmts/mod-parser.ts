/**
 * A parser for the SBML-shorthand `.mod` files of the Discrete Stochastic Model Test Suite, enough
 * for its birth–death and immigration–death models, turning each into an undead scenario.
 *
 * How SBML meanings map onto ours:
 * - A species `Cell:X=100` holds an amount of 100. With the `s` flag (hasOnlySubstanceUnits) a
 *   rate law reads X as that amount; without it, X in a law is the concentration X/Cell, so the
 *   law is rewritten with `(X / Cell)`. `b` (boundary) species are left out of reaction sides, so
 *   reactions never change them. Compartment volumes become parameters (default 1).
 * - Kinetic laws are propensities as they stand (`law:`). Local parameters (`Lambda*X : Lambda=0.1`)
 *   become parameters named `reaction_name`.
 * - `@rules` assignment rules (`y = 2*X`) become derived quantities; a scenario has no output column
 *   for them, so `ruleValue` evaluates them on an observed state.
 * - `@events` (`reset= t>=25 : X=50`) become conditional events: `when: t >= 25`, `set: {X: 50}`.
 *   Assignments must be numbers: our events cannot set a count to an expression.
 */

/** One DSMTS model as an undead scenario object (to be written as YAML), plus what it needs for checks. */
export interface DsmtsModel {
  readonly name: string;
  readonly scenario: Record<string, unknown>;
  /** Species that are rules, with their expressions (derived quantities of the scenario). */
  readonly rules: Readonly<Record<string, string>>;
}

interface Species {
  name: string;
  compartment: string;
  amount: number;
  substanceUnits: boolean;
  boundary: boolean;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Replaces whole identifiers in an expression through `map` (names it does not know stay). */
function rename(expression: string, map: (name: string) => string | undefined): string {
  return expression.replace(IDENTIFIER, (name) => map(name) ?? name);
}

/** `2X`, `X`, `Sink` → [count, name]; an empty side has no terms. */
function sideTerms(side: string): [number, string][] {
  return side
    .split('+')
    .map((term) => term.trim())
    .filter((term) => term !== '')
    .map((term) => {
      const match = /^(\d*)\s*([A-Za-z_][A-Za-z0-9_]*)$/.exec(term);
      if (match === null) throw new Error(`cannot read the reaction term '${term}'`);
      return [match[1] === '' ? 1 : Number(match[1]), match[2]!];
    });
}

/** `name=value` pairs separated by commas. */
function assignments(text: string): [string, string][] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) throw new Error(`expected NAME=VALUE, not '${part}'`);
      return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()];
    });
}

/** Parses a `.mod` file into a scenario that runs until `until` with output every `every`. */
export function parseMod(text: string, until = 50, every = 1): DsmtsModel {
  const lines = text.split('\n').map((line) => line.replace(/#.*$/, '').trimEnd());
  let section = '';
  let name = 'dsmts';
  let title = 'DSMTS model';
  const volumes: Record<string, number> = {};
  const species: Species[] = [];
  const parameters: Record<string, number> = {};
  const rules: Record<string, string> = {};
  const reactions: { name: string; lines: string[] }[] = [];
  const events: { name: string; when: string; set: Record<string, number> }[] = [];

  for (const line of lines) {
    if (line.trim() === '') continue;
    const header = /^@(\w+)(?::[\d.]+)?(?:=(\S+))?\s*(?:"(.*)")?/.exec(line);
    if (header !== null && line.startsWith('@')) {
      section = header[1]!;
      if (section === 'model') {
        name = header[2] ?? name;
        title = header[3] ?? title;
      } else if (section === 'r') reactions.push({ name: header[2]!, lines: [] });
      continue;
    }
    const body = line.trim();
    switch (section) {
      case 'model':
        break; // unit definitions
      case 'compartments': {
        const [id, value] = body.split('=');
        volumes[id!.trim()] = value === undefined ? 1 : Number(value);
        break;
      }
      case 'species': {
        const match = /^(\w+):(\[?)(\w+)\]?=([-\d.eE+]+)\s*(\w*)$/.exec(body);
        if (match === null) throw new Error(`cannot read the species '${body}'`);
        if (match[2] === '[') throw new Error(`initial concentrations ('${body}') are not supported`);
        const flags = match[5]!;
        species.push({
          name: match[3]!,
          compartment: match[1]!,
          amount: Number(match[4]),
          substanceUnits: flags.includes('s'),
          boundary: flags.includes('b'),
        });
        break;
      }
      case 'parameters':
        for (const [id, value] of assignments(body)) parameters[id] = Number(value);
        break;
      case 'rules': {
        const [id, expression] = body.split('=').map((part) => part.trim());
        rules[id!] = expression!;
        break;
      }
      case 'r':
        reactions[reactions.length - 1]!.lines.push(body);
        break;
      case 'events': {
        const match = /^(\w+)\s*=\s*(.+?)\s*:\s*(.+)$/.exec(body);
        if (match === null) throw new Error(`cannot read the event '${body}'`);
        const set: Record<string, number> = {};
        for (const [id, value] of assignments(match[3]!)) {
          if (!Number.isFinite(Number(value))) {
            throw new Error(`event '${match[1]}' sets ${id} to '${value}': our events set numbers only`);
          }
          set[id] = Number(value);
        }
        events.push({ name: match[1]!, when: match[2]!, set });
        break;
      }
      default:
        throw new Error(`unknown section '@${section}'`);
    }
  }

  const counted = species.filter((s) => !(s.name in rules));
  const byName = new Map(species.map((s) => [s.name, s]));
  for (const [id, volume] of Object.entries(volumes)) parameters[id] = volume;
  // Inside a law, a species without `s` is a concentration.
  const lawName = (id: string) => {
    const s = byName.get(id);
    return s !== undefined && !s.substanceUnits && !(id in rules) ? `(${id} / ${s.compartment})` : undefined;
  };
  const modelReactions: Record<string, { from: string | 0; to: string | 0; law: string }> = {};
  for (const reaction of reactions) {
    const [equation, kinetics] = reaction.lines;
    if (equation === undefined || kinetics === undefined)
      throw new Error(`reaction ${reaction.name} is incomplete`);
    const [left, right] = equation.split('->');
    const side = (text: string): string | 0 => {
      const terms = sideTerms(text).filter(([, id]) => !byName.get(id)?.boundary);
      return terms.length === 0
        ? 0
        : terms.map(([count, id]) => (count === 1 ? id : `${count} ${id}`)).join(' + ');
    };
    const [law, locals] = kinetics.split(':').map((part) => part.trim());
    const local = new Map<string, string>();
    for (const [id, value] of assignments(locals ?? '')) {
      const renamed = `${reaction.name}_${id}`;
      parameters[renamed] = Number(value);
      local.set(id, renamed);
    }
    modelReactions[reaction.name] = {
      from: side(left ?? ''),
      to: side(right ?? ''),
      law: rename(law!, (id) => local.get(id) ?? lawName(id)),
    };
  }

  const scenario: Record<string, unknown> = {
    name: name.toLowerCase().replace(/[^a-z0-9-]/g, '-'),
    title,
    model: {
      compartments: counted.map((s) => s.name),
      parameters,
      ...(Object.keys(rules).length > 0 ? { derived: rules } : {}),
      reactions: modelReactions,
    },
    initial: Object.fromEntries(counted.map((s) => [s.name, s.amount])),
    time: { until, every, unit: 'second' },
    engine: 'ssa',
    ...(events.length > 0 ? { events } : {}),
  };
  return { name, scenario, rules };
}
