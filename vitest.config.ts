import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { TEST_TIME_LIMIT_MS } from './test/time-limit.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/build-dist.ts'],
    // One test file per core, not vitest's default of one fewer: most files spend their time
    // waiting on the `undead` processes they start, so a core would otherwise stand idle.
    maxWorkers: availableParallelism(),
    testTimeout: TEST_TIME_LIMIT_MS,
    hookTimeout: TEST_TIME_LIMIT_MS,
  },
});
