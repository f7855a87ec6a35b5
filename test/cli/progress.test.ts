import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { formatSeconds, progressReporter } from '../../src/cli/progress.js';

/** A reporter in `json` mode writing into an array, with its lines parsed. */
function jsonReporter() {
  const lines: string[] = [];
  const stream = {
    isTTY: false,
    write: (text: string) => lines.push(text),
  } as unknown as typeof process.stderr;
  const reporter = progressReporter('json', 'test', stream);
  const parsed = () => lines.map((line) => JSON.parse(line) as { eta: number | null; elapsed: number });
  return { reporter, parsed };
}

describe('--progress json', () => {
  it("gives a resumed run's ETA from the pace since it resumed, not as if its checkpoint's share took no time", async () => {
    const { reporter, parsed } = jsonReporter();
    reporter.update(3, 6, 'runs'); // a checkpoint held half the runs
    await sleep(150);
    reporter.update(3.3, 6, 'runs'); // 5% of the runs in this process's time so far
    const [first, second] = parsed();
    expect(first!.eta).toBeNull(); // no pace known yet
    // 45% left at the pace of 5% per `elapsed`: about 9 × elapsed (not 0.8 × elapsed).
    expect(second!.eta!).toBeGreaterThan(8 * second!.elapsed);
    reporter.done();
    expect(parsed().at(-1)!.eta).toBe(0);
  });

  it('gives a fresh run its ETA from the start, as before', async () => {
    const { reporter, parsed } = jsonReporter();
    reporter.update(0, 4, 'runs');
    await sleep(150);
    reporter.update(1, 4, 'runs');
    const [, second] = parsed();
    expect(second!.eta!).toBeGreaterThan(2.5 * second!.elapsed);
    expect(second!.eta!).toBeLessThan(3.5 * second!.elapsed);
  });
});

describe('--progress bar', () => {
  it('says, once the bar is full, that the outputs are being written (a large ensemble took 16 s there, silent)', () => {
    let text = '';
    const stream = {
      isTTY: true,
      write: (chunk: string) => (text += chunk),
    } as unknown as typeof process.stderr;
    const reporter = progressReporter('bar', 'munz-basic', stream);
    reporter.update(1, 2, 'runs');
    reporter.done();
    expect(text).toMatch(/\] 100%.* 2\/2 runs/);
    expect(text.endsWith('\nmunz-basic: writing the outputs…\n')).toBe(true);
  });
});

describe('formatSeconds', () => {
  it('rounds the whole time once, never to 60 seconds or minutes (119.6 s was 1m60s)', () => {
    expect(formatSeconds(59.6)).toBe('1m0s');
    expect(formatSeconds(119.6)).toBe('2m0s');
    expect(formatSeconds(3599.7)).toBe('1h0m');
    expect(formatSeconds(65)).toBe('1m5s');
    expect(formatSeconds(7380)).toBe('2h3m');
  });
});
