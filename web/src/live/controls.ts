import type { Intervention } from '../../../src/model/intervention.js';
import type { LiveSpeed } from './protocol.js';
import { type SliderSpec, sliderText } from './sliders.js';

/** What the controls ask the live run to do. */
export interface ControlActions {
  togglePlay(): void;
  step(n: number): void;
  /** Starts again from t = 0 with this seed and the sliders' pending `--set`s. */
  reset(seed: number, sets: readonly string[]): void;
  speed(speed: LiveSpeed): void;
  control(intervention: Intervention): void;
  /** Says why a control did nothing (a field that cannot be read), where refusals are shown. */
  refuse(message: string): void;
}

/** The options of the speed menu: simulated time per second, and `max`. */
export interface SpeedOption {
  readonly value: LiveSpeed;
  readonly label: string;
}

/** The controls as the page updates them. */
export interface LiveControls {
  /** Shows playing or paused on the play button. */
  setPlaying(playing: boolean): void;
  /** The count and state for adding or removing by a click on the map. */
  dropOnClick(): { compartment: string; count: number } | undefined;
}

let unique = 0;
/**
 * A live slider moved by keyboard is applied once its keys have rested this long (a held arrow key
 * steps it many times a second, each step a `change`); by pointer, when it is let go.
 */
export const SLIDER_KEY_SETTLE_MS = 300;

/**
 * Builds the live run's controls into `host`: play / pause, step one tick, step N, reset, reseed
 * and a seed field, the speed (simulated time per second, or max), a slider for each of the
 * scenario's parameters (each marked *live*, applied now, or *applies on reset*, with the value it
 * will take shown until then, so nothing changes silently), a button per named event, and adding
 * or removing individuals, here or by clicking the map. Every control is a native, labelled element.
 */
