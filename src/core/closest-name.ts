/**
 * The edit distance between two names: insertions, deletions, substitutions and swaps of two
 * neighbouring characters (optimal string alignment), each counting 1.
 */
export function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  const d = new Uint32Array((a.length + 1) * width);
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * width + j]! + 1,
        d[i * width + j - 1]! + 1,
        d[(i - 1) * width + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[(i - 2) * width + j - 2]! + 1);
      d[i * width + j] = best;
    }
  }
  return d[a.length * width + b.length]!;
}

/**
 * The candidate closest to `name`, if it is close enough to be a likely typo (at most a third of
 * the name's letters wrong; only the case for names of one or two letters); ties go to the earlier candidate. Case
 * differences count as half an edit, so `Beta` suggests `beta`.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  // One- and two-letter names are too short to guess from, except for their case.
  const limit = name.length < 3 ? 0 : Math.max(1, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    if (candidate === name) continue;
    // Names far longer or shorter cannot be within the limit: skip them without the table.
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const folded = editDistance(lower, candidate.toLowerCase());
    const score = folded + (editDistance(name, candidate) - folded) / 2;
    if (folded <= limit && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** ` (did you mean beta?)` for a likely typo, otherwise an empty string: to append to a message. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const closest = closestName(name, candidates);
  return closest === undefined ? '' : ` (did you mean ${closest}?)`;
}

/**
 * The `known` names for the first `count` calls, then none: for a compiler that suggests the
 * closest known name for each unknown one it meets. A suggestion compares the name with every known
 * one, so 99,000 typos among 99,000 names would take hours; an error shows only its first 50
 * problems (`SHOWN_ISSUES`), and only about that many need a suggestion.
 */
export function suggestingFirst(count: number, known: () => Iterable<string>): () => Iterable<string> {
  let asked = 0;
  return () => (++asked <= count ? known() : []);
}
