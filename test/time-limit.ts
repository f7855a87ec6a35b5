/**
 * How long one test or hook may take: vitest's limit (vitest.config.ts), and the limit on each
 * `undead` process a test starts (test/helpers.ts). It guards against hangs only: tests bound
 * their work with the command's own budgets (`--until`, `--max-events`, `--max-memory`), never with
 * a clock, so a test that meets this limit has found a hang, not a slow machine.
 */
export const TEST_TIME_LIMIT_MS = 120_000;
