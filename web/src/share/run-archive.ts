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
 * base and stored under `name/` (or `name/FOLDER/`), compressed (deflate) off the page's thread.
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
  const bytes = await new Promise<Uint8Array>((resolve, reject) =>
    zip(entries, { level: 6 }, (error, data) => (error === null ? resolve(data) : reject(error))),
  );
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
