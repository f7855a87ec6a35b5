import { timeScaleOf } from '../scenario/clock.js';
import type { Scenario } from '../scenario/schema.js';
import { renderChartSvg } from './chart.js';
import type { ContrastCurves } from './contrast.js';
import type { FactionContrast } from './contrast-factions.js';
import { roundFigures } from './number-format.js';
import { scenarioMarkers } from './run-charts.js';
import { timeAxis } from './time-format.js';

/** `contrast.csv`: `t,group,median,q05,q95`, the share still human, one row per output time and group. */
export function contrastCsv(curves: ContrastCurves): string {
  const lines = ['t,group,median,q05,q95'];
  curves.times.forEach((t, k) => {
    curves.groups.forEach((group, g) => {
      const cells = [curves.median[g]![k]!, curves.q05[g]![k]!, curves.q95[g]![k]!].map(share);
      lines.push(`${t},${group},${cells.join(',')}`);
    });
  });
  return `${lines.join('\n')}\n`;
}

/**
 * A share to 12 significant digits, as summary.json's figures: four decimals, as before, wrote
 * 1 of 674 people (0.0014837) as 0.0015.
 */
function share(v: number): string {
  return Number.isFinite(v) ? String(roundFigures(v)) : '';
}

/**
 * `contrast.svg`: each group's median share still human (a faction's: still standing, `measure`),
 * with its 90% band over runs, on the run's time axis.
 */
export function contrastSvg(
  scenario: Scenario,
  curves: ContrastCurves,
  runs: number,
  measure = 'share still human',
): string {
  const axis = timeAxis(scenario.time.until, timeScaleOf(scenario));
  const what = runs > 1 ? `${runs} runs: median and 90% band` : 'one run';
  return renderChartSvg({
    title: `${scenario.title}: ${curves.groups.join(' against ')}, ${measure} (${what})`,
    xLabel: axis.label,
    yLabel: measure,
    times: Float64Array.from(curves.times),
    series: curves.groups.map((name, g) => ({ name, values: curves.median[g]!, strokeWidth: 2.5 })),
    ...(runs > 1
      ? {
          bands: curves.groups.map((name, g) => ({ name, low: curves.q05[g]!, high: curves.q95[g]! })),
        }
      : {}),
    markers: scenarioMarkers(scenario),
    ...(axis.ticks === undefined ? {} : { xTicks: axis.ticks }),
  });
}

/**
 * contrast.csv of factions: `t,faction,median,q05,q95,standing,standing_q05,standing_q95`, the
 * share still standing (of all who ever joined) and the living members, medians and 90% bands.
 */
export function factionContrastCsv(curves: ContrastCurves, standing: FactionContrast['standing']): string {
  const lines = ['t,faction,median,q05,q95,standing,standing_q05,standing_q95'];
  curves.times.forEach((t, k) => {
    curves.groups.forEach((faction, f) => {
      const shares = [curves.median[f]![k]!, curves.q05[f]![k]!, curves.q95[f]![k]!].map(share);
      const counts = [standing[f]!.median[k]!, standing[f]!.q05[k]!, standing[f]!.q95[k]!];
      lines.push(`${t},${faction},${shares.join(',')},${counts.join(',')}`);
    });
  });
  return `${lines.join('\n')}\n`;
}

/** `contrast-standing.svg`: each faction's living members (median, with its 90% band over runs). */
export function standingSvg(
  scenario: Scenario,
  curves: ContrastCurves,
  standing: FactionContrast['standing'],
  runs: number,
): string {
  const axis = timeAxis(scenario.time.until, timeScaleOf(scenario));
  const what = runs > 1 ? `${runs} runs: median and 90% band` : 'one run';
  return renderChartSvg({
    title: `${scenario.title}: ${curves.groups.join(' against ')}, living members (${what})`,
    xLabel: axis.label,
    yLabel: 'living members',
    times: Float64Array.from(curves.times),
    series: curves.groups.map((name, f) => ({ name, values: standing[f]!.median, strokeWidth: 2.5 })),
    ...(runs > 1
      ? { bands: curves.groups.map((name, f) => ({ name, low: standing[f]!.q05, high: standing[f]!.q95 })) }
      : {}),
    markers: scenarioMarkers(scenario),
    ...(axis.ticks === undefined ? {} : { xTicks: axis.ticks }),
  });
}
