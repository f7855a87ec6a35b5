/** One `COUNT NAME` term of a reaction side, with where it stands in the side's text. */
export interface SideTerm {
  name: string;
  count: number;
  offset: number;
}

/** A problem in a reaction side, at a character offset of its text. */
export interface SideError {
  offset: number;
  message: string;
}

const TERM = /^\s*(?:(\d+)\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*$/;

/**
 * The most of one compartment a reaction may take (`1000 S + Z`): a propensity multiplies that many
 * factors, and 10⁷ of them took 2 GB to compile (10¹¹ crashed the process).
 */
export const MAX_REACTANT_COUNT = 1000;

/**
 * Parses a reaction side: `0` (nothing), or a sum of terms such as `S + Z`, `2 Z` or `5X`.
 * Repeated names add up (`Z + Z` is `2 Z`), to at most `most` of one name.
 */
export function parseSide(side: 0 | string, most = Number.MAX_SAFE_INTEGER): SideTerm[] | SideError {
  if (side === 0 || side.trim() === '0') return [];
  const terms: SideTerm[] = [];
  let offset = 0;
  for (const part of side.split('+')) {
    const match = TERM.exec(part);
    if (match === null) {
      const at = offset + (part.length - part.trimStart().length);
      return { offset: at, message: `expected a term like 'S' or '2 Z', not '${part.trim()}'` };
    }
    const count = match[1] === undefined ? 1 : Number(match[1]);
    const name = match[2]!;
    const nameOffset =
      offset + part.indexOf(name, match[1] === undefined ? 0 : part.indexOf(match[1]) + match[1].length);
    if (count === 0)
      return { offset: offset + part.indexOf(match[1]!), message: 'a count must be at least 1' };
    const same = terms.find((term) => term.name === name);
    if ((same?.count ?? 0) + count > most) {
      const what = most === MAX_REACTANT_COUNT ? 'a reaction takes' : 'a side has';
      return {
        offset: offset + part.length - part.trimStart().length,
        message: `${what} at most ${most.toLocaleString('en-US')} of one compartment, not ${((same?.count ?? 0) + count).toLocaleString('en-US')}`,
      };
    }
    if (same === undefined) terms.push({ name, count, offset: nameOffset });
    else same.count += count;
    offset += part.length + 1;
  }
  return terms;
}
