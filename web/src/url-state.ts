/**
 * The page's state in its URL, so that a link reopens the same moment:
 * `?scenario=hyosan-high&seed=7&set=beta%3D0.012&set=time.until%3D7200&t=5400`.
 * `scenario`, `seed` and `set` (repeatable, `name=value` as `--set` takes it) say which live run;
 * `t` is the time shown, in the run's unit, as `linkTime` writes it. A value that cannot be read is left out, and said in
 * `problems`. Writes replace the current history entry (no new one per frame), at most one every
 * `WRITE_INTERVAL_MS`, the last write winning.
 */

/** What a link holds. Every field but `set` may be absent. */
export interface UrlState {
  /** The scenario of a live run: a built-in's name or a file's name. */
  readonly scenario?: string;
  readonly seed?: number;
  /** Settings as `--set` takes them: `beta=0.012`. */
  readonly set: readonly string[];
  /** The time shown, in the run's unit. */
  readonly t?: number;
}

/** Fields to change: an absent field stays as it is, a field given as undefined is removed. */
export type UrlStateChange = { [K in keyof UrlState]?: UrlState[K] | undefined };

/** A URL's state, and what in it could not be read. */
export interface ReadUrlState extends UrlState {
  /** One sentence per parameter left out: `seed=abc: not a whole number ≥ 0`. */
  readonly problems: readonly string[];
}

/** The shortest gap between two history updates (browsers refuse very frequent ones). */
export const WRITE_INTERVAL_MS = 250;
const SETTING = /^[A-Za-z_][\w.-]*=\S+$/;

/** Reads the state from a query string (default: the page's). */
export function readUrlState(search: string = window.location.search): ReadUrlState {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const state: { scenario?: string; seed?: number; set: string[]; t?: number } = { set: [] };
  const scenario = params.get('scenario');
  if (scenario !== null && scenario !== '') state.scenario = scenario;
  const seed = params.get('seed');
  if (seed !== null) {
    if (/^\d+$/.test(seed) && Number.isSafeInteger(Number(seed))) state.seed = Number(seed);
    else problems.push(`seed=${seed}: not a whole number ≥ 0`);
  }
  for (const setting of params.getAll('set')) {
    if (SETTING.test(setting)) state.set.push(setting);
    else problems.push(`set=${setting}: not of the form name=value`);
  }
  const t = params.get('t');
  if (t !== null) {
    const value = Number(t);
    if (t.trim() !== '' && Number.isFinite(value) && value >= 0) state.t = value;
    else problems.push(`t=${t}: not a time ≥ 0`);
  }
  return { ...state, problems };
}

/**
 * What a live page says it did not read from its link: each problem, and a scenario other than
 * the one the page runs (a page runs the scenario `undead view` was given, whatever its link says).
 * One sentence each, as the status line shows them.
 */
export function linkNotes(state: ReadUrlState, running: string): string[] {
  const problems = [...state.problems];
  if (state.scenario !== undefined && state.scenario !== running)
    problems.push(
      `scenario=${state.scenario}: this page runs ${running} (\`undead view ${state.scenario}\` runs that one)`,
    );
  return problems.map((problem) => `Not read from the link: ${problem}.`);
}

/** The query string for a state (with `?`, or empty), keeping any other parameters of `base`. */
export function urlStateSearch(state: UrlStateChange, base = ''): string {
  const params = new URLSearchParams(base);
  if ('scenario' in state) {
    if (state.scenario === undefined) params.delete('scenario');
    else params.set('scenario', state.scenario);
  }
  if ('seed' in state) {
    if (state.seed === undefined) params.delete('seed');
    else params.set('seed', String(state.seed));
  }
  if (state.set !== undefined) {
    params.delete('set');
    for (const setting of state.set) params.append('set', setting);
  }
  if ('t' in state) {
    if (state.t === undefined) params.delete('t');
    else params.set('t', String(state.t));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * The time a link holds for time t: the shortest decimal that the time display shows as it shows t
 * (`shows`) and that lies in the same step [from, to) of the run's grid as t (the output row, the
 * replay frame or the tick shown), so that a link is clean (`t=0.45`, not `t=0.4499999999999996`;
 * `t=12`, not `t=12.000000001`) and reopens on what was shown. t itself if no shorter one does.
 */
export function linkTime(
  t: number,
  step: { from: number; to: number },
  shows: (t: number) => string,
): number {
  const text = shows(t);
  for (let digits = 0; digits <= 15; digits++) {
    const near = Number(t.toFixed(digits));
    if (near >= step.from && near < step.to && shows(near) === text) return near;
  }
  return t;
}

/**
 * The step of a grid (its times, ascending) that holds t: from the last time at or before t to the
 * next (Infinity after the last). Several grids (rows and frames): the narrowest step in all.
 */
export function gridStep(t: number, grids: readonly ArrayLike<number>[]): { from: number; to: number } {
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  for (const times of grids) {
    let lo = 0;
    let hi = times.length;
    // The first time after t.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) from = Math.max(from, times[lo - 1]!);
    if (lo < times.length) to = Math.min(to, times[lo]!);
  }
  return { from, to };
}

let pending: UrlStateChange | undefined;
let lastWrite = Number.NEGATIVE_INFINITY;
let timer: ReturnType<typeof setTimeout> | undefined;

function flush(): void {
  timer = undefined;
  if (pending === undefined) return;
  const { location, history } = window;
  const search = urlStateSearch(pending, location.search);
  pending = undefined;
  lastWrite = performance.now();
  if (search !== location.search)
    history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
}

/**
 * Changes some fields of the URL's state (an absent field stays as it is; a field given as
 * undefined is removed), replacing the current history entry. Throttled: calls closer together
 * than `WRITE_INTERVAL_MS` are merged, and the merged state is written at the end of the interval.
 */
export function writeUrlState(partial: UrlStateChange): void {
  pending = { ...pending, ...partial };
  if (timer !== undefined) return;
  const wait = lastWrite + WRITE_INTERVAL_MS - performance.now();
  if (wait <= 0) flush();
  else timer = setTimeout(flush, wait);
}
