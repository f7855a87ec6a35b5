import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { expect } from 'vitest';

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

/** Clicks a download button and returns the file's suggested name and its bytes. */
export async function downloaded(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/**
 * Saves the map as a PNG at 1× and 2× with the export panel and checks both: painted in several
 * colours, the 2× exactly twice the 1×. Returns the two files' names.
 */
export async function expectPngExport(page: Page): Promise<string[]> {
  const names: string[] = [];
  const sizes: { width: number; height: number }[] = [];
  for (const scale of ['1', '2']) {
    await page.locator('#png-scale').selectOption(scale);
    const { name, bytes } = await downloaded(page, '#export-png');
    names.push(name);
    const png = PNG.sync.read(bytes);
    sizes.push({ width: png.width, height: png.height });
    const { painted, colours } = inkOf(png);
    expect(painted).toBeGreaterThan(0.1);
    expect(colours).toBeGreaterThan(8);
  }
  expect(sizes[0]!.width).toBeGreaterThan(100);
  expect(sizes[1]).toEqual({ width: 2 * sizes[0]!.width, height: 2 * sizes[0]!.height });
  return names;
}
