import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CommandResult, temporaryDir, undead } from '../helpers.js';

/** hyosan-high's first four hours (the school falls within them), as a novelist would run it. */
describe('undead run hyosan-high: times on the clock', () => {
  let out = '';
  let result: CommandResult;
  // biome-ignore lint/suspicious/noExplicitAny: summary.json as parsed
  let summary: any;
  beforeAll(() => {
    out = join(temporaryDir(), 'school');
    result = undead(['run', 'hyosan-high', '--until', '14400', '--out', out, '--progress', 'none']);
    summary = result.status === 0 ? JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) : {};
  });

  it('prints durations and clock times, never bare seconds', () => {
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('t = 0…4 h (08:40 to 12:40)');
    expect(result.stdout).toMatch(/the school fell .* at \d h \d+ min, 1\d:\d\d(:\d\d)?\n/);
    expect(result.stdout).toMatch(/first bite at \d+ min( \d+ s)?, 08:\d\d(:\d\d)?;/);
    expect(result.stdout).not.toMatch(/\d second/);
  });

  it('writes each time in summary.json beside its number, which stays in seconds', () => {
    const fell = summary.story.school_fell_t;
    expect(typeof fell).toBe('number');
    const clock = new Date((8 * 3600 + 40 * 60 + Math.round(fell)) * 1000).toISOString().slice(11, 19);
    expect(summary.story.school_fell_at).toBe(
      `${Math.floor(Math.round(fell / 60) / 60)} h ${Math.round(fell / 60) % 60} min, ${clock.replace(/:00$/, '')}`,
    );
    expect(summary.peak.human).toMatchObject({ t: 0, at: '0 s, 08:40' });
  });

  it('draws the chart on a clock axis, with the events that fell in the run marked', () => {
    const svg = readFileSync(join(out, 'chart.svg'), 'utf8');
    const root = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
    const ticks = [...root.querySelectorAll('g[aria-label="x-axis tick label"] text')].map(
      (t) => t.textContent,
    );
    expect(ticks.slice(0, 3)).toEqual(['09:00', '09:30', '10:00']);
    expect(svg).toContain('time of day (t = 0 at 08:40)');
    const events = [...root.querySelectorAll('g[aria-description="event labels"] text')].map(
      (t) => t.textContent,
    );
    expect(events).toEqual(['broadcast', 'phones']);
  });
});
