import type { TimeScale } from '../scenario/clock.js';
import type { FactionContrastSummary } from './contrast-factions.js';
import { capital, leaderOf, list, mostTelling, percentWithBand } from './contrast-text.js';
import { formatDuration } from './time-format.js';

/** The overtakes told by time; the rest are counted. */
const OVERTAKES_TOLD = 3;

/**
 * The contrast of factions in plain sentences: which held together best (the shares still standing
 * at the report time where they differ most), when half of each had fallen, which grew and which
 * shrank, and when one came to outnumber another.
 */
export function factionContrastSentences(contrast: FactionContrastSummary, scale: TimeScale): string {
  const duration = (t: number) => formatDuration(t, scale.unit);
  const { factions, runs } = contrast;
  // A faction nobody ever joined has no share: it neither holds together nor falls.
  const everJoined = factions.filter((f) => (contrast.counts[f]!.joined.median ?? 0) > 0);
  const never = factions.filter((f) => !everJoined.includes(f));
  // The report time where the shares differ most, of those where every faction ever joined has one.
  const comparable = contrast.surviving.filter((at) => everJoined.every((f) => at.share[f]!.median !== null));
  const telling = mostTelling({
    surviving: (comparable.length > 0 ? comparable : contrast.surviving).map((at) => ({
      ...at,
      share: Object.fromEntries(everJoined.map((f) => [f, at.share[f]!])),
    })),
  });
  const shares = everJoined.map((f) =>
    telling.share[f]!.median === null
      ? `none of the ${f} yet`
      : `${percentWithBand(telling.share[f]!, runs)} of the ${f}`,
  );
  const first =
    contrast.better === null || leaderOf(telling.share, everJoined) !== contrast.better
      ? 'No faction clearly held together better'
      : `${capital(contrast.better)} held together best`;
  const aheadIn = everJoined.map((f) => `${f} in ${telling.ahead_runs[f]}`);
  const runByRun = runs > 1 ? `; ahead run by run: ${list(aheadIn)} of ${runs}` : '';
  const nobody = never.length > 0 ? ` Nobody was ever of the ${list(never)}.` : '';
  const fell = everJoined.map((f) => {
    const lost = contrast.half_lost_t[f]!;
    if (lost.median === null) return `half the ${f} never fell`;
    const happened = runs - lost.never;
    if (runs > 1 && 2 * happened <= runs)
      return `half the ${f} had fallen in only ${happened} of ${runs} runs (by ${duration(lost.median)})`;
    const some = lost.never > 0 ? ` in ${happened} of ${runs} runs` : '';
    return `half the ${f} had fallen by ${duration(lost.median)}${some}`;
  });
  const changes = everJoined.map((f) => {
    const c = contrast.counts[f]!;
    const [start, end] = [count(c.start.median), count(c.end.median)];
    return c.change === 'held' ? `the ${f} held at ${start}` : `the ${f} ${c.change} from ${start} to ${end}`;
  });
  const medians = runs > 1 ? ` (medians over ${runs} runs)` : '';
  const told = contrast.overtakes.slice(0, OVERTAKES_TOLD).map((o) => {
    const where = runs > 1 ? ` (median over the ${o.runs} of ${runs} runs where it happened)` : '';
    return `${o.ahead} outnumbered ${o.behind} from ${duration(o.t.median!)}${where}`;
  });
  if (contrast.overtakes.length > OVERTAKES_TOLD)
    told.push(`${contrast.overtakes.length - OVERTAKES_TOLD} more overtook another`);
  const overtakes =
    told.length === 0 ? 'No faction came to outnumber one that led it.' : `${capital(list(told))}.`;
  return [
    `${first}: ${list(shares)} still standing at ${duration(telling.t)} (of all who ever joined${runByRun}).${nobody}`,
    `${capital(fell.join(', '))}.`,
    `${capital(list(changes))}${medians}.`,
    overtakes,
  ].join(' ');
}

/** A count as a whole number (a median of an even number of runs may fall between two). */
function count(v: number | null): string {
  return v === null ? '0' : String(Math.round(v));
}
