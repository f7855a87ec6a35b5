import { describe, expect, it } from 'vitest';
import { gridDesign } from '../../src/ensemble/sweep/grid-design.js';
import { lhsDesign } from '../../src/ensemble/sweep/lhs-design.js';
import { parseVaryFlag } from '../../src/ensemble/sweep/vary-flag.js';
import { sweepChartSvg } from '../../src/output/sweep-chart.js';

/** A chart of the metric `final_S` whose mean at point p is p, with a band of ±1. */
function chart(vary: string[], lhs?: number): string {
  const flags = vary.map(parseVaryFlag);
  const design = lhs === undefined ? gridDesign(flags) : lhsDesign(lhs, flags, 1);
  const mean = design.points.map((_, p) => p);
  return sweepChartSvg({
    design,
    metric: 'final_S',
    values: { mean, q05: mean.map((v) => v - 1), q95: mean.map((v) => v + 1) },
    band: true,
    caption: 'test',
  });
}

const count = (svg: string, text: string) => svg.split(text).length - 1;

describe('the sweep chart', () => {
  it('draws one numeric name as a line with its band, one line per word of a list beside it', () => {
    const one = chart(['beta=1:5:1']);
    expect(count(one, 'aria-label="line"')).toBe(1);
    expect(count(one, 'aria-label="area"')).toBe(1);
    const engines = chart(['engine=ssa,tau', 'beta=1:5:1']);
    expect(engines).toContain('aria-description="ssa"');
    expect(engines).toContain('aria-description="tau"');
  });

  it('draws two numeric names as a heatmap with a cell per grid point and a legend, or dots for a sample', () => {
    const grid = chart(['beta=1:4:1', 'alpha=1:3:1']);
    expect(grid).toContain('aria-label="legend"');
    expect(grid).toContain('undead-viridis');
    // Each of the 12 cells has its value written in.
    expect(count(grid, '<rect')).toBeGreaterThanOrEqual(12);
    expect(grid).toContain('>11<');
    const sample = chart(['beta=1:4', 'alpha=1:3'], 10);
    expect(count(sample, '<circle')).toBe(10);
  });

  it('sets points side by side, named by their values, when no numeric axis fits', () => {
    const words = chart(['engine=ode,ssa,tau']);
    expect(words).toContain('>engine=ssa<');
    expect(count(words, '<circle')).toBe(3);
    const three = chart(['a=1:2:1', 'b=1:2:1', 'c=1:2:1']);
    expect(three).toContain('a=2, b=1, c=2');
  });
});
