import { parse as parseYaml } from 'yaml';
import { newFrame, readReplay } from '../../../src/engines/agents/replay.js';
import { outputTimes } from '../../../src/engines/trajectory.js';
import type { Intervention, LoggedIntervention } from '../../../src/model/intervention.js';
import { formatDuration, formatRunTime } from '../../../src/output/time-format.js';
import type { ParsedBuilding } from '../../../src/scenario/building-map.js';
import { secondsPerUnit } from '../../../src/scenario/clock.js';
import { countTicks } from '../count-ticks.js';
import { countCells } from '../counts.js';
import { type FloorPlan, floorPlanOf } from '../floor-plan.js';
import { LiveChart } from '../live-chart.js';
import { type MapPlace, MapView } from '../map-view.js';
import { compartmentColour, fillLegend } from '../palette.js';
import { buildingOf, closedRoomsOf, type ResolvedScenario, scaleOf } from '../run-files.js';
import { helpShortcut, installShortcuts, mapShortcuts } from '../shortcuts.js';
import { Timeline } from '../timeline.js';
import { linkNotes, linkTime, type ReadUrlState, readUrlState, writeUrlState } from '../url-state.js';
import { buildControls, type LiveControls, pageRefusal, type SpeedOption } from './controls.js';
import { interventionLines } from './intervention-text.js';
import { LiveClient } from './live-client.js';
import { LiveDoors } from './live-doors.js';
import { installLiveExport } from './live-export.js';
import { LiveFrames } from './live-frames.js';
import { LiveLatticeView } from './live-lattice-view.js';
import { LiveMapTools } from './live-map-tools.js';
import { LivePlayback } from './live-playback.js';
import { LiveStory } from './live-story.js';
import type { LiveError, LiveFrame, LiveReady, LiveSetup } from './protocol.js';
import { type SliderSpec, sliderStep, slidersOf } from './sliders.js';
import './live.css';

/** The file, beside the page's run folder, that says which scenario to run live. */
export const LIVE_FILE = 'live.json';
const CHART_HEIGHT = 220;
/** Speeds offered: the whole run in this many seconds of wall time (then `max`); the default is the third. */
const RUN_SECONDS = [3600, 600, 120, 30, 10] as const;
const DEFAULT_SPEED = 2;
/** A time this close to a tick, in ticks, is on it (the float noise of k × tick). */
const TICK_NOISE = 1e-9;
/** How far a link's time may be from the time shown, in steps, where a run plays on to any time. */
const LINK_SLACK = 1e-3;
/** The curve in the scrubber is drawn again after this share of the run. */
const CURVE_REDRAW_SHARE = 0.02;

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

/**
 * The live settings of the page: the scenario, its sets, seed and engine, and the time shown. The
 * seam for URL state: a link can be made from them, and a page opened from one can start with them.
 */
export interface LiveSettings {
  /** The scenario's name, and the file it was read from. */
  readonly scenario: string;
  readonly file: string;
  readonly seed: number;
  readonly sets: readonly string[];
  readonly engine?: string;
  readonly t: number;
}

/** The page of the live run shown, if any. */
let current: LivePage | undefined;

/** The live settings now, once a live run is on the page; undefined otherwise (a replay, or loading). */
export function liveSettings(): LiveSettings | undefined {
  return current?.settings();
}

/**
 * What a link may change of the served live run: its seed, its sets (in place of the served ones),
 * the time shown; and what it held that the page did not read (`readUrlState`), to say so.
 */
export type LiveStart = Partial<Pick<LiveSettings, 'seed' | 'sets' | 't'>> & { readonly link?: ReadUrlState };

/**
 * Starts the page in live mode from the `live.json` beside the page's run files, as `undead view
 * SCENARIO` serves them (its summary.json says so, and the page asks for this file only then):
 * returns false, changing nothing, when there is none. `start` (by default, the page's link)
 * replaces the served seed and sets, and seeks to its time once the run is ready.
 */
export async function startLiveIfServed(base: string, start: LiveStart = linkStart()): Promise<boolean> {
  const response = await fetch(`${base}${LIVE_FILE}`);
  if (!response.ok) return false;
  const served = (await response.json()) as LiveSetup;
  startLive(
    {
      ...served,
      ...(start.seed === undefined ? {} : { seed: start.seed }),
      ...(start.sets === undefined ? {} : { sets: start.sets }),
    },
    start.t,
    start.link,
  );
  return true;
}