export function buildControls(
  host: HTMLElement,
  setup: {
    seed: number;
    tickName: string;
    sliders: readonly SliderSpec[];
    /** A time of the run in words, for the sliders of times (`1 h 30 min, 10:10`). */
    describeTime: (t: number) => string;
    events: readonly string[];
    compartments: readonly string[];
    speeds: readonly SpeedOption[];
    speed: number;
    /** Whether there is a map to click. */
    map: boolean;
  },
  actions: ControlActions,
): LiveControls {
  host.innerHTML = `
    <h2 id="live-heading">Live run</h2>
    <div class="live-row" role="group" aria-label="Run">
      <button type="button" id="live-play" aria-keyshortcuts="Space">Play</button>
      <button type="button" id="live-step">Step one ${setup.tickName}</button>
      <button type="button" id="live-step-many">Step</button>
      <label class="live-inline"><input id="live-step-n" type="number" min="1" step="1" value="10" aria-label="${setup.tickName}s to step" /> ${setup.tickName}s</label>
    </div>
    <div class="live-row">
      <label for="live-seed">Seed</label>
      <input id="live-seed" type="number" min="0" step="1" />
      <button type="button" id="live-reset">Reset</button>
      <button type="button" id="live-reseed">Reseed</button>
    </div>
    <div class="live-row">
      <label for="live-speed">Speed</label>
      <select id="live-speed"></select>
    </div>
    <fieldset class="live-group" id="live-sliders">
      <legend>Parameters</legend>
      <p class="muted live-note">Sliders marked <strong>live</strong> apply now; those marked <strong>on reset</strong> apply when the run is reset.</p>
    </fieldset>
    <fieldset class="live-group" id="live-events"><legend>Events</legend></fieldset>
    <fieldset class="live-group" id="live-add">
      <legend>Add or remove</legend>
      <div class="live-row">
        <label class="live-inline" for="live-add-count">Count</label>
        <input id="live-add-count" type="number" step="1" value="5" />
        <label class="live-inline" for="live-add-state">of</label>
        <select id="live-add-state"></select>
        <button type="button" id="live-add-button">Add now</button>
      </div>
      <div class="live-row" id="live-drop-row">
        <label for="live-drop">Clicking the map</label>
        <select id="live-drop">
          <option value="add">adds them there</option>
          <option value="remove">removes them there</option>
          <option value="none">does nothing</option>
        </select>
      </div>
      <p class="muted live-note">A negative count removes.</p>
    </fieldset>`;
  const $ = <T extends HTMLElement>(id: string) => host.querySelector<T>(`#${id}`)!;
  const play = $<HTMLButtonElement>('live-play');
  const stepN = $<HTMLInputElement>('live-step-n');
  const seed = $<HTMLInputElement>('live-seed');
  const speed = $<HTMLSelectElement>('live-speed');
  seed.value = String(setup.seed);
  play.addEventListener('click', () => actions.togglePlay());
  $('live-step').addEventListener('click', () => actions.step(1));
  $('live-step-many').addEventListener('click', () =>
    actions.step(Math.max(1, Math.round(Number(stepN.value) || 1))),
  );
  const pending = new Map<string, string>();
  // A seed that cannot be read is refused, not made into another (-4 was seed 0).
  const resetWith = (next: (seed: number) => number) => {
    const read = seedField(seed.value);
    if (typeof read === 'string') return actions.refuse(read);
    seed.value = String(next(read));
    actions.reset(next(read), [...pending.values()]);
  };
  $('live-reset').addEventListener('click', () => resetWith((s) => s));
  $('live-reseed').addEventListener('click', () => resetWith((s) => s + 1));
  speed.innerHTML = setup.speeds.map((s, k) => `<option value="${k}">${s.label}</option>`).join('');
  speed.value = String(setup.speed);
  speed.addEventListener('change', () => actions.speed(setup.speeds[Number(speed.value)]!.value));

  const sliders = $('live-sliders');
  sliders.hidden = setup.sliders.length === 0;
  for (const spec of setup.sliders) sliders.append(sliderOf(spec, actions, pending, setup.describeTime));

  const events = $('live-events');
  events.hidden = setup.events.length === 0;
  for (const name of setup.events) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'live-event';
    button.dataset.event = name;
    button.textContent = `Fire ${name}`;
    button.addEventListener('click', () => actions.control({ kind: 'fire', event: name }));
    events.append(button);
  }

  const state = $<HTMLSelectElement>('live-add-state');
  state.innerHTML = setup.compartments.map((c) => `<option>${c}</option>`).join('');
  // Zombies are what people drop most; the first compartment otherwise.
  if (setup.compartments.includes('zombie')) state.value = 'zombie';
  else if (setup.compartments.includes('Z')) state.value = 'Z';
  const count = $<HTMLInputElement>('live-add-count');
  // A count that cannot be read is refused, not rounded (1.5 was "add 2").
  const countValue = () => {
    const read = countField(count.value);
    if (typeof read === 'string') actions.refuse(read);
    return typeof read === 'string' ? undefined : read;
  };
  $('live-add-button').addEventListener('click', () => {
    const n = countValue();
    if (n !== undefined) actions.control({ kind: 'add', compartment: state.value, count: n });
  });
  $('live-drop-row').hidden = !setup.map;
  const drop = $<HTMLSelectElement>('live-drop');
  return {
    setPlaying(playing) {
      play.textContent = playing ? 'Pause' : 'Play';
      play.setAttribute('aria-pressed', String(playing));
    },
    dropOnClick() {
      if (drop.value === 'none') return undefined;
      const read = countValue();
      const n = read === undefined ? undefined : dropCount(drop.value, read);
      return n === undefined ? undefined : { compartment: state.value, count: n };
    },
  };
}

/** The count field as a whole number (negative: remove), or why it is not one. */
export function countField(text: string): number | string {
  const value = Number(text);
  return text.trim() !== '' && Number.isSafeInteger(value)
    ? value
    : `Count ${JSON.stringify(text)}: not a whole number (a negative one removes).`;
}

/** The seed field as a whole number ≥ 0, as `--seed` takes it, or why it is not one. */
export function seedField(text: string): number | string {
  const value = Number(text);
  return /^\s*\d+\s*$/.test(text) && Number.isSafeInteger(value)
    ? value
    : `Seed ${JSON.stringify(text)}: not a whole number ≥ 0.`;
}

