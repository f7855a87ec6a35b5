import { type Zippable, zip } from 'fflate';

/**
 * The run's own files as a zip: each file the run lists (`summary.json`'s `files`) fetched from
 * `base` and stored under the folder `folder/`, compressed (deflate) off the page's thread.
 */
export async function runZip(base: string, files: readonly string[], folder: string): Promise<Blob> {
  const entries: Zippable = {};
  await Promise.all(
    files.map(async (name) => {
      const response = await fetch(`${base}${name}`);
      if (!response.ok) throw new Error(`${name} could not be read (${response.status})`);
      entries[`${folder}/${name}`] = new Uint8Array(await response.arrayBuffer());
    }),
  );
  const bytes = await new Promise<Uint8Array>((resolve, reject) =>
    zip(entries, { level: 6 }, (error, data) => (error === null ? resolve(data) : reject(error))),
  );
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
