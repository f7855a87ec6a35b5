import { open } from 'node:fs/promises';

/**
 * Writes a new file from a sequence of chunks, one chunk at a time, so a file far larger than
 * memory (or than the longest string V8 allows) never exists in one piece. The event loop turns
 * between chunks, so a signal handler can run; `signal` aborted stops at the next chunk by
 * throwing its reason. The file must not exist yet.
 */
export async function writeChunks(
  path: string,
  chunks: Iterable<string | Uint8Array>,
  signal?: AbortSignal,
): Promise<void> {
  const file = await open(path, 'wx');
  try {
    for (const chunk of chunks) {
      signal?.throwIfAborted();
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (let offset = 0; offset < bytes.length; ) {
        const { bytesWritten } = await file.write(bytes, offset);
        if (bytesWritten === 0) throw Object.assign(new Error('short write'), { code: 'EIO', path });
        offset += bytesWritten;
      }
    }
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (failure.code !== undefined && failure.path === undefined) failure.path = path;
    throw error;
  } finally {
    await file.close();
  }
}

export { CHUNK_CHARS } from './chunk-size.js';
