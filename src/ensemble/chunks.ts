/** Chunks per worker: enough to balance replicates of unequal length, few enough to keep messages rare. */
const CHUNKS_PER_WORKER = 16;
/** The most replicates in one chunk, so results stream back while a long ensemble runs. */
const MAX_CHUNK = 256;

/** Splits replicates 0 … runs − 1 into consecutive chunks `[first, first + count)`. */
export function chunkPlan(runs: number, workers: number): { first: number; count: number }[] {
  const size = Math.max(1, Math.min(MAX_CHUNK, Math.ceil(runs / (workers * CHUNKS_PER_WORKER))));
  const chunks: { first: number; count: number }[] = [];
  for (let first = 0; first < runs; first += size)
    chunks.push({ first, count: Math.min(size, runs - first) });
  return chunks;
}

/** A chunk in words: `replicate 4` for one, `replicates 4–7` for more. */
export function chunkText(first: number, count: number): string {
  return count === 1 ? `replicate ${first}` : `replicates ${first}–${first + count - 1}`;
}
