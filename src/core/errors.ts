/** The exit codes of the command line (a run stopped by a signal exits 128 + its number). */
export const ExitCode = {
  success: 0,
  /** The run could not go on: a rate that turned invalid, a file that could not be written. */
  runtimeFailure: 1,
  /** Bad input: a flag, a scenario or a name. */
  invalidInput: 2,
} as const;

/** One problem with the user's input, located in a file. Lines and columns count from 1. */
export interface InputIssue {
  file: string;
  line: number;
  col: number;
  /** Dotted path of the field, such as `model.reactions.bite.rate`; empty for the whole file. */
  path: string;
  message: string;
}

/** `FILE:LINE:COL: FIELD.PATH: message`, the one shape every input error takes. */
function formatIssue(issue: InputIssue): string {
  const path = issue.path === '' ? '(file)' : issue.path;
  return `${shortened(issue.file)}:${issue.line}:${issue.col}: ${shortened(path)}: ${shortened(issue.message)}`;
}

/** The most characters of one part of an issue shown: a 20 MB name in a file is not echoed whole. */
const SHOWN = 1000;

/** Text cut to `SHOWN` characters, saying how much was left out. */
function shortened(text: string): string {
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN)}… (${text.length - SHOWN} more characters)`;
}

/**
 * The most issues an `InputError`'s message shows: a file with 99,000 mistakes gets the first 50
 * and one line that says how many more there are, not 99,000 lines.
 */
export const SHOWN_ISSUES = 50;

/**
 * The message of `issues`: one line each, or, past `SHOWN_ISSUES`, the first of them in line order
 * (files in the order they first come, then line and column), in the order given, and a last line
 * that stands where the first problem not shown stands, as every line of the message does (the
 * form `FILE:LINE:COL: FIELD.PATH: what` that scripts read): `…: and 98,950 more problems from here
 * on, not shown (fix those above and run again)`.
 */
function issuesText(issues: readonly InputIssue[]): string {
  if (issues.length <= SHOWN_ISSUES) return issues.map(formatIssue).join('\n');
  const fileRank = new Map<string, number>();
  for (const issue of issues) if (!fileRank.has(issue.file)) fileRank.set(issue.file, fileRank.size);
  const inLineOrder = issues
    .map((issue, index) => ({ issue, index, file: fileRank.get(issue.file)! }))
    .sort(
      (a, b) =>
        a.file - b.file || a.issue.line - b.issue.line || a.issue.col - b.issue.col || a.index - b.index,
    );
  const shown = inLineOrder.slice(0, SHOWN_ISSUES).sort((a, b) => a.index - b.index);
  const more = issues.length - SHOWN_ISSUES;
  const tail = formatIssue({
    ...inLineOrder[SHOWN_ISSUES]!.issue,
    message: `and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'} from here on, not shown (fix those above and run again)`,
  });
  return [...shown.map(({ issue }) => formatIssue(issue)), tail].join('\n');
}

/**
 * Bad input: a scenario, a flag or a name. The command line exits with code 2. `issues` holds
 * every problem found; the message shows at most `SHOWN_ISSUES` of them.
 */
export class InputError extends Error {
  readonly exitCode = ExitCode.invalidInput;
  readonly issues: readonly InputIssue[];

  constructor(issues: readonly InputIssue[]) {
    // One problem found twice (a place that two fields use, two fields a --set left out) is told once.
    const seen = new Set<string>();
    const once = issues.filter((i) => {
      const key = `${i.file}\0${i.line}\0${i.col}\0${i.path}\0${i.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    super(issuesText(once));
    this.name = 'InputError';
    this.issues = once;
  }
}

/** Bad input that has no file behind it, such as a command-line flag. */
export function flagError(flag: string, message: string): InputError {
  return new InputError([{ file: '<command line>', line: 1, col: 1, path: flag, message }]);
}

/**
 * A run that cannot go on: a rate law that turned NaN, infinite or negative, a count beyond what
 * can be counted exactly, a run that would never end. The message is one line that names the cause
 * (the reaction, the time, the values); the command line prints it and exits with code 1.
 */
export class RuntimeFailure extends Error {
  readonly exitCode = ExitCode.runtimeFailure;

  constructor(message: string) {
    super(message);
    this.name = 'RuntimeFailure';
  }
}
