import { characterStory } from '../../../src/output/character-story.js';
import type { MapView } from '../map-view.js';
import { markerSvg, STATE_STYLES } from '../palette.js';
import type { MapRecords } from './map-records.js';

/** Columns of agents.csv not shown as traits: they are in the heading or the state line. */
const NOT_TRAITS = new Set(['id', 'name', 'start', 'end', 'where']);

/**
 * The agent inspector: an agent's traits (its row of `agents.csv`), its state and floor in the
 * frame shown, and its history (its lines of `events.jsonl`, told as in `undead story`), with a
 * *Follow* button that keeps it in view across floors. Opened by clicking an agent on the map or
 * choosing a named character from the list; everything is reachable by keyboard.
 */
export class Inspector {
  readonly element: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly subtitle: HTMLParagraphElement;
  private readonly state: HTMLParagraphElement;
  private readonly traits: HTMLTableSectionElement;
  private readonly history: HTMLOListElement;
  private readonly followButton: HTMLButtonElement;
  readonly picker: HTMLSelectElement;
  private agent: number | undefined;
  private shownState = -1;
  private shownFloor = -1;
  private readonly listeners: ((agent: number | undefined) => void)[] = [];

  constructor(
    private readonly map: MapView,
    private readonly run: MapRecords,
  ) {
    this.picker = this.characterPicker();
    const panel = document.createElement('section');
    panel.className = 'inspector';
    panel.id = 'inspector';
    panel.hidden = true;
    panel.setAttribute('aria-labelledby', 'inspector-heading');
    panel.innerHTML = `
      <div class="panel-head">
        <h3 id="inspector-heading"></h3>
        <div class="toolbar">
          <button type="button" id="follow" aria-pressed="false" aria-keyshortcuts="F">Follow</button>
          <button type="button" id="inspector-close" aria-label="Close the inspector">Close</button>
        </div>
      </div>
      <p class="muted inspector-who"></p>
      <p class="inspector-state" id="inspector-state"></p>
      <div class="inspector-columns">
        <table class="traits" id="traits">
          <caption>Traits</caption>
          <tbody></tbody>
        </table>
        <div>
          <h4 id="history-heading">History</h4>
          <ol class="history" id="history" aria-labelledby="history-heading" tabindex="0"></ol>
        </div>
      </div>`;
    this.element = panel;
    this.heading = panel.querySelector('h3')!;
    this.subtitle = panel.querySelector('.inspector-who')!;
    this.state = panel.querySelector('#inspector-state')!;
    this.traits = panel.querySelector('#traits tbody')!;
    this.history = panel.querySelector('#history')!;
    this.followButton = panel.querySelector('#follow')!;
    this.followButton.addEventListener('click', () => this.toggleFollow());
    panel.querySelector('#inspector-close')!.addEventListener('click', () => this.inspect(undefined));
    map.onAgentClick((agent) => this.inspect(agent));
    map.onShow(() => this.showState());
    map.canvas.addEventListener('followchange', () => {
      this.followButton.setAttribute('aria-pressed', String(this.map.following !== undefined));
    });
  }

  /** Follows the agent inspected, or stops following. */
  toggleFollow(): void {
    if (this.agent === undefined) return;
    this.map.follow(this.map.following === this.agent ? undefined : this.agent);
  }

  /** The agent inspected, if any. */
  get inspected(): number | undefined {
    return this.agent;
  }

  /** Called when the agent inspected changes. */
  onChange(listener: (agent: number | undefined) => void): void {
    this.listeners.push(listener);
  }

  /** Shows agent `agent` (undefined: closes the inspector). */
  inspect(agent: number | undefined): void {
    if (agent !== undefined && (agent < 0 || agent >= this.map.frame.x.length)) return;
    const opened = agent !== undefined && agent !== this.agent;
    this.agent = agent;
    if (this.map.following !== undefined && this.map.following !== agent) this.map.follow(undefined);
    this.element.hidden = agent === undefined;
    this.map.select(agent);
    this.picker.value = agent !== undefined && this.run.agents[agent]?.name ? String(agent) : '';
    for (const listener of this.listeners) listener(agent);
    this.map.redraw();
    this.refresh();
    // The panel is under the map, often below the fold: brought into view (clear of the timeline
    // fixed at the bottom, its `scroll-margin`), and not moved when it is in view already.
    if (opened) this.element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** Reads the agent's traits and history again (a live run's records change as it runs). */
  refresh(): void {
    const agent = this.agent;
    if (agent === undefined) return;
    const row = this.run.agents[agent];
    this.heading.textContent = row?.name ? `${row.name} (#${agent})` : `Agent #${agent}`;
    this.subtitle.textContent =
      row === undefined ? '' : [row.group, row.class, row.role].filter((part) => part).join(', ');
    this.traits.replaceChildren(
      ...Object.entries(row ?? {})
        .filter(([key, value]) => !NOT_TRAITS.has(key) && value !== '')
        .map(([key, value]) => {
          const tr = document.createElement('tr');
          tr.dataset.trait = key;
          const th = document.createElement('th');
          th.scope = 'row';
          th.textContent = key;
          const td = document.createElement('td');
          td.textContent = value;
          tr.append(th, td);
          return tr;
        }),
    );
    const story =
      row === undefined ? [] : characterStory(agent, this.run.agents, this.run.events, this.run.scale);
    this.history.replaceChildren(
      ...story.slice(1).map((line) => {
        const li = document.createElement('li');
        li.textContent = line.trim();
        return li;
      }),
    );
    this.shownState = -1;
    this.showState();
  }

  /** The state and floor line, rewritten only when either changes. */
  private showState(): void {
    const agent = this.agent;
    if (agent === undefined || this.map.shownFrame < 0) return;
    const { frame } = this.map;
    const state = frame.state[agent]!;
    const floor = frame.floor[agent]!;
    if (state === this.shownState && floor === this.shownFloor) return;
    this.shownState = state;
    this.shownFloor = floor;
    const style = STATE_STYLES[state] ?? STATE_STYLES[0]!;
    const where = this.map.floorNames[floor] ?? 'away from the building';
    this.state.innerHTML = markerSvg(style);
    this.state.append(` ${style.name}, ${where}`);
    this.state.dataset.state = style.name;
    this.state.dataset.floor = String(floor);
  }

  /** The list of named characters, to inspect one by keyboard. */
  private characterPicker(): HTMLSelectElement {
    const select = document.createElement('select');
    select.id = 'character-picker';
    const none = document.createElement('option');
    none.value = '';
    none.textContent = 'Choose a character…';
    select.append(none);
    this.run.agents.forEach((row, id) => {
      if (!row.name) return;
      const option = document.createElement('option');
      option.value = String(id);
      option.textContent = row.name;
      select.append(option);
    });
    select.addEventListener('change', () =>
      this.inspect(select.value === '' ? undefined : Number(select.value)),
    );
    return select;
  }
}
