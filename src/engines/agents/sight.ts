import { Cell } from '../../scenario/compiled-world.js';
import { type Building, DOOR_BROKEN, DOOR_CLOSED, DOOR_OPEN, OUTDOOR } from './building.js';

/**
 * True if nothing opaque stands between cells a and b on the same floor: Bresenham's line, with
 * floor, exits, windows, open doors and shut doors without a barricade (their glass) transparent.
 * The end cells themselves are not tested.
 */
export function lineOfSight(b: Building, a: number, target: number): boolean {
  const w = b.width;
  const plane = b.plane;
  const base = a - (a % plane);
  let x0 = (a - base) % w;
  let y0 = ((a - base) / w) | 0;
  const x1 = (target - base) % w;
  const y1 = ((target - base) / w) | 0;
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  const kind = b.kind;
  for (;;) {
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
    if (x0 === x1 && y0 === y1) return true;
    const c = base + y0 * w + x0;
    const k = kind[c]!;
    if (k === Cell.FLOOR || k === Cell.EXIT || k === Cell.WINDOW) continue;
    if (k === Cell.DOOR || k === Cell.LOCKED) {
      const d = b.doorAt[c]!;
      const s = b.doorState[d]!;
      if (s === DOOR_OPEN || s === DOOR_BROKEN) continue;
      // A shut classroom door has a glass pane, until furniture is piled against it.
      if (s === DOOR_CLOSED && k === Cell.DOOR && b.barricadeHp[d]! <= 0) continue;
    }
    return false;
  }
}

/** Light settings (`world.light`) and the clock (`world.clock`), in hours. */
export interface LightSettings {
  start: number;
  dawn: number;
  dusk: number;
  night: number;
  indoorDark: number;
  floor: number;
}

/** Daylight in [night, 1] at t seconds after the start: ramps of an hour around dawn and dusk. */
export function daylight(settings: LightSettings, t: number): number {
  const hour = (((settings.start + t / 3600) % 24) + 24) % 24;
  const { dawn, dusk, night } = settings;
  let day: number;
  if (hour >= dawn + 0.5 && hour <= dusk - 0.5) day = 1;
  else if (hour > dawn - 0.5 && hour < dawn + 0.5) day = hour - (dawn - 0.5);
  else if (hour > dusk - 0.5 && hour < dusk + 0.5) day = dusk + 0.5 - hour;
  else day = 0;
  return night + (1 - night) * day;
}

/**
 * The share of sight left at cell c: full under lights, `indoorDark` × daylight indoors with the
 * lights off, daylight outdoors; never below `floor`.
 */
export function sightFactor(b: Building, settings: LightSettings, day: number, c: number): number {
  const r = b.room[c]!;
  let light = 1;
  if (r >= 0) {
    if (b.roomKind[r] === OUTDOOR) light = day;
    else if (b.lightsOn[r] === 0) light = settings.indoorDark * day;
  }
  return settings.floor + (1 - settings.floor) * light;
}
