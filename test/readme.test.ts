import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/parse.js';
import { ROOT, runLoaded } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const yamlBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('the README works when pasted', () => {
  it('has scenario examples', () => {
    expect(yamlBlocks.length).toBeGreaterThan(0);
  });

  it.each(yamlBlocks.map((block, i) => [i, block] as const))(
    'scenario example %i validates and runs',
    (_, block) => {
      const run = runLoaded(parseScenario(block, 'README.md'));
      expect(run.times.length).toBeGreaterThan(1);
    },
  );

  it('gives the quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
