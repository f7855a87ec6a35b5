import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError, type InputIssue } from '../core/errors.js';
import { type CompiledEvent, compileEvents } from '../model/events.js';
import { checkRateConstants, compileNetwork, type Network } from '../model/network.js';
import { Locator } from './locate.js';
import { applyOverride, type Override, parseOverride } from './overrides.js';
import { type Scenario, scenarioSchema } from './schema.js';

/** The largest scenario file we read. */
export const MAX_SCENARIO_BYTES = 10 * 1024 * 1024;

/** A scenario checked from top to bottom and compiled, ready for any engine. */
export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  readonly network: Network;
  readonly events: readonly CompiledEvent[];
  /** An input problem at a field of the scenario (a dotted path), located in its file. */
  readonly issueAt: (path: string, message: string) => InputIssue;
}

const STOCHASTIC = new Set(['ssa', 'tau', 'lattice', 'agents']);

/**
 * Parses, validates and compiles scenario text. Problems are gathered, not stopped at, and thrown
 * together as one `InputError` whose issues name the file, line, column and field.
 */
export function parseScenario(text: string, file: string, settings: readonly string[] = []): LoadedScenario {
  const issues: InputIssue[] = [];
  const fail = (message: string, line = 1, col = 1, path = ''): never => {
    throw new InputError([...issues, { file, line, col, path, message }]);
  };
  if (text.length > MAX_SCENARIO_BYTES)
    fail(`the file is larger than ${MAX_SCENARIO_BYTES / 1024 / 1024} MB`);
  if (text.includes('\0') || text.includes('\uFFFD')) fail('this is a binary file, not a YAML text file');

  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  for (const problem of [...doc.errors, ...doc.warnings]) {
    const at = lines.linePos(problem.pos[0]);
    issues.push({ file, line: at.line, col: at.col, path: '', message: firstLine(problem.message) });
  }
  if (issues.length > 0) throw new InputError(issues);

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    fail(`the file cannot be read as data: ${firstLine(String((error as Error).message))}`);
  }
  const overrides: Override[] = [];
  for (const setting of settings) {
    const override = parseOverride(setting, raw);
    const problem = typeof override === 'string' ? override : applyOverride(raw, override);
    if (typeof override !== 'string') overrides.push(override);
    if (problem !== undefined) issues.push(overrideIssue(setting, [], problem));
  }

  const locator = new Locator(doc, lines);
  const overridden = (path: readonly (string | number)[]) =>
    overrides.find((o) => o.path.every((step, i) => String(path[i]) === String(step)));
  const issueAt = (
    path: readonly (string | number)[],
    message: string,
    offset = 0,
    key?: string,
  ): InputIssue => {
    const override = overridden(path);
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

  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    for (const problem of parsed.error.issues) issues.push(...zodIssues(problem, issueAt));
    throw new InputError(issues);
  }
  const scenario = parsed.data;
  const report = (path: readonly (string | number)[], offset: number, message: string) =>
    issues.push(issueAt(path, message, offset));

  const network = compileNetwork(scenario.model, report);
  if (network !== undefined) checkRateConstants(network, report);
  const counts = STOCHASTIC.has(scenario.engine);
  for (const [name, value] of Object.entries(scenario.initial)) {
    if (!scenario.model.compartments.includes(name))
      report(['initial', name], 0, `unknown compartment '${name}'`);
    else if (counts && !Number.isInteger(value)) {
      report(['initial', name], 0, `must be a whole number of individuals for the ${scenario.engine} engine`);
    }
  }
  if (scenario.time.every > scenario.time.until) report(['time', 'every'], 0, 'must not exceed time.until');
  const events = network ? compileEvents(scenario.events, network, scenario.time.until, report) : [];
  if (counts) {
    scenario.events.forEach((event, e) => {
      for (const [name, value] of Object.entries(event.set ?? {})) {
        if (scenario.model.compartments.includes(name) && !(Number.isInteger(value) && value >= 0)) {
          report(
            ['events', e, 'set', name],
            0,
            `must be a whole number ≥ 0 for the ${scenario.engine} engine`,
          );
        }
      }
    });
  }
  if (issues.length > 0 || network === undefined) throw new InputError(issues);
  const issueAtPath = (path: string, message: string) =>
    issueAt(
      path.split('.').map((step) => (/^\d+$/.test(step) ? Number(step) : step)),
      message,
    );
  return { file, scenario, network, events, issueAt: issueAtPath };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function overrideIssue(text: string, path: readonly string[], message: string): InputIssue {
  return { file: `--set ${text}`, line: 1, col: 1, path: path.join('.'), message };
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
    return problem.keys.map((key) => issueAt(path, `unknown key '${key}'`, 0, key));
  }
  if (problem.code === 'invalid_type' && problem.message.includes('received undefined')) {
    return [issueAt(path, `is required (${problem.expected})`)];
  }
  if (problem.code === 'invalid_union') {
    const inner = problem.errors.flat().find((issue) => issue.code !== 'invalid_type');
    if (inner !== undefined) return zodIssues({ ...inner, path: [...problem.path, ...inner.path] }, issueAt);
  }
  return [issueAt(path, problem.message)];
}
