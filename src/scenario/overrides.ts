import { parse as parseYamlScalar } from 'yaml';
import { didYouMean } from '../core/closest-name.js';

/** One `--set NAME=VALUE`: a parameter, an initial count, or a scalar at a dotted path. */
export interface Override {
  /** As typed, for messages. */
  readonly text: string;
  /** Where it lands in the scenario, once resolved by `resolveOverride`. */
  readonly path: readonly string[];
  readonly value: unknown;
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

function isMap(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The scenario's own scalar fields, settable by their bare names (`engine=ssa`). */
const TOP_LEVEL_SCALARS = new Set(['name', 'title', 'description', 'engine']);

/** Steps never written through: `__proto__` would reach the prototype of every object. */
const FORBIDDEN = new Set(['__proto__']);

/** Writes an override into the raw scenario data; returns a message if its path cannot exist. */
export function applyOverride(raw: unknown, override: Override): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'the scenario is not a map';
  const path = override.path;
  if (path.some((step) => FORBIDDEN.has(step) || step === ''))
    return `'${path.join('.')}' is not a field path`;
  let node = raw as Record<string, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    // Own fields only, so that `constructor` or `toString` are names, never inherited members.
    const next = Object.hasOwn(node, path[i]!) ? node[path[i]!] : undefined;
    if (next === undefined) node[path[i]!] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      return `${path.slice(0, i + 1).join('.')} is not a map`;
    }
    node = node[path[i]!] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = override.value;
  return undefined;
}
