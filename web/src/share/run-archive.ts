import { type Zippable, zip } from 'fflate';

/** A run folder to put in a zip: where its files are served, which they are, and where they go. */
export interface RunFolder {
  /** The folder's URL, ending in `/`. */
  readonly base: string;
  /** The files it lists (`summary.json`'s `files`). */
  readonly files: readonly string[];
  /** The folder the files go in, inside the zip's own folder (none: straight in it). */
  readonly folder?: string;
}

/**
 * The runs' own files as a zip under the folder `name/`: each file each run lists, fetched from its
 * base and stored under `name/` (or `name/FOLDER/`).
 */
export async function runZip(runs: readonly RunFolder[], name: string): Promise<Blob> {
  const entries: Zippable = {};
  await Promise.all(
    runs.flatMap(({ base, files, folder }) =>
      files.map(async (file) => {
        const response = await fetch(`${base}${file}`);
        if (!response.ok) throw new Error(`${base}${file} could not be read (${response.status})`);
        const path = folder === undefined ? `${name}/${file}` : `${name}/${folder}/${file}`;
        entries[path] = new Uint8Array(await response.arrayBuffer());
      }),
    ),
  );
  return zipOf(entries);
}

/** Files held in memory (text or bytes, keyed by their path in the folder) as a zip under the folder `name/`. */
export function filesZip(files: Readonly<Record<string, string | Uint8Array>>, name: string): Promise<Blob> {
  const encoder = new TextEncoder();
  const entries: Zippable = {};
  for (const [path, content] of Object.entries(files))
    entries[`${name}/${path}`] = typeof content === 'string' ? encoder.encode(content) : content;
  return zipOf(entries);
}

/** The entries as a zip, compressed (deflate) off the page's thread. */
async function zipOf(entries: Zippable): Promise<Blob> {
  const bytes = await new Promise<Uint8Array>((resolve, reject) =>
    zip(entries, { level: 6 }, (error, data) => (error === null ? resolve(data) : reject(error))),
  );
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
