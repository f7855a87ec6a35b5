import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readScenarioText, scenarioPath } from '../src/scenario/files.js';
import { parseScenario } from '../src/scenario/parse.js';
import { ROOT, runLoaded } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const allBlocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
/** Whole scenarios, and indented parts of a `world` block (to paste into one). */
const yamlBlocks = allBlocks.filter((block) => !block.startsWith(' '));
const worldParts = allBlocks.filter((block) => block.startsWith(' '));

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

  it.each(worldParts.map((block, i) => [i, block] as const))(
    'world part %i, pasted into hyosan-high, validates',
    (_, block) => {
      const data = parse(readScenarioText(scenarioPath('hyosan-high'))) as { world: Record<string, unknown> };
      const part = parse(`world:\n${block}`) as { world: Record<string, unknown> };
      Object.assign(data.world, part.world);
      expect(() => parseScenario(stringify(data), 'README.md')).not.toThrow();
    },
  );

  it('gives the quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
});
