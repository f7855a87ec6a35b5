/**
 * The file of `undead run --interventions FILE`: interventions to apply at given times, as a YAML
 * list or as JSON lines (a file ending in `.jsonl`, one entry a line: the form in which a run writes
 * its own log, `interventions.jsonl`). Each entry is a map with `at` (a time in the scenario's
 * unit, or a clock time such as "10:30" for a scenario with a clock) and one change:
 *
 *     - { at: 2.5, set: { beta: 0.02 } }            # a parameter, from now on
 *     - { at: 3, add: { Z: 10 } }                   # add individuals (negative: remove)
 *     - { at: "10:30", add: { zombie: 2, place: 1-1 } }   # at a place: a room of the building
 *     - { at: "11:00", fire: broadcast }            # one of the scenario's named events, now
 *
 * A `set` or `add` with several names is one intervention per name, in the order written.
 */

import { type Document, isSeq, type Node } from 'yaml';
import { InputError, type InputIssue } from '../core/errors.js';
import { type Intervention, type LoggedIntervention, unknownTarget } from '../model/intervention.js';
import { clockSeconds, secondsPerUnit, type TimeScale } from '../scenario/clock.js';
import { Locator } from '../scenario/locate.js';
import { parseYamlInput, yamlData } from '../scenario/yaml-problems.js';
import { yamlTokens } from '../scenario/yaml-size.js';

/** The largest interventions file read. */
const MAX_BYTES = 10 * 1024 * 1024;
/**
 * The most interventions a file holds (a `set` or `add` of several names is one per name): far more
 * than a plan written by hand or by a script needs, and few enough that reading them takes tens of
 * megabytes, where the 10 MB a file may hold would take gigabytes.
 */
export const MAX_INTERVENTIONS = 10_000;
/**
 * The most YAML tokens (`yamlTokens`) one intervention takes: 18 for the longest form, an `add`
 * with a place in a flow map (`- { at: "10:30", add: { zombie: 2, place: 1-1 } }`; JSON lines take
 * 17), 20 with a tag and an anchor besides. A file with more than this many per allowed
 * intervention is refused before it is parsed, since parsing is what takes the memory (some 400
 * bytes a token): 10 MB of small entries took 2.5 GB.
 */
const TOKENS_PER_INTERVENTION = 20;
/** The key of `add` that names the place rather than a compartment. */
const PLACE = 'place';
const CHANGES = ['set', 'add', 'fire'] as const;

/** Interventions read from a file, in order of time, and where each was written. */
export interface InterventionsFile {
  /** In order of time; entries at one time in the order written. */
  readonly log: readonly LoggedIntervention[];
  /** An input problem with entry `index` of `log`, at the line and column it was written. */
  readonly issueAt: (index: number, message: string) => InputIssue;
}

/** What the file's times and names are checked against. */
export interface InterventionContext {
  /** The run's end: an intervention after it would never apply. */
  readonly until: number;
  /** The scenario's unit and clock, for clock times. */
  readonly scale: TimeScale;
  /** The compartments `add` may name. */
  readonly compartments: readonly string[];
  /**
   * The events `fire` may name, and the parameters a `set` of a bare name may, where they are known
   * before the run (else the engine refuses an unknown one when it comes to it): so that a file's
   * problems are all told at once.
   */
  readonly events?: readonly string[] | undefined;
  readonly parameters?: readonly string[] | undefined;
}

/** A value of one entry and how to locate a field of it. */
interface RawEntry {
  readonly value: unknown;
  readonly locate: (path: readonly (string | number)[], key?: string) => { line: number; col: number };
}

/**
 * Reads and checks an interventions file. Throws an `InputError` (exit 2) listing every problem as
 * `FILE:LINE:COL: FIELD.PATH: message`. A file holds at most `most` interventions
 * (`MAX_INTERVENTIONS`; tests pass fewer).
 */
