import type { LightSettings } from './sight.js';

/** The clock: hours since midnight of the first day, at run time t (seconds). */
export function clockHours(light: LightSettings, t: number): number {
  return light.start + t / 3600;
}

/** True at night: from dusk to dawn (`world.clock`), at clock hours h. */
export function isNight(light: LightSettings, h: number): boolean {
  const hour = h - 24 * Math.floor(h / 24);
  return hour >= light.dusk || hour < light.dawn;
}

/**
 * Which night clock hours h fall in (or the night before it, by day): night k runs from dusk on
 * day k to dawn on day k + 1, so that a night keeps one number across midnight.
 */
export function nightOf(light: LightSettings, h: number): number {
  return Math.floor((h - light.dusk) / 24);
}
