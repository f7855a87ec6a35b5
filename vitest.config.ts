import { availableParallelism } from 'node:os';
import { register } from 'tsx/esm/api';
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

// The main process reads the global setup (test/build-dist.ts) through tsx as well.
register();

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
    // Test files import src as Node's own ES modules, compiled by tsx (execArgv), not through
    // Vite's module runner: it reads each imported name through a getter, which made the agents'
    // hot loops half as fast (hyosan-counterfactuals and hyosan-plausibility: 190 s of test time
    // against 97 s). No test mocks a module, which that runner would be needed for.
    experimental: { viteModuleRunner: false, nodeLoader: false },
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
    execArgv: ['--import', 'tsx'],
    hookTimeout: TEST_TIME_LIMIT_MS,
  },
});
