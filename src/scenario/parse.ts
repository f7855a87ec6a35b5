import type { z } from 'zod';
import { didYouMean } from '../core/closest-name.js';
import { InputError, type InputIssue } from '../core/errors.js';
import { type CompiledEvent, compileEvents } from '../model/events.js';
import { checkRateConstants, compileNetwork, type Network } from '../model/network.js';
import { resolveClockTimes } from './clock.js';
import { Locator } from './locate.js';
import { applyOverride, type Override, parseOverride } from './overrides.js';
import { plainError } from './plain-errors.js';
import type { ScenarioHost } from './raster/scenario-host.js';
import { type Scenario, scenarioSchema } from './schema.js';
import { parseYamlInput, yamlData } from './yaml-problems.js';
import { yamlTokens } from './yaml-size.js';

/** The largest scenario file we read. */
export const MAX_SCENARIO_BYTES = 10 * 1024 * 1024;
/** The most YAML tokens (`yamlTokens`) a scenario file holds: its data, not its size, fills memory. */
export const MAX_SCENARIO_TOKENS = 200_000;

/** A scenario checked from top to bottom and compiled, ready for any engine. */
export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  readonly network: Network;
  readonly events: readonly CompiledEvent[];
  /** An input problem at a field of the scenario (a dotted path), located in its file. */
  readonly issueAt: (path: string, message: string) => InputIssue;
  /**
   * Files and data the scenario names (a lattice's raster), where the scenario is loaded with
   * access to them (`loadScenario` on the command line); absent in the browser.
   */
  readonly host?: ScenarioHost | undefined;
}

/**
 * Parses, validates and compiles scenario text. Problems are gathered, not stopped at, and thrown
 * together as one `InputError` whose issues name the file, line, column and field. `host` gives
 * access to the files the scenario names (see `ScenarioHost`), for compiling a lattice.
 */
export function parseScenario(
  text: string,
  file: string,
  settings: readonly string[] = [],
  host?: ScenarioHost,
): LoadedScenario {
  const issues: InputIssue[] = [];
  const fail = (message: string, line = 1, col = 1, path = ''): never => {
    throw new InputError([...issues, { file, line, col, path, message }]);
  };
  if (text.length > MAX_SCENARIO_BYTES)
    fail(`the file is larger than ${MAX_SCENARIO_BYTES / 1024 / 1024} MB`);
  // U+FFFD is a valid character of UTF-8 text; only a NUL byte marks a binary file.
  if (text.includes('\0')) fail('this is a binary file, not a YAML text file');
  // Counted before parsing, whose tree takes some 400 bytes a token: 10 MB of `[1,1,1,…]` took 4 GB.
  if (yamlTokens(text, MAX_SCENARIO_TOKENS) > MAX_SCENARIO_TOKENS)
    fail(
      `the file holds more than ${MAX_SCENARIO_TOKENS.toLocaleString('en-US')} YAML tokens (names, numbers, brackets, commas, colons); a scenario holds at most that many (the largest built-in, seoul-campus, about 2,600)`,
    );

  const { doc, lines, issues: yamlIssues } = parseYamlInput(text, file);
  if (yamlIssues.length > 0) throw new InputError(yamlIssues);

  const data = yamlData(doc);
  if ('problem' in data) return fail(`the file cannot be read: ${data.problem}`);
  const raw = data.value;
  const overrides: Override[] = [];
  for (const setting of settings) {
    const override = parseOverride(setting, raw);
    const problem = typeof override === 'string' ? override : applyOverride(raw, override);
    if (typeof override !== 'string') overrides.push(override);
    if (problem !== undefined)
      issues.push(overrideIssue(setting, [setting.split('=')[0]!.trim()], problem, false));
  }

  const locator = new Locator(doc, lines, text);
  /** The `--set` behind a problem at `path`: it set that field, a field around it, or one inside it. */
  const overridden = (path: readonly (string | number)[]) =>
    overrides.find((o) => startsWith(path, o.path) || (path.length > 0 && startsWith(o.path, path)));
  const issueAt = (
    path: readonly (string | number)[],
    message: string,
    offset = 0,
    key?: string,
  ): InputIssue => {
    const full = key === undefined ? path : [...path, key];
    // A problem inside a map that a --set made for a key the scenario lacks (a field it did not
    // set is missing there, such as a reaction's `from`): the key is the problem. The schema's own
    // word on the key itself (an unknown key) stands.
    const maker = overrides.find(
      (o) =>
        key === undefined &&
        o.made !== undefined &&
        full.length > o.made.path.length &&
        startsWith(full, o.made.path) &&
        !startsWith(full, o.path),
    );
    if (maker !== undefined) {
      const made = maker.made!.path;
      const name = made[made.length - 1]!;
      const where = made.slice(0, -1).join('.');
      return overrideIssue(
        maker.text,
        made,
        `the scenario has no '${name}'${where === '' ? '' : ` in ${where}`}${didYouMean(name, maker.made!.siblings)}; a --set changes what the scenario has, and this one would add an entry`,
      );
    }
    const override = overridden(full);
    if (override !== undefined) return overrideIssue(override.text, override.path, message);
    const at = locator.locate(path, offset, key);
    return {
      file,
      line: at.line,
      col: at.col,
      // A step 'L:C' points inside a block of text (a floor map); the position says where.
      path: [
        ...path.filter((step) => !/^\d+:\d+$/.test(String(step))),
        ...(key === undefined ? [] : [key]),
      ].join('.'),
      message,
    };
  };

  const before = issues.length;
  resolveClockTimes(raw, (path, message) => issues.push(issueAt(path, message)));
  if (issues.length > before) throw new InputError(issues);
  const report = (path: readonly (string | number)[], offset: number, message: string) => {
    const last = path[path.length - 1];
    // A problem with a name itself ("'exp' is the name of a function", "unknown compartment 'Q'")
    // points at the name, not its value.
    const aboutName =
      typeof last === 'string' &&
      offset === 0 &&
      (message.startsWith(`'${last}'`) || (message.startsWith('unknown ') && message.includes(`'${last}'`)));
    issues.push(aboutName ? issueAt(path.slice(0, -1), message, 0, last) : issueAt(path, message, offset));
  };
  const parsed = scenarioSchema.safeParse(raw, { error: plainError });
  if (!parsed.success) {
    for (const problem of parsed.error.issues)
      for (const issue of zodIssues(problem, issueAt)) issues.push(issue);
    // A model whose own shape is right is checked too (its names and rates), so that a file's
    // problems are reported at once wherever they are, then in the order of its lines.
    const modelShapeWrong = parsed.error.issues.some(
      (problem) => problem.path.length === 0 || problem.path[0] === 'model',
    );
    const model = modelShapeWrong
      ? undefined
      : scenarioSchema.shape.model.safeParse((raw as { model?: unknown }).model);
    if (!model?.success) throw new InputError(issues);
    const schemaIssues = issues.length;
    const network = compileNetwork(withoutPrototypes(model.data), report);
    if (network !== undefined) checkRateConstants(network, report);
    if (issues.length === schemaIssues) throw new InputError(issues);
    const inFile = issues
      .filter((issue) => issue.file === file)
      .sort((a, b) => a.line - b.line || a.col - b.col);
    throw new InputError([...issues.filter((issue) => issue.file !== file), ...inFile]);
  }
  const scenario = withoutPrototypes(parsed.data);

  const network = compileNetwork(scenario.model, report);
  if (network !== undefined) checkRateConstants(network, report);
  // Whole counts are checked when the scenario is compiled, for the engine it runs on (`--engine`
  // may differ from the file's).
  for (const name of Object.keys(scenario.initial)) {
    if (!scenario.model.compartments.includes(name))
      report(['initial', name], 0, `unknown compartment '${name}'`);
  }
  if (scenario.time.every > scenario.time.until) {
    // Blame the one the user changed: a `--set time.until` too short for the file's time.every.
    if (overridden(['time', 'until']) !== undefined && overridden(['time', 'every']) === undefined)
      report(['time', 'until'], 0, `must not be less than time.every (${scenario.time.every})`);
    else report(['time', 'every'], 0, 'must not exceed time.until');
  }
  const events = network ? compileEvents(scenario.events, network, scenario.time.until, report) : [];
  if (issues.length > 0 || network === undefined) throw new InputError(issues);
  const issueAtPath = (path: string, message: string) =>
    issueAt(
      path.split('.').map((step) => (/^\d+$/.test(step) ? Number(step) : step)),
      message,
    );
  return { file, scenario, network, events, issueAt: issueAtPath, host };
}

