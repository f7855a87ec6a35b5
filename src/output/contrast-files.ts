import { timeScaleOf } from '../scenario/clock.js';
import type { Scenario } from '../scenario/schema.js';
import { renderChartSvg } from './chart.js';
import type { ContrastCurves } from './contrast.js';
import { scenarioMarkers } from './run-charts.js';
import { timeAxis } from './time-format.js';

/** Shares are written to this many decimals (a hundredth of a percent). */
const SHARE_DIGITS = 4;

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

function share(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toFixed(SHARE_DIGITS))) : '';
}

/** `contrast.svg`: each group's median share still human, with its 90% band over runs, on the run's time axis. */
export function contrastSvg(scenario: Scenario, curves: ContrastCurves, runs: number): string {
  const axis = timeAxis(scenario.time.until, timeScaleOf(scenario));
  const what = runs > 1 ? `${runs} runs: median and 90% band` : 'one run';
  return renderChartSvg({
    title: `${scenario.title}: ${curves.groups.join(' against ')}, share still human (${what})`,
    xLabel: axis.label,
    yLabel: 'share still human',
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
