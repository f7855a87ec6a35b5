import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { PNG } from 'pngjs';

/** axe-core's script, read once from node_modules (the tests run offline). */
let axeScript: string | undefined;

/**
 * Runs axe-core on the page as it is and returns its violations (`id: help`) and how many rules
 * passed. The script is evaluated through the DevTools protocol: the page's own policy rightly
 * refuses inline scripts.
 */
export async function axeReport(page: Page): Promise<{ violations: string[]; passes: number }> {
  axeScript ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeScript);
  return page.evaluate(async () => {
    type Result = { id: string; help: string };
    const axe = (
      window as unknown as { axe: { run: () => Promise<{ violations: Result[]; passes: Result[] }> } }
    ).axe;
    const result = await axe.run();
    return { violations: result.violations.map((v) => `${v.id}: ${v.help}`), passes: result.passes.length };
  });
}

/** How much of an image is painted (the share of pixels not white) and in how many distinct colours. */
export function inkOf(png: PNG): { painted: number; colours: number } {
  const colours = new Set<number>();
  let painted = 0;
  for (let k = 0; k < png.data.length; k += 4) {
    const rgb = (png.data[k]! << 16) | (png.data[k + 1]! << 8) | png.data[k + 2]!;
    if (rgb !== 0xffffff) painted++;
    colours.add(rgb);
  }
  return { painted: painted / (png.width * png.height), colours: colours.size };
}