export function readInterventions(
  file: string,
  text: string,
  context: InterventionContext,
  most = MAX_INTERVENTIONS,
): InterventionsFile {
  const issues: InputIssue[] = [];
  const fail = (message: string): never => {
    throw new InputError([{ file, line: 1, col: 1, path: '', message }]);
  };
  if (text.length > MAX_BYTES) fail(`the file is larger than ${MAX_BYTES / 1024 / 1024} MB`);
  if (text.includes('\0')) fail('this is a binary file, not a text file of interventions');
  // A byte-order mark (some editors write one) is not part of the text, as in scenario files.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const jsonl = file.endsWith('.jsonl');
  const maxTokens = most * TOKENS_PER_INTERVENTION;
  if (tokensOver(body, jsonl, maxTokens))
    fail(
      `holds more than ${maxTokens.toLocaleString('en-US')} YAML tokens (names, numbers, brackets, commas, colons), more than ${most.toLocaleString('en-US')} interventions take; a file holds at most ${most.toLocaleString('en-US')} interventions`,
    );
  const entries = jsonl ? jsonLines(file, body, issues) : yamlList(file, body, issues);
  if (issues.length > 0) throw new InputError(issues);

  const placed: { t: number; intervention: Intervention; line: number; col: number; path: string }[] = [];
  entries.forEach((entry, k) => {
    const issue = (path: (string | number)[], message: string, key?: string) => {
      const at = entry.locate(path, key);
      const field = [k, ...path, ...(key === undefined ? [] : [key])].join('.');
      issues.push({ file, line: at.line, col: at.col, path: field, message });
    };
    for (const intervention of checkEntry(entry.value, context, issue)) {
      const path = fieldOf(intervention.intervention);
      placed.push({ ...intervention, ...entry.locate(path), path: [k, ...path].join('.') });
    }
  });
  const over = placed[most];
  if (over !== undefined)
    issues.push({
      file,
      line: over.line,
      col: over.col,
      path: over.path,
      message: `is intervention ${(most + 1).toLocaleString('en-US')} of ${placed.length.toLocaleString('en-US')}; a file holds at most ${most.toLocaleString('en-US')} interventions (a set or add of several names is one per name)`,
    });
  if (issues.length > 0) throw new InputError(issues);
  // A stable sort: entries at one time keep the order they were written in.
  placed.sort((a, b) => a.t - b.t);
  return {
    log: placed.map(({ t, intervention }) => ({ t, intervention })),
    issueAt: (index, message) => {
      const { line, col, path } = placed[index]!;
      return { file, line, col, path, message };
    },
  };
}

/** Where an intervention stands in its entry: `set.NAME`, `add.COMPARTMENT` or `fire`. */
function fieldOf(intervention: Intervention): string[] {
  switch (intervention.kind) {
    case 'set':
      return ['set', intervention.name];
    case 'add':
      return ['add', intervention.compartment];
    case 'fire':
      return ['fire'];
  }
}

/** The log of an engine's interventions as the lines of `interventions.jsonl`, which reads back as it was. */
export function interventionsJsonl(log: readonly LoggedIntervention[]): string {
  return log
    .map(({ t, intervention: i }) => {
      const change =
        i.kind === 'set'
          ? { set: { [i.name]: i.value } }
          : i.kind === 'add'
            ? { add: { [i.compartment]: i.count, ...(i.place === undefined ? {} : { place: i.place }) } }
            : { fire: i.event };
      return `${JSON.stringify({ at: t, ...change })}\n`;
    })
    .join('');
}

/**
 * Whether the text holds more than `limit` YAML tokens, counted without parsing. JSON lines are
 * counted one line at a time, as they are parsed: a line left open must not hide the lines after it.
 */
function tokensOver(text: string, jsonl: boolean, limit: number): boolean {
  let left = limit;
  for (const part of jsonl ? text.split(/\r?\n/) : [text]) {
    left -= yamlTokens(part, left);
    if (left < 0) return true;
  }
  return false;
}

/** The entries of a YAML list, each located in the file. */
function yamlList(file: string, text: string, issues: InputIssue[]): RawEntry[] {
  const { doc, lines, issues: problems } = parseYamlInput(text, file);
  issues.push(...problems);
  if (issues.length > 0) return [];
  const locator = new Locator(doc, lines, text);
  const contents = doc.contents as Node | null;
  if (contents === null) return [];
  if (!isSeq(contents)) {
    const at = locator.locate([]);
    issues.push({
      file,
      ...at,
      path: '',
      message: 'expected a list of interventions, each `- { at: T, set | add | fire }`',
    });
    return [];
  }
  const data = dataOf(doc, file, issues) as unknown[] | undefined;
  return contents.items.map((_, k) => ({
    value: data?.[k],
    locate: (path, key) => locator.locate([k, ...path], 0, key),
  }));
}

/** The entries of JSON lines (blank lines skipped), each located at its line. */
function jsonLines(file: string, text: string, issues: InputIssue[]): RawEntry[] {
  const entries: RawEntry[] = [];
  // Lines end in \n or \r\n (a file saved on Windows).
  text.split(/\r?\n/).forEach((lineText, n) => {
    if (lineText.trim() === '') return;
    const { doc, lines, issues: problems } = parseYamlInput(lineText, file);
    const shift = (at: { line: number; col: number }) => ({ line: n + 1, col: at.col });
    // Each line is a document of its own: its problems are at that line, in the entry it holds.
    const entry = String(entries.length);
    for (const problem of problems)
      issues.push({
        ...problem,
        ...shift(problem),
        path: problem.path === '' ? entry : `${entry}.${problem.path}`,
      });
    if (problems.length > 0) return;
    const locator = new Locator(doc, lines, lineText);
    entries.push({
      value: dataOf(doc, file, issues),
      locate: (path, key) => shift(locator.locate(path, 0, key)),
    });
  });
  return entries;
}

/** A document as plain data, or undefined after reporting why it cannot be read as data. */
function dataOf(doc: Document.Parsed, file: string, issues: InputIssue[]): unknown {
  const data = yamlData(doc);
  if ('value' in data) return data.value;
  issues.push({ file, line: 1, col: 1, path: '', message: `cannot be read: ${data.problem}` });
  return undefined;
}

