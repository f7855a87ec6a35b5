import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/build-dist.ts'],
    // One test file per core, not vitest's default of one fewer: most files spend their time
    // waiting on the `undead` processes they start, so a core would otherwise stand idle.
    maxWorkers: availableParallelism(),
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