/** What the page's link asks of a live run: its seed, sets and time (see `url-state.ts`). */
function linkStart(): LiveStart {
  const shared = readUrlState();
  return {
    link: shared,
    ...(shared.seed === undefined ? {} : { seed: shared.seed }),
    ...(shared.set.length === 0 ? {} : { sets: shared.set }),
    ...(shared.t === undefined ? {} : { t: shared.t }),
  };
}

/** One live run on the page: the worker's frames drawn as they come, and the controls. */
function startLive(setup: LiveSetup, startAt: number | undefined, link: ReadUrlState | undefined): void {
  document.documentElement.classList.toggle(
    'reduced-motion',
    window.matchMedia('(prefers-reduced-motion: reduce)').matches,
  );
  const status = $('#status');
  status.textContent = `Loading ${setup.file}…`;
  const errors = document.createElement('pre');
  errors.id = 'live-errors';
  errors.className = 'live-errors';
  errors.setAttribute('role', 'alert');
  status.after(errors);
  let firstReady = true;
  const client: LiveClient = new LiveClient({
    ready(run) {
      try {
        if (current === undefined) current = new LivePage(setup, run, client);
        else current.restart(run);
      } catch (error) {
        errors.textContent = error instanceof Error ? error.message : String(error);
      }
      // What the link held that was not read is said once, on the first run, as a replay says it.
      const notes = link === undefined || !firstReady ? [] : linkNotes(link, run.name);
      firstReady = false;
      status.textContent = [`Running ${run.title} live.`, ...notes].join(' ');
      status.classList.toggle('sr-only', notes.length === 0);
    },
    frame(frame) {
      // A refused intervention's message stays until the next command is answered.
      if (frame.answer !== 0) errors.textContent = '';
      current?.show(frame);
    },
    error(error: LiveError) {
      errors.textContent = error.message;
      if (current === undefined) status.textContent = `${setup.file} cannot be run.`;
    },
  });
  void client.send({ type: 'load', setup }).then((answer) => {
    if (answer.type === 'frame' && startAt !== undefined) void client.send({ type: 'seek', t: startAt });
  });
  // For tests and the curious: drive the worker and read what it answered.
  Object.assign(window, {
    undeadLive: {
      send: async (command: Parameters<LiveClient['send']>[0]) => {
        const answer = await client.send(command);
        if (answer.type === 'records')
          return { t: answer.t, agentsCsv: answer.agentsCsv, eventsJsonl: answer.eventsJsonl };
        if (answer.type === 'outputs') return { t: answer.t, files: answer.files };
        return answer.type === 'error'
          ? { error: answer.message }
          : { t: answer.t, counts: [...answer.counts], interventions: answer.interventions };
      },
      settings: liveSettings,
      state: () => current?.state(),
      placeAt: (x: number, y: number) => current?.placeAt(x, y),
      mapTools: () => current?.mapTools?.tools,
      screenOf: (agent: number) => current?.screenOf(agent),
      cellScreen: (x: number, y: number) => current?.cellScreen(x, y),
    },
  });
}

/** The doors the map draws now, for tests: each door's state code, and whether barricaded or breached. */
interface LiveDoorsShown {
  state: number[];
  barricaded: number[];
  breached: number[];
}

/** The page of one run (made again on each reset). */
class LivePage {
  private readonly playback: LivePlayback;
  private readonly timeline: Timeline;
  /** Survival by group and the moments. */
  private readonly story: LiveStory;
  private readonly chart: LiveChart;
  private readonly times: Float64Array;
  private readonly columns: Float64Array[];
  private readonly counts: HTMLTableCellElement[];
  private controls: LiveControls;
  private readonly speeds: SpeedOption[];
  private readonly frames: LiveFrames | undefined;
  private readonly map: MapView | undefined;
  private readonly describe: (t: number) => string;
  private readonly plan: FloorPlan | undefined;
  private readonly building: ParsedBuilding | undefined;
  private readonly doors: LiveDoors | undefined;
  /** The lattice engine's map, in place of the building. */
  private readonly lattice: LiveLatticeView | undefined;
  /** The inspector and overlays, once the worker has sent the records they start from. */
  mapTools: LiveMapTools | undefined;
  /** Each slider's label, by the name it sets, for the list of interventions. */
  private sliderLabels: ReadonlyMap<string, string> = new Map();
  private curveRows = 0;
  private observed = 0;
  private t = 0;
  private marked = 0;
  private latest: LiveFrame | undefined;
  private pendingDraw = false;

