/** Hours, minutes and the like per day, for the day counter. */
const PER_DAY: Readonly<Record<string, number>> = {
  second: 86_400,
  minute: 1440,
  hour: 24,
  day: 1,
  week: 1 / 7,
};

/**
 * The day counter of the lattice map, in days elapsed since t = 0 (as the scenarios say "a cordon
 * on day 2" for t = 48 hours): `day 2, 14:00` for a run timed in hours, minutes or seconds,
 * `day 3.5` for one in days or weeks (to the nearest minute, or tenth of a day); `t = 12 steps` for a unit without days.
 */
export function dayCounter(t: number, unit: string): string {
  const perDay = PER_DAY[unit.replace(/s$/, '')];
  if (perDay === undefined) return `t = ${t} ${unit}`;
  const days = t / perDay;
  if (perDay <= 1) return `day ${Number(days.toFixed(1))}`;
  // To the nearest minute, as the time in words beside it is (10.0616 h: 10 h 4 min, day 0, 10:04).
  const total = Math.round(days * 1440);
  const day = Math.floor(total / 1440);
  const minutes = total - day * 1440;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `day ${day}, ${hh}:${mm}`;
}
