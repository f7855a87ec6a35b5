import { parse as parseYamlScalar } from 'yaml';
import { didYouMean } from '../core/closest-name.js';
import { withDefaultBehaviours } from './world-schema.js';

/** One `--set NAME=VALUE`: a parameter, an initial count, or a scalar at a dotted path. */
export interface Override {
  /** As typed, for messages. */
  readonly text: string;
  /**
   * Where it lands in the scenario: the dotted path from `parseOverride`, in which `applyOverride`
   * replaces the name of a list entry (`world.events.broadcast`) by its index (`world.events.0`).
   */
  path: readonly string[];
  readonly value: unknown;
  /**
   * The first map `applyOverride` made on the way, for a key the scenario did not have (such as
   * `options.tau`, or a misspelt `model.reactions.bitee`), with the keys beside it then.
   */
  made?: { readonly path: readonly string[]; readonly siblings: readonly string[] };
}

/**
 * Parses `NAME=VALUE`. VALUE is read as a YAML scalar (`0.01`, `true`, `ssa`). NAME is a parameter
 * (`beta`), a compartment's initial count (`S`), a top-level field (`engine`) or a dotted path
 * (`time.until`).
 */
export function parseOverride(text: string, raw: unknown): Override | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `expected NAME=VALUE, not '${text}'`;
  const name = text.slice(0, eq).trim();
  const valueText = text.slice(eq + 1).trim();
  let value: unknown;
  try {
    value = parseYamlScalar(valueText);
  } catch {
    return `cannot read the value '${valueText}'`;
  }
  if (value !== null && typeof value === 'object')
    return `the value of ${name} must be a single number or word`;
  if (name.includes('.')) return { text, path: name.split('.'), value };
  const model = (raw as { model?: { parameters?: object; compartments?: unknown } } | undefined)?.model;
  if (isMap(model?.parameters) && Object.hasOwn(model.parameters, name)) {
    return { text, path: ['model', 'parameters', name], value };
  }
  if (Array.isArray(model?.compartments) && model.compartments.includes(name)) {
    return { text, path: ['initial', name], value };
  }
  if (TOP_LEVEL_SCALARS.has(name)) return { text, path: [name], value };
  return unknownName(name, model);
}

/** The message for a bare `--set` name that is nothing settable: the valid names, and the closest. */
function unknownName(
  name: string,
  model: { parameters?: object; compartments?: unknown } | undefined,
): string {
  const parameters = isMap(model?.parameters) ? Object.keys(model.parameters) : [];
  const compartments = Array.isArray(model?.compartments) ? model.compartments.map(String) : [];
  const list = (names: string[]) => (names.length === 0 ? 'none' : names.join(', '));
  return (
    `'${name}' is neither a parameter nor a compartment${didYouMean(name, [...parameters, ...compartments, ...TOP_LEVEL_SCALARS])}; ` +
    `parameters: ${list(parameters)}; compartments (initial counts): ${list(compartments)}; ` +
    'or a dotted path such as time.until'
  );
}

/** The scenario's own scalar fields, settable by their bare names (`engine=ssa`). */
const TOP_LEVEL_SCALARS = new Set(['name', 'title', 'description', 'engine']);

/**
 * Maps of names the scenario gives, where a key nobody reads would be taken in silence: a --set
 * changes one of them, and never adds one (`model.parameters.betta` was a new, unused parameter).
 */
const NAMED = ['model.parameters', 'model.derived'];

/** Steps never written through: `__proto__` would reach the prototype of every object. */
const FORBIDDEN = new Set(['__proto__']);

/**
 * Writes an override into the raw scenario data; returns a message if its path cannot exist. Maps
 * are walked by key (missing ones are made); lists of maps, such as `events` and `world.events`,
 * by the `name` of an entry (or its index), so `world.events.broadcast.enabled=false` reaches the
 * event named broadcast. A building world's behaviour stacks are filled with their defaults first,
 * so that switching one unit off leaves the others in place.
 */
export function applyOverride(raw: unknown, override: Override): string | undefined {
  if (!isMap(raw)) return 'the scenario is not a map';
  const path = [...override.path];
  if (path.some((step) => FORBIDDEN.has(step) || step === ''))
    return `'${path.join('.')}' is not a field path`;
  if (path[0] === 'world' && path[1] === 'behaviours') raw.world = withDefaultBehaviours(raw.world);
  let node: Record<string, unknown> | unknown[] = raw;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const at = path.slice(0, i).join('.');
    if (Array.isArray(node)) {
      const k = entryIndex(node, step);
      if (typeof k === 'string') return `${at} ${k}`;
      path[i] = String(k);
      if (i === path.length - 1)
        return `${at}.${k} is a whole entry; set one of its fields, such as ${at}.${step}.enabled`;
      node = node[k] as Record<string, unknown>;
    } else if (i === path.length - 1) {
      if (NAMED.includes(at) && !Object.hasOwn(node, step))
        return `${at} has no '${step}'${didYouMean(step, Object.keys(node))}; a --set changes what the scenario has, and this one would add an entry`;
      node[step] = override.value;
    } else {
      // Own fields only, so that `constructor` or `toString` are names, never inherited members.
      if (!Object.hasOwn(node, step) || node[step] === undefined) {
        override.made ??= { path: path.slice(0, i + 1), siblings: Object.keys(node) };
        node[step] = {};
      }
      const next: unknown = node[step];
      if (!isMap(next) && !Array.isArray(next)) return `${path.slice(0, i + 1).join('.')} is not a map`;
      node = next;
    }
  }
  override.path = path;
  return undefined;
}

/** The index of the entry of a list of maps named `step` (or at index `step`), or what is wrong. */
function entryIndex(list: unknown[], step: string): number | string {
  if (!list.every(isMap)) return 'is a list, not a map';
  const named = list.flatMap((entry, k) => (entry.name === step ? [k] : []));
  if (named.length === 1) return named[0]!;
  if (named.length > 1) return `has ${named.length} entries named '${step}'; give its index instead`;
  if (/^\d+$/.test(step) && Number(step) < list.length) return Number(step);
  if (list.length === 0) return 'is empty';
  if (/^\d+$/.test(step))
    return `has ${list.length} ${list.length === 1 ? 'entry' : 'entries'}, numbered from 0 to ${list.length - 1}, not ${step}`;
  const names = list.flatMap((entry) => (typeof entry.name === 'string' ? [entry.name] : []));
  return names.length === 0
    ? `has no entry named '${step}' (its entries have no names; give an index from 0 to ${list.length - 1})`
    : `has no entry named '${step}'; the names are ${names.join(', ')}`;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
