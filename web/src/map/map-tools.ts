import './map-tools.css';
import type { FloorPlan } from '../floor-plan.js';
import type { FrameSource } from '../frame-source.js';
import type { MapView } from '../map-view.js';
import { FocusLayer } from './focus-layer.js';
import { Inspector } from './inspector.js';
import type { MapRecords } from './map-records.js';
import { SIGHT_DECAY_FRAMES, SightLayer } from './sight-layer.js';
import { SOUND_DECAY_FRAMES, SoundLayer } from './sound-layer.js';

/** What the map's tools are, for the page's tests and benchmark. */
export interface MapTools {
  readonly inspector: Inspector;
  readonly focus: FocusLayer;
  readonly sound: SoundLayer;
  readonly sight: SightLayer;
  /** Reads `run`'s agents and events again (a live run's): the overlays and the inspector follow. */
  refresh(): void;
  /** Whether the tools need the records now: an agent is inspected, or an overlay is on. */
  readonly wanted: boolean;
}

/**
 * The building view's tools around a `MapView`: a floor picker (every floor, or one on its own),
 * the overlay toggles (sound field, sight lines; off by default), the named-character list and
 * the agent inspector with *Follow* and the trail. Controls go into the map's toolbar, the
 * inspector under the map.
 */
export function installMapTools(
  map: MapView,
  run: MapRecords,
  frames: FrameSource,
  plan: FloorPlan,
  area: HTMLElement,
  /** The time between replay frames, which overlays fade over (by default, the frames' own). */
  frameTime = frames.frameCount > 1 ? frames.timeOf(1) - frames.timeOf(0) : 1,
): MapTools {
  const toolbar = area.querySelector<HTMLElement>('.toolbar')!;
  const focus = new FocusLayer(frames);
  const sound = new SoundLayer(run.events, SOUND_DECAY_FRAMES * frameTime);
  const sight = new SightLayer(run.events, run.agents, plan, SIGHT_DECAY_FRAMES * frameTime);
  map.addLayer(sound);
  map.addLayer(sight);
  map.addLayer(focus);
  map.setRooms(run.building);

  const tools = document.createElement('div');
  tools.className = 'map-tools';
  if (plan.floors > 1) tools.append(floorPicker(map, plan));
  tools.append(
    toggle('overlay-sound', 'Sound', 'Show the sound field: rings where noises were made', (on) => {
      sound.enabled = on;
      map.redraw();
    }),
    toggle(
      'overlay-sight',
      'Sight',
      'Show sight lines: who took fright at the sight of whom, and what the inspected agent can see',
      (on) => {
        sight.enabled = on;
        map.redraw();
      },
    ),
  );
  toolbar.before(tools);

  const inspector = new Inspector(map, run);
  inspector.onChange((agent) => {
    focus.setAgent(agent);
    sight.setAgent(agent);
  });
  const pick = document.createElement('label');
  pick.className = 'character-pick';
  pick.append('Inspect ', inspector.picker);
  const legend = area.querySelector('.legend');
  (legend ?? toolbar).after(pick, inspector.element);
  return {
    inspector,
    focus,
    sound,
    sight,
    refresh() {
      sound.setEvents(run.events);
      sight.setRecords(run.events, run.agents);
      inspector.refresh();
      map.redraw();
    },
    get wanted() {
      return inspector.inspected !== undefined || sound.enabled || sight.enabled;
    },
  };
}

/** A select of "All floors" and each floor by name, kept in step with the map. */
function floorPicker(map: MapView, plan: FloorPlan): HTMLLabelElement {
  const label = document.createElement('label');
  const select = document.createElement('select');
  select.id = 'floor-picker';
  const all = document.createElement('option');
  all.value = '';
  all.textContent = 'All floors';
  select.append(all);
  for (let f = plan.floors - 1; f >= 0; f--) {
    const option = document.createElement('option');
    option.value = String(f);
    option.textContent = plan.floorNames[f] ?? `floor ${f + 1}`;
    select.append(option);
  }
  select.addEventListener('change', () =>
    map.showFloor(select.value === '' ? undefined : Number(select.value)),
  );
  map.canvas.addEventListener('floorchange', () => {
    select.value = map.shownFloor === undefined ? '' : String(map.shownFloor);
  });
  label.append('Floor ', select);
  return label;
}

/** A toggle button (aria-pressed), off at first. */
function toggle(id: string, text: string, title: string, change: (on: boolean) => void): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.id = id;
  button.textContent = text;
  button.title = title;
  button.setAttribute('aria-pressed', 'false');
  button.addEventListener('click', () => {
    const on = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(on));
    change(on);
  });
  return button;
}