  constructor(
    private readonly setup: LiveSetup,
    private run: LiveReady,
    private readonly client: LiveClient,
  ) {
    const scenario = parseYaml(setup.text) as ResolvedScenario;
    const scale = scaleOf(scenario);
    this.describe = (t) => formatRunTime(t, scale);
    $('#title').textContent = `${run.title} (live)`;
    document.title = `${run.title} · live · undead viewer`;
    document.body.dataset.live = 'true';
    $('main').hidden = false;
    $('#timeline').hidden = false;
    // The replay's speed menu and loop do not apply: the live speed is among the controls.
    for (const id of ['#speed', '#loop', 'label[for="speed"]']) $(id).hidden = true;

    const times = outputTimes(run.until, run.every);
    this.times = times;
    // Rows not observed yet are NaN: the curve in the scrubber leaves them out.
    this.columns = run.compartments.map(() => new Float64Array(times.length).fill(Number.NaN));
    this.counts = this.countsTable();
    const series = { names: run.compartments, t: times, columns: this.columns };
    this.chart = new LiveChart(
      $('#series-chart'),
      times,
      run.compartments.map((label, c) => ({
        label,
        values: this.columns[c]!,
        colour: compartmentColour(label, c),
      })),
      {
        until: run.until,
        yMax: Math.max(1, run.total),
        formatTime: this.describe,
        timeUnit: run.unit,
        formatValue: (v) => v.toLocaleString('en-US'),
        formatTick: countTicks(Math.max(1, run.total)),
        height: CHART_HEIGHT,
      },
    );
    this.playback = new LivePlayback(run.until, run.every, () => this.timeline?.sync(), {
      seek: (t) => void client.send({ type: 'seek', t }),
      play: () => void client.send({ type: 'play' }),
      pause: () => void client.send({ type: 'pause' }),
    });
    this.playback.onTime((t) => {
      const time = $<HTMLOutputElement>('#time');
      time.textContent = this.describe(t);
      time.dataset.t = String(t);
    });
    this.timeline = new Timeline(this.playback, series, [], this.describe);

    this.building = buildingOf(scenario);
    const plan = run.plan === undefined ? undefined : this.planOf(run.plan, scenario);
    this.plan = plan;
    if (plan !== undefined) {
      this.frames = new LiveFrames(run.agents);
      $('#map-area').hidden = false;
      $('#map-heading').textContent = plan.open ? 'Open plane' : 'Building';
      fillLegend($('#legend'));
      this.map = new MapView($('#map'), plan, this.frames, new Map(run.named));
      this.doors = new LiveDoors(plan.doorStart);
      this.map.setDoors(this.doors);
      this.listenForDrops(this.map);
      void LiveMapTools.install(
        client,
        this.map,
        this.frames,
        plan,
        $('#map-area'),
        scale,
        this.building,
        run.replayEvery || run.every,
      ).then((tools) => {
        this.mapTools = tools;
      });
    } else if (run.lattice !== undefined) {
      this.lattice = new LiveLatticeView(run, {
        client,
        times,
        describe: this.describe,
        dropOnClick: () => this.controls.dropOnClick(),
      });
    } else {
      $('#map-area').hidden = true;
    }
    this.story = new LiveStory(run, {
      times,
      timeline: this.timeline,
      floorNames: plan?.floorNames ?? [],
      describe: this.describe,
      seek: (t) => this.playback.seek(t),
    });
    installLiveExport({
      client,
      name: () => `${this.run.name}-seed${this.run.seed}`,
      playback: this.playback,
      unit: run.unit,
      describe: this.describe,
      counts: this.chart,
      survival: this.story.chart,
      map:
        this.map !== undefined
          ? { view: this.map, canvas: $<HTMLCanvasElement>('#map') }
          : this.lattice !== undefined
            ? { view: this.lattice.map, canvas: $<HTMLCanvasElement>('#map') }
            : undefined,
    });
    this.speeds = [
      ...RUN_SECONDS.map((seconds) => {
        const rate = run.until / seconds;
        // In the clock's own terms where the unit is a length of time: 4 min per second, not 0.00278 days.
        const perUnit = secondsPerUnit(run.unit);
        const simulated =
          perUnit === undefined ? formatDuration(rate, run.unit) : formatDuration(rate * perUnit, 'second');
        return {
          value: rate,
          label: `${simulated} per second (the run in ${formatDuration(seconds, 'second')})`,
        };
      }),
      { value: 'max', label: 'max (as fast as it goes)' },
    ];
    this.controls = this.restart(run);
    this.shortcuts();
    document.body.dataset.ready = 'true';
  }

