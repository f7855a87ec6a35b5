const SVG_NS = 'http://www.w3.org/2000/svg';
/** A generous width of one title character, in pixels, at the title's font size. */
const CHAR_PX = 8.5;
const LINE_PX = 18;

/**
 * A chart's bold title centred at the top, as an SVG `<text>`; a title too wide for the chart is
 * broken at its ` — ` (what, then whose) and, if still too wide, at spaces. Returns the element
 * and the pixels it takes below the first line, by which the plot moves down.
 */
export function chartTitle(
  document: Document,
  title: string,
  width: number,
): { element: Element; extra: number } {
  const fits = Math.max(10, Math.floor((width - 20) / CHAR_PX));
  const lines: string[] = [];
  for (const part of title.length <= fits ? [title] : title.split(' — ')) {
    let line = '';
    for (const word of part.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > fits) {
        lines.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  const element = document.createElementNS(SVG_NS, 'text');
  for (const [key, value] of Object.entries({
    x: width / 2,
    y: 22,
    'font-size': 14,
    'font-weight': 'bold',
    'text-anchor': 'middle',
    'aria-label': 'title',
  }))
    element.setAttribute(key, String(value));
  lines.forEach((line, k) => {
    const span = document.createElementNS(SVG_NS, 'tspan');
    span.setAttribute('x', String(width / 2));
    span.setAttribute('dy', String(k === 0 ? 0 : LINE_PX));
    span.textContent = line;
    element.appendChild(span);
  });
  return { element, extra: (lines.length - 1) * LINE_PX };
}
