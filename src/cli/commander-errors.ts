/**
 * Commander's own errors (an unknown flag or command, a flag without its value, a missing
 * argument) in the form of every other input error, `<command line>:1:1: FIELD: what is wrong`,
 * with commander's suggestion of a near name kept: `error: unknown option '--sed'` was its own form.
 */
export function commanderErrorLine(text: string): string {
  const [first = '', ...rest] = text.trimEnd().split('\n');
  const hint = rest
    .map((line) => line.trim().replace(/^\((.*)\)$/, '$1'))
    .filter((line) => line !== '')
    .map((line) => ` (${line.charAt(0).toLowerCase()}${line.slice(1)})`)
    .join('');
  const at = (field: string, what: string) => `<command line>:1:1: ${field}: ${what}${hint}\n`;
  const quoted = /'([^']*)'/.exec(first)?.[1] ?? '';
  const message = first.replace(/^error: /, '');
  if (/^error: unknown option/.test(first)) return at(quoted, 'unknown option');
  if (/^error: unknown command/.test(first)) return at(quoted, 'unknown command');
  if (/^error: too many arguments/.test(first)) return at('(arguments)', message);
  if (/^error: missing required argument/.test(first))
    return at(quoted.toUpperCase().replace('|', ' or '), 'is missing');
  if (/^error: option .* argument missing/.test(first)) return at(quoted.split(' ')[0]!, 'needs a value');
  return at(quoted === '' ? '(arguments)' : quoted.split(' ')[0]!, message);
}
