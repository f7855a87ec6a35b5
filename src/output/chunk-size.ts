/** About how many characters a chunk of a table holds before it is handed on (1 MiB). */
export const CHUNK_CHARS = 1 << 20;
