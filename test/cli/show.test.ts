import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtins } from '../../src/scenario/files.js';
import { temporaryDir, undead } from '../helpers.js';

/** `undead show NAME` prints a built-in's YAML, to copy into a file and edit. */
describe('undead show', () => {
  it("prints the built-in's file verbatim, comments and all, and an edited copy validates", () => {
    const shown = undead(['show', 'hyosan-high']);
    expect(shown.status).toBe(0);
    expect(shown.stderr).toBe('');
    const file = builtins().find((b) => b.name === 'hyosan-high')!.file;
    expect(shown.stdout).toBe(readFileSync(file, 'utf8'));
    expect(shown.stdout).toContain('# Switch one off with --set world.events.NAME.enabled=false');
    const copy = join(temporaryDir(), 'my-school.yaml');
    writeFileSync(copy, shown.stdout.replace('\n      enabled: false\n', '\n      enabled: true\n'));
    expect(undead(['validate', copy])).toMatchObject({ status: 0, stderr: '' });
  });

  it('refuses an unknown name with exit 2 and lists the built-ins', () => {
    const result = undead(['show', 'hyosan']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      "no built-in scenario 'hyosan'; the built-ins are alemi-szr, hyosan-high,",
    );
    for (const { name } of builtins()) expect(result.stderr).toContain(name);
  });

  it('needs a name', () => {
    expect(undead(['show']).status).toBe(2);
  });
});
