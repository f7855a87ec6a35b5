/**
 * A browser whose language tag `Intl` refuses (headless Chromium under the C locale reports
 * `en-US@posix`) would stop the page as uPlot loads: it formats numbers with
 * `new Intl.NumberFormat(navigator.language)` at import. Such a tag is replaced by its valid part,
 * or `en-US`. Imported first by each page, before anything that imports uPlot.
 */
function usable(tag: string): boolean {
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

const given = typeof navigator === 'undefined' ? 'en-US' : navigator.language;
if (!usable(given)) {
  const base = given.split(/[@.]/)[0] ?? '';
  Object.defineProperty(navigator, 'language', {
    value: usable(base) ? base : 'en-US',
    configurable: true,
  });
}