/** The interventions of one entry, after checking it; problems go to `issue`. */
function checkEntry(
  value: unknown,
  context: InterventionContext,
  issue: (path: (string | number)[], message: string, key?: string) => void,
): { t: number; intervention: Intervention }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issue([], 'each intervention is a map: { at: T, set | add | fire }');
    return [];
  }
  const entry = value as Record<string, unknown>;
  let ok = true;
  for (const key of Object.keys(entry)) {
    if (key !== 'at' && !(CHANGES as readonly string[]).includes(key)) {
      issue([], `unknown key '${key}'; an intervention has at and one of set, add, fire`, key);
      ok = false;
    }
  }
  const t = timeOf(entry.at, context, (message) => issue(entry.at === undefined ? [] : ['at'], message));
  const given = CHANGES.filter((key) => entry[key] !== undefined);
  if (given.length !== 1) {
    issue(
      [],
      given.length === 0
        ? 'give one change: set, add or fire'
        : `give one change, not ${given.join(' and ')}`,
    );
    return [];
  }
  const kind = given[0]!;
  const changes: Intervention[] = [];
  const change = entry[kind];
  if (kind === 'fire') {
    if (typeof change !== 'string' || change.trim() === '')
      issue(['fire'], "must be the name of one of the scenario's events");
    else if (context.events !== undefined && !context.events.includes(change))
      issue(['fire'], unknownTarget(change, context.events, 'event'));
    else changes.push({ kind: 'fire', event: change });
  } else if (typeof change !== 'object' || change === null || Array.isArray(change)) {
    issue(
      [kind],
      kind === 'set' ? 'must be a map { NAME: VALUE }' : 'must be a map { COMPARTMENT: N, place?: PLACE }',
    );
  } else {
    const fields = change as Record<string, unknown>;
    const place = kind === 'add' ? fields[PLACE] : undefined;
    if (place !== undefined && typeof place !== 'string') issue([kind, PLACE], 'must be the name of a place');
    for (const [name, v] of Object.entries(fields)) {
      if (kind === 'add' && name === PLACE) continue;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        issue(
          [kind, name],
          `must be a finite number, not ${typeof v === 'number' ? String(v) : JSON.stringify(v)}`,
        );
        continue;
      }
      if (kind === 'set') {
        // A dotted name is a world setting, checked by the scenario's rules (`checkWorldSets`).
        if (context.parameters !== undefined && !name.includes('.') && !context.parameters.includes(name))
          issue([kind], unknownTarget(name, context.parameters, 'parameter'), name);
        else changes.push({ kind: 'set', name, value: v });
        continue;
      }
      if (!context.compartments.includes(name)) {
        issue(
          [kind],
          `unknown compartment '${name}'; the compartments are ${context.compartments.join(', ')}`,
          name,
        );
        continue;
      }
      changes.push({
        kind: 'add',
        compartment: name,
        count: v,
        ...(typeof place === 'string' ? { place } : {}),
      });
    }
    if (changes.length === 0 && Object.keys(fields).every((name) => name === PLACE))
      issue([kind], kind === 'set' ? 'names no parameter' : 'names no compartment');
  }
  return ok && t !== undefined ? changes.map((intervention) => ({ t, intervention })) : [];
}

/** The run time of an entry's `at`, or undefined after reporting why it is not one. */
function timeOf(
  at: unknown,
  context: InterventionContext,
  report: (message: string) => void,
): number | undefined {
  const { until, scale } = context;
  if (at === undefined) {
    report('needs at: the time it applies');
    return undefined;
  }
  let t: number | undefined;
  if (typeof at === 'number' && !Number.isFinite(at)) {
    // As the scenario's own times say it (plain-errors.ts): JSON would print NaN and ∞ as null.
    report(`must be a finite number, not ${at}`);
    return undefined;
  }
  if (typeof at === 'number') t = at;
  else if (typeof at === 'string') {
    const seconds = clockSeconds(at);
    const perUnit = secondsPerUnit(scale.unit);
    if (seconds === undefined) {
      report(`'${at}' is not a time: give a number of ${scale.unit}s, or a clock time such as 10:30`);
      return undefined;
    }
    if (scale.clockStart === undefined || perUnit === undefined) {
      report(`'${at}' is a clock time, but this scenario has no clock; give a time in ${scale.unit}s`);
      return undefined;
    }
    if (seconds < scale.clockStart) {
      report(`'${at}' is before the clock's start; write 'day 2 ${at}' for the next day`);
      return undefined;
    }
    t = (seconds - scale.clockStart) / perUnit;
  }
  if (t === undefined || !Number.isFinite(t)) {
    report(`must be a time, not ${JSON.stringify(at)}`);
    return undefined;
  }
  if (t < 0 || t > until) {
    report(`${t} is outside the run, which goes from 0 to ${until} ${scale.unit}s`);
    return undefined;
  }
  return t;
}
