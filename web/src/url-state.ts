/**
 * The page's state in its URL, so that a link reopens the same moment:
 * `?scenario=hyosan-high&seed=7&set=beta%3D0.012&set=time.until%3D7200&t=5400`.
 * `scenario`, `seed` and `set` (repeatable, `name=value` as `--set` takes it) say which live run;
 * `t` is the time shown, in the run's unit. A value that cannot be read is left out, and said in
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
/** Times are written to the millisecond of their unit, rounded down so the row shown never changes. */
const TIME_DIGITS = 1000;
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
    else params.set('t', String(Math.floor(state.t * TIME_DIGITS) / TIME_DIGITS));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
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