/**
 * The count a click on the map adds (negative: removes), for what the menu says a click does:
 * `add` adds the count as the Add now button does, so a negative one removes; `remove` removes as
 * many as the count says, whatever its sign; `none` does nothing (undefined).
 */
export function dropCount(mode: string, count: number): number | undefined {
  if (mode === 'add') return count;
  if (mode === 'remove') return -Math.abs(count);
  return undefined;
}

/** One slider with its label, units, value and mode. */
function sliderOf(
  spec: SliderSpec,
  actions: ControlActions,
  pending: Map<string, string>,
  describeTime: (t: number) => string,
): HTMLElement {
  const id = `live-slider-${++unique}`;
  const row = document.createElement('div');
  row.className = 'live-slider';
  row.dataset.name = spec.name;
  row.dataset.mode = spec.live ? 'live' : 'reset';
  const mode = spec.live ? 'live' : 'on reset';
  row.innerHTML = `
    <label for="${id}"></label>
    <input type="range" id="${id}" aria-describedby="${id}-unit ${id}-mode" />
    <output id="${id}-value" for="${id}"></output>
    <span class="live-mode live-mode-${spec.live ? 'live' : 'reset'}" id="${id}-mode">${mode}</span>
    <span class="muted live-unit" id="${id}-unit"></span>`;
  const label = row.querySelector('label')!;
  label.textContent = spec.label;
  // The name a --set (and a link's set=) gives it.
  label.title = spec.name;
  // A time says its own units.
  row.querySelector(`#${id}-unit`)!.textContent = spec.kind === 'time' ? '' : spec.unit;
  const input = row.querySelector<HTMLInputElement>('input')!;
  input.min = String(spec.min);
  input.max = String(spec.max);
  input.step = String(spec.step);
  input.value = String(spec.value);
  const output = row.querySelector('output')!;
  const show = () => {
    const value = Number(input.value);
    output.textContent = spec.kind === 'time' ? describeTime(value) : sliderText(value);
  };
  show();
  input.addEventListener('input', show);
  const settle = new SettleTimer(SLIDER_KEY_SETTLE_MS);
  let keyed = false;
  // Sent whatever the value before: after a seek back, the engine may hold another than the slider.
  const apply = () => actions.control({ kind: 'set', name: spec.name, value: Number(input.value) });
  input.addEventListener('keydown', () => {
    keyed = true;
  });
  input.addEventListener('pointerdown', () => {
    keyed = false;
  });
  input.addEventListener('change', () => {
    const value = Number(input.value);
    if (!spec.live) {
      pending.set(spec.name, `${spec.name}=${value}`);
      row.dataset.pending = 'true';
    } else if (keyed) {
      keyed = false;
      settle.start(apply);
    } else {
      settle.cancel();
      apply();
    }
  });
  // Leaving the slider applies what its keys set at once.
  input.addEventListener('blur', () => settle.flush());
  return row;
}

/**
 * Why the page does not send an intervention, in the page's words, or undefined if it sends it:
 * on a building, humans are new people put in a room, so **Add now** (which names no place) cannot
 * add them; a click on a room does (the engine's own refusal names the place as a command line does).
 */
export function pageRefusal(intervention: Intervention, building: boolean): string | undefined {
  if (
    building &&
    intervention.kind === 'add' &&
    intervention.place === undefined &&
    intervention.compartment === 'human' &&
    intervention.count > 0
  )
    return 'Humans are added in a room of the building: with “Clicking the map: adds them there”, click a room on the map.';
  return undefined;
}

/** Runs the last task given once `ms` have passed without another (a debounce), or now on `flush`. */
export class SettleTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private task: (() => void) | undefined;

  constructor(private readonly ms: number) {}

  /** Runs `task` in `ms`, in place of any task waiting. */
  start(task: () => void): void {
    this.cancel();
    this.task = task;
    this.timer = setTimeout(() => this.flush(), this.ms);
  }

  /** Runs the task waiting, if any, now. */
  flush(): void {
    const task = this.task;
    this.cancel();
    task?.();
  }

  /** Drops the task waiting, if any. */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.task = undefined;
  }
}