/**
 * A problem with a `--set NAME=VALUE` argument, located in that argument: the column of the value
 * when the value is wrong, else of the name.
 */
function overrideIssue(text: string, path: readonly string[], message: string, atValue = true): InputIssue {
  const col = atValue ? text.indexOf('=') + 2 : 1;
  return { file: `--set ${text}`, line: 1, col, path: path.join('.'), message };
}

/**
 * A copy of parsed data whose maps have no prototype, so that a name from the file such as
 * `constructor` or `toString` is looked up as data, never as a property every object inherits.
 */
function withoutPrototypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutPrototypes) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = Object.create(null);
  for (const [key, item] of Object.entries(value)) copy[key] = withoutPrototypes(item);
  return copy as T;
}

type IssueAt = (
  path: readonly (string | number)[],
  message: string,
  offset?: number,
  key?: string,
) => InputIssue;

/** Turns one zod issue into located issues, with plain messages. */
function zodIssues(problem: z.core.$ZodIssue, issueAt: IssueAt): InputIssue[] {
  const path = problem.path.map((step) => (typeof step === 'symbol' ? String(step) : step));
  if (problem.code === 'unrecognized_keys') {
    const lines = problem.message.split('\n');
    return problem.keys.map((key, k) => issueAt(path, lines[k] ?? `unknown key '${key}'`, 0, key));
  }
  // A missing field of several forms (plainError said so): no form was meant.
  if (problem.code === 'invalid_union' && problem.message === 'is required')
    return [issueAt(path, problem.message)];
  if (problem.code === 'invalid_union') {
    // The form the value has (a map, a list …) tells which alternative was meant: report its problems.
    // Of two maps, the one that knows more of the keys given (a lattice world or a building).
    const unknownKeys = (branch: readonly z.core.$ZodIssue[]) =>
      branch.reduce(
        (n, i) => n + (i.path.length === 0 && i.code === 'unrecognized_keys' ? i.keys.length : 0),
        0,
      );
    const meant = problem.errors
      .filter(
        (branch) =>
          branch.length > 0 && !branch.some((i) => i.path.length === 0 && i.code === 'invalid_type'),
      )
      .reduce<readonly z.core.$ZodIssue[] | undefined>(
        (best, branch) => (best === undefined || unknownKeys(branch) < unknownKeys(best) ? branch : best),
        undefined,
      );
    if (meant !== undefined)
      return meant.flatMap((inner) =>
        zodIssues({ ...inner, path: [...problem.path, ...inner.path] }, issueAt),
      );
  }
  return [issueAt(path, problem.message)];
}

/** Whether the path `long` begins with the steps of `short`. */
function startsWith(long: readonly (string | number)[], short: readonly (string | number)[]): boolean {
  return short.every((step, i) => String(long[i]) === String(step));
}