  /**
   * Shows a new run of the same scenario (after a reset or reseed; made again, the page would add
   * its listeners twice): its subtitle, fresh controls, no rows and no interventions yet.
   */
  restart(run: LiveReady): LiveControls {
    const { client, setup } = this;
    if (
      run.until !== this.run.until ||
      run.every !== this.run.every ||
      run.compartments.join() !== this.run.compartments.join()
    )
      throw new Error(
        'a reset cannot change the times or the compartments: start undead view again with those --set',
      );
    this.run = run;
    this.mapTools?.restart();
    this.lattice?.restart(run);
    $('#subtitle').textContent =
      `${run.engine} engine, seed ${run.seed}${run.sets.length > 0 ? `, ${run.sets.join(' ')}` : ''}, ${formatDuration(run.until, run.unit)}`;
    for (const column of this.columns) column.fill(Number.NaN);
    this.story.restart();
    this.observed = 0;
    this.curveRows = -1;
    this.marked = -1;
    void client.send({ type: 'speed', speed: this.speeds[DEFAULT_SPEED]!.value });
    const sliders = withSets(slidersOf(setup.text, run.engine, run.unit), run.sets);
    this.sliderLabels = new Map(sliders.map((slider) => [slider.name, slider.label]));
    this.controls = buildControls(
      this.controlsHost(),
      {
        seed: run.seed,
        tickName: run.engine === 'agents' ? 'tick' : 'step',
        sliders,
        describeTime: this.describe,
        events: run.events,
        compartments: run.compartments,
        speeds: this.speeds,
        speed: DEFAULT_SPEED,
        map: this.plan !== undefined || run.lattice !== undefined,
      },
      {
        togglePlay: () => this.playback.toggle(),
        step: (n) => void client.send({ type: 'step', n }),
        reset: (seed, sets) =>
          void client.send({ type: 'reset', seed, sets: mergeSets(this.run.sets, sets) }),
        speed: (speed) => void client.send({ type: 'speed', speed }),
        control: (intervention) => this.control(intervention),
        refuse: (message) => {
          $('#live-errors').textContent = message;
        },
      },
    );
    return this.controls;
  }

  /** The settings a link would need to come back here. */
  settings(): LiveSettings {
    const { run } = this;
    return {
      scenario: run.name,
      file: this.setup.file,
      seed: run.seed,
      sets: run.sets,
      engine: run.engine,
      t: this.t,
    };
  }

  /**
   * What the page holds now, for tests: the time, the counts, the rows observed (time first) and a
   * checksum of where every agent is and in what state.
   */
  state(): { t: number; counts: number[]; rows: number[][]; agents: number; doors: LiveDoorsShown } {
    const frame = this.latest;
    const count = frame?.rowCount ?? 0;
    const rows = Array.from({ length: count }, (_, r) => [this.times[r]!, ...this.columns.map((c) => c[r]!)]);
    let agents = 0;
    if (this.frames !== undefined) {
      const now = newFrame(this.frames.agents);
      this.frames.read(0, now);
      for (let i = 0; i < now.x.length; i++)
        agents =
          (agents * 31 + now.x[i]! * 7 + now.y[i]! * 13 + now.floor[i]! * 17 + now.state[i]!) % 1_000_000_007;
    }
    const doors = this.doors;
    return {
      t: frame?.t ?? 0,
      counts: frame === undefined ? [] : [...frame.counts],
      rows,
      agents,
      doors: {
        state: [...(doors?.state ?? [])],
        barricaded: [...(doors?.barricaded ?? [])],
        breached: [...(doors?.breached ?? [])],
      },
    };
  }

  /** Where agent i is drawn, in CSS pixels of the map canvas (undefined if not shown). */
  screenOf(agent: number): { x: number; y: number } | undefined {
    return this.map?.screenOf(agent);
  }

  /** Where lattice cell (x, y)'s centre is drawn, in CSS pixels of the map canvas (undefined without a lattice). */
  cellScreen(x: number, y: number): { x: number; y: number } | undefined {
    return this.lattice?.map.screenOf(x, y);
  }

