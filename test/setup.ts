import fc from 'fast-check';
import { afterEach, beforeEach, vi } from 'vitest';

// Property tests draw their cases from a fixed seed, so every run of the suite checks the same
// cases and a failure reproduces. Change the seed on purpose to explore new cases.
fc.configureGlobal({ seed: 20261125 });

// A stray console call in a test is a defect: output belongs to the CLI layer.
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;

beforeEach(() => {
  for (const method of methods) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      throw new Error(`unexpected console.${method}: ${args.map(String).join(' ')}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
});
