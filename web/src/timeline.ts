import type { Bookmark } from './bookmarks.js';
import { compartmentColour } from './palette.js';
import { type Playback, SPEEDS } from './playback.js';
import type { Series } from './series.js';

const PLAY_ICON =
  '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 2v12l11-6z"/></svg>';
const PAUSE_ICON =
  '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 2h4v12H3zM9 2h4v12H9z"/></svg>';
const SPEED_NAMES: Readonly<Record<number, string>> = { 0.25: '×¼', 0.5: '×½' };

/**
 * The timeline: transport buttons, a speed menu, and a scrubber (a native range input, so it is
 * keyboard operable and announced) over a canvas that draws the epidemic curve, the run's shares
 * of each state stacked, with ticks at the bookmarks.
 */
export class Timeline {
  private readonly scrubber = document.querySelector<HTMLInputElement>('#scrubber')!;
  private readonly play = document.querySelector<HTMLButtonElement>('#play')!;
  private readonly loop = document.querySelector<HTMLButtonElement>('#loop')!;
  private readonly speed = document.querySelector<HTMLSelectElement>('#speed')!;
  private readonly curve = document.querySelector<HTMLCanvasElement>('#curve')!;
  private readonly marks = document.querySelector<HTMLDivElement>('#marks')!;
  private readonly clock = document.querySelector<HTMLSpanElement>('#clock')!;

  constructor(
    private readonly playback: Playback,
    private readonly series: Series,
    bookmarks: readonly Bookmark[],
    describe: (t: number) => string,
  ) {
    const { scrubber } = this;
    scrubber.min = '0';
    scrubber.max = String(playback.until);
    scrubber.step = String(playback.step);
    scrubber.addEventListener('input', () => playback.seek(Number(scrubber.value)));
    playback.onTime((t) => {
      scrubber.value = String(t);
      scrubber.setAttribute('aria-valuetext', describe(t));
      this.clock.textContent = describe(t);
    });
    document.querySelector('#step-back')!.addEventListener('click', () => playback.stepBy(-1));
    document.querySelector('#step-forward')!.addEventListener('click', () => playback.stepBy(1));
    this.play.addEventListener('click', () => playback.toggle());
    this.loop.addEventListener('click', () => playback.toggleLoop());
    this.speed.innerHTML = SPEEDS.map(
      (s, k) => `<option value="${k}">${SPEED_NAMES[s] ?? `×${s}`}</option>`,
    ).join('');
    this.speed.addEventListener('change', () => playback.setSpeedLevel(Number(this.speed.value)));
    for (const mark of bookmarks) {
      const tick = document.createElement('span');
      tick.className = `mark mark-${mark.kind}`;
      tick.style.left = `${(100 * mark.t) / playback.until}%`;
      tick.title = mark.label;
      this.marks.append(tick);
    }
    new ResizeObserver(() => this.drawCurve()).observe(this.curve);
    this.sync();
  }

  /** Shows the playback's state on the controls. */
  sync(): void {
    const { playback } = this;
    this.play.innerHTML = playback.playing ? PAUSE_ICON : PLAY_ICON;
    this.play.setAttribute('aria-label', playback.playing ? 'Pause' : 'Play');
    this.loop.setAttribute('aria-pressed', String(playback.loop));
    this.speed.value = String(playback.speedLevel);
  }

  /** Draws the curve again: a live run's series grows. */
  redraw(): void {
    this.drawCurve();
  }

  /** The epidemic curve: each state's share of everyone, stacked, over the whole run. */
  private drawCurve(): void {
    const canvas = this.curve;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(canvas.clientWidth * dpr));
    canvas.height = Math.max(1, Math.round(canvas.clientHeight * dpr));
    const ctx = canvas.getContext('2d');
    if (ctx === null) return;
    const { t, columns, names } = this.series;
    const w = canvas.width;
    const h = canvas.height;
    const total = new Float64Array(t.length);
    for (const column of columns) for (let r = 0; r < t.length; r++) total[r]! += column[r]!;
    // A live run's rows not observed yet are NaN: the curve stops at the last one observed.
    let rows = 0;
    while (rows < t.length && Number.isFinite(total[rows]!)) rows++;
    if (rows === 0) return;
    const below = new Float64Array(rows);
    const x = (r: number) => (t[r]! / this.playback.until) * w;
    ctx.clearRect(0, 0, w, h);
    ctx.globalAlpha = 0.5;
    columns.forEach((column, c) => {
      ctx.beginPath();
      for (let r = 0; r < rows; r++) ctx.lineTo(x(r), h - (h * (below[r]! + column[r]!)) / (total[r]! || 1));
      for (let r = rows - 1; r >= 0; r--) ctx.lineTo(x(r), h - (h * below[r]!) / (total[r]! || 1));
      ctx.closePath();
      ctx.fillStyle = compartmentColour(names[c]!, c);
      ctx.fill();
      for (let r = 0; r < rows; r++) below[r]! += column[r]!;
    });
    ctx.globalAlpha = 1;
  }
}
