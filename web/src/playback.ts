/** Playback speeds offered, as multiples of the base rate. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;
/** At ×1 a whole run plays in this many seconds. */
const BASE_SECONDS = 120;
/** How far from a whole number of steps (in steps) a time still counts as on the grid. */
const GRID_TOLERANCE = 1e-9;

/**
 * The playback clock of the timeline: the time shown, whether it plays, at what speed, whether it
 * loops. Time moves in run time per second of wall time (speed × a base that plays the whole run
 * in two minutes), separately from the display's frame rate: each display frame shows the latest
 * time and nothing queues, so pause is instant.
 */
export class Playback {
  private current = 0;
  private speedIndex = SPEEDS.indexOf(1);
  private last: number | undefined;
  private listeners: ((t: number) => void)[] = [];
  playing = false;
  loop = false;

  constructor(
    readonly until: number,
    /** The output grid's step: one step back or forward. */
    readonly step: number,
    private readonly onState: () => void,
  ) {}

  get time(): number {
    return this.current;
  }

  get speed(): number {
    return SPEEDS[this.speedIndex]!;
  }

  get speedLevel(): number {
    return this.speedIndex;
  }

  /** Run time per second of wall time at ×1. */
  get baseRate(): number {
    return this.until / BASE_SECONDS;
  }

  onTime(listener: (t: number) => void): void {
    this.listeners.push(listener);
  }

  /** Shows time t (clamped to the run). */
  seek(t: number): void {
    const next = Math.min(this.until, Math.max(0, t));
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }

  /**
   * Steps by n output steps (negative: back), onto the grid: from a time between two rows, one
   * step back is the row before it and one step forward the row after it. A time within float
   * noise of a row (0.30000000000000004 of steps of 0.1) is on that row.
   */
  stepBy(n: number): void {
    const steps = this.current / this.step;
    const near = Math.round(steps);
    const onGrid = Math.abs(steps - near) < GRID_TOLERANCE;
    const from = onGrid ? near : n < 0 ? Math.ceil(steps) : Math.floor(steps);
    this.seek((from + n) * this.step);
  }

  setSpeedLevel(level: number): void {
    this.speedIndex = Math.min(SPEEDS.length - 1, Math.max(0, level));
    this.onState();
  }

  toggleLoop(): void {
    this.loop = !this.loop;
    this.onState();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (this.playing) return;
    if (this.current >= this.until) this.seek(0);
    this.playing = true;
    this.last = undefined;
    this.onState();
    requestAnimationFrame((now) => this.tick(now));
  }

  pause(): void {
    this.playing = false;
    this.onState();
  }

  private tick(now: number): void {
    if (!this.playing) return;
    const elapsed = this.last === undefined ? 0 : (now - this.last) / 1000;
    this.last = now;
    let next = this.current + elapsed * this.speed * this.baseRate;
    if (next >= this.until) {
      if (this.loop) next = 0;
      else {
        this.seek(this.until);
        this.pause();
        return;
      }
    }
    this.seek(next);
    requestAnimationFrame((t) => this.tick(t));
  }
}