  /** Takes a frame; the page draws the latest one at the next display frame. */
  show(frame: LiveFrame): void {
    const width = this.columns.length;
    const rows = frame.rows.length / width;
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < width; c++) this.columns[c]![frame.firstRow + r] = frame.rows[r * width + c]!;
    // After a seek back, the rows after it are no longer observed.
    if (frame.rowCount < this.observed)
      for (const column of this.columns) column.fill(Number.NaN, frame.rowCount);
    this.observed = frame.rowCount;
    this.story.take(frame);
    if (this.frames !== undefined && frame.agentsNow.length > 0) this.frames.push(frame.agentsNow);
    this.doors?.push(frame.doors);
    this.latest = frame;
    if (!this.pendingDraw) {
      this.pendingDraw = true;
      requestAnimationFrame(() => this.draw());
    }
  }

  private draw(): void {
    this.pendingDraw = false;
    const frame = this.latest;
    if (frame === undefined) return;
    this.t = frame.t;
    const { name, seed, sets } = this.run;
    writeUrlState({ scenario: name, seed, set: sets, t: this.linkTime(frame.t) });
    // A frame of a chunk may have been posted just before a pause: it can end play, never restart it.
    const playing = frame.answer !== 0 ? frame.playing : frame.playing && this.playback.playing;
    this.playback.show(frame.t, playing);
    this.controls.setPlaying(playing);
    this.counts.forEach((cell, c) => {
      cell.textContent = frame.counts[c]!.toLocaleString('en-US');
    });
    this.chart.showUpTo(Math.max(0, frame.rowCount - 1));
    if (Math.abs(frame.rowCount - this.curveRows) >= CURVE_REDRAW_SHARE * this.columns[0]!.length) {
      this.curveRows = frame.rowCount;
      this.timeline.redraw();
    }
    if (this.map !== undefined && this.frames !== undefined) {
      this.map.show(this.frames.frameAt());
      const tally = this.run.compartments.map(
        (name, c) => `${frame.counts[c]!.toLocaleString('en-US')} ${name}`,
      );
      $('#map').setAttribute('aria-label', `The map at ${this.describe(frame.t)}: ${tally.join(', ')}`);
      this.mapTools?.show(frame.t);
    }
    this.lattice?.show(frame);
    this.markInterventions(frame.interventions);
    this.story.show(frame);
  }

  /**
   * The time a link holds for t: as the time display shows it, on the tick shown (a time within
   * float noise of the next tick is on it; the worker takes a link's time onto that tick). An ODE,
   * SSA, tau or lattice run plays on to any time, not tick by tick, and a link reopens it at the
   * link's time: there the link holds t to a thousandth of a step, so that it reopens what was shown.
   */
  private linkTime(t: number): number {
    const { tick } = this.run;
    const k = Math.floor(t / tick + TICK_NOISE);
    let from = (k - TICK_NOISE) * tick;
    let to = (k + 1 - TICK_NOISE) * tick;
    if (this.run.engine !== 'agents') {
      from = Math.max(from, t - LINK_SLACK * tick);
      to = Math.min(to, t + LINK_SLACK * tick);
    }
    return linkTime(t, { from, to }, this.describe);
  }

  private control(intervention: Intervention): void {
    const refusal = pageRefusal(intervention, this.plan !== undefined && !this.plan.open);
    if (refusal !== undefined) $('#live-errors').textContent = refusal;
    else void this.client.send({ type: 'control', intervention });
  }

  /** Marks on the timeline, and entries in the list, for interventions not shown yet (all of them after a seek back). */
  private markInterventions(log: readonly LoggedIntervention[]): void {
    if (log.length === this.marked) return;
    const marks = $('#marks');
    for (const mark of marks.querySelectorAll('.mark-intervention')) mark.remove();
    const list = document.querySelector('#live-log')!;
    list.replaceChildren();
    // A setting by its slider's label, the name the command line takes in the tooltip.
    for (const line of interventionLines(log, this.sliderLabels)) {
      const at = ` at ${this.describe(line.t)}`;
      const tick = document.createElement('span');
      tick.className = 'mark mark-intervention';
      tick.style.left = `${(100 * line.t) / this.run.until}%`;
      tick.title = `${line.text}${at}`;
      marks.append(tick);
      const item = document.createElement('li');
      item.textContent = `${line.text}${at}`;
      item.title = line.raw;
      item.dataset.t = String(line.t);
      list.append(item);
    }
    this.marked = log.length;
  }

  /** The section the controls go in, at the top of the side column, with the interventions list. */
  private controlsHost(): HTMLElement {
    let section = document.querySelector<HTMLElement>('#live-controls');
    if (section === null) {
      section = document.createElement('section');
      section.id = 'live-controls';
      section.className = 'live-controls';
      section.setAttribute('aria-labelledby', 'live-heading');
      $('aside.side').prepend(section);
      const log = document.createElement('section');
      log.setAttribute('aria-labelledby', 'live-log-heading');
      log.innerHTML = '<h2 id="live-log-heading">Interventions</h2><ol id="live-log" class="live-log"></ol>';
      section.after(log);
    }
    return section;
  }

  private countsTable(): HTMLTableCellElement[] {
    const body = $<HTMLTableSectionElement>('#counts tbody');
    body.replaceChildren();
    return countCells(body, this.run.compartments);
  }

  private planOf(bytes: Uint8Array, scenario: ResolvedScenario): FloorPlan | undefined {
    return floorPlanOf({
      replay: readReplay(bytes),
      ...(this.building === undefined ? {} : { building: this.building }),
      closedRooms: closedRoomsOf(scenario),
    });
  }

  /**
   * The place a click at (x, y), CSS pixels of the map canvas, drops at: a room, or a point of an
   * open plane; undefined off the map, outside every room, or on an agent (a click there inspects it).
   */
  placeAt(x: number, y: number): string | undefined {
    const map = this.map;
    if (map === undefined || map.agentAt(x, y) !== undefined) return undefined;
    const place = map.placeAt(x, y);
    return place === undefined ? undefined : this.placeName(place);
  }

  private placeName(place: MapPlace): string | undefined {
    return this.plan?.open ? `${place.x.toFixed(2)},${place.y.toFixed(2)}` : place.room;
  }

  /** Clicking the map (off any agent) adds or removes individuals in the room clicked, or at the point of an open plane. */
  private listenForDrops(map: MapView): void {
    map.setRooms(this.building);
    map.onPlaceClick((clicked) => {
      const drop = this.controls.dropOnClick();
      const place = this.placeName(clicked);
      if (drop === undefined || place === undefined) return;
      this.control({ kind: 'add', compartment: drop.compartment, count: drop.count, place });
    });
  }

  private shortcuts(): void {
    const dialog = $<HTMLDialogElement>('#help');
    const list = $('#shortcut-list');
    if (list.childElementCount > 0) return;
    installShortcuts(
      [
        { keys: 'Space', label: 'play or pause', match: [' ', 'k'], run: () => this.playback.toggle() },
        {
          keys: '→',
          label: 'step one tick',
          match: ['ArrowRight'],
          run: () => void this.client.send({ type: 'step', n: 1 }),
        },
        {
          keys: '←',
          label: 'step back one output step',
          match: ['ArrowLeft'],
          run: () => this.playback.stepBy(-1),
        },
        { keys: 'Home', label: 'go to the start', match: ['Home'], run: () => this.playback.seek(0) },
        { keys: 'n', label: 'next moment', match: ['n'], run: () => this.story.jump(this.t, 1) },
        { keys: 'p', label: 'previous moment', match: ['p'], run: () => this.story.jump(this.t, -1) },
        ...mapShortcuts(
          () => this.map ?? this.lattice?.map,
          () => this.mapTools?.tools.inspector.toggleFollow(),
        ),
        helpShortcut(dialog),
      ],
      dialog,
      list,
    );
    $('#help-button').addEventListener('click', () => dialog.showModal());
    const zoomable = () => this.map ?? this.lattice?.map;
    $('#zoom-in').addEventListener('click', () => zoomable()?.zoomIn());
    $('#zoom-out').addEventListener('click', () => zoomable()?.zoomOut());
    $('#zoom-fit').addEventListener('click', () => zoomable()?.fit());
  }
}

/** The sliders with the values the run's `--set`s gave them. */
function withSets(sliders: readonly SliderSpec[], sets: readonly string[]): SliderSpec[] {
  const given = new Map(
    sets.map((set) => [set.slice(0, set.indexOf('=')), Number(set.slice(set.indexOf('=') + 1))]),
  );
  return sliders.map((slider) => {
    const value = given.get(slider.name);
    return value === undefined || !Number.isFinite(value)
      ? slider
      : {
          ...slider,
          value,
          max: Math.max(slider.max, value),
          // A step that keeps the value given on it (see `sliderStep`).
          step: sliderStep(slider.kind, value, Math.max(slider.max, value), slider.unit),
        };
  });
}

/** The run's sets with the new ones in place of any of the same name. */
function mergeSets(sets: readonly string[], changes: readonly string[]): string[] {
  const nameOf = (set: string) => set.slice(0, set.indexOf('='));
  const changed = new Set(changes.map(nameOf));
  return [...sets.filter((set) => !changed.has(nameOf(set))), ...changes];
}
