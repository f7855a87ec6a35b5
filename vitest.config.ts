import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import type { TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';
import { TEST_TIME_LIMIT_MS } from './test/time-limit.js';

/**
 * The files that take a minute or more of a core, started first. Vitest orders files by their
 * last durations when it has them, and a fresh clone has none: it then starts larger files first,
 * and a small file that runs ten days of simulated school began last and ran alone for 86 s at
 * the end of the suite (310 s in all on 2 cores).
 */
const HEAVY = [
  'test/engines/agents/hyosan-counterfactuals.test.ts',
  'test/engines/agents/hyosan-plausibility.test.ts',
  'test/engines/agents/campus-counterfactuals.test.ts',
];

class HeavyFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const k = HEAVY.findIndex((name) => spec.moduleId.endsWith(name));
      return k < 0 ? HEAVY.length : k;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    sequence: { sequencer: HeavyFirst },
    // Files share a worker's modules instead of importing them afresh each (34 s of the suite's
    // CPU went to imports); no test mocks a module, and global stubs are undone after each test.
    isolate: false,
    globalSetup: ['test/build-dist.ts'],
    // One test file per core, not vitest's default of one fewer: most files spend their time
    // waiting on the `undead` processes they start, so a core would otherwise stand idle.
    maxWorkers: availableParallelism(),
    testTimeout: TEST_TIME_LIMIT_MS,
    hookTimeout: TEST_TIME_LIMIT_MS,
  },
});
