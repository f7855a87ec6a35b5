import {
  SnapshotMismatch,
  type SnapshotReader,
  type SnapshotWriter,
  type TypedArray,
} from '../../core/snapshot-codec.js';

/**
 * The whole mutable state of an object graph, in a snapshot. The agents engine is many parts
 * (agents, building, fields, sounds, logs, streams …), each of typed arrays and numbers; rather
 * than list every field of every part, the graph is walked from its root, own properties in
 * order, and each value is written: numbers, booleans, strings, typed arrays, arrays and objects
 * (an object met again is written as a reference, so that parts shared by several owners stay
 * shared). Functions (the behaviour units' closures), maps and sets (indexes made at creation) and
 * the `constants` given (the compiled scenario's data) are not written.
 *
 * Restoring walks the same graph of an engine made from the same compiled scenario, and writes
 * each value back in place: typed arrays of the same length are filled (so that every holder of
 * one sees the restored values), others replaced; an object missing there (a goal field made on
 * first use, a lasting sound) is made as a plain object with the same fields.
 */

const UNDEFINED = 0;
const NULL = 1;
const NUMBER = 2;
const BOOLEAN = 3;
const STRING = 4;
const TYPED = 5;
const ARRAY = 6;
const REFERENCE = 7;
const OBJECT = 8;
const KEPT = 9;

/** The typed array kinds, by code. */
const TYPED_KINDS = [
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
] as const;

function typedKind(value: unknown): number {
  for (let k = 0; k < TYPED_KINDS.length; k++) if (value instanceof TYPED_KINDS[k]!) return k;
  return -1;
}

/** Values that are not state: functions, indexes, the constants. */
function kept(value: unknown, constants: ReadonlySet<unknown>): boolean {
  return typeof value === 'function' || value instanceof Map || value instanceof Set || constants.has(value);
}

/** Writes the state reachable from `root` (see the module comment). */
export function writeState(writer: SnapshotWriter, root: object, constants: ReadonlySet<unknown>): void {
  const seen = new Map<object, number>();
  const write = (value: unknown): void => {
    if (value === undefined) writer.u8(UNDEFINED);
    else if (value === null) writer.u8(NULL);
    else if (typeof value === 'number') writer.u8(NUMBER).f64(value);
    else if (typeof value === 'boolean') writer.u8(BOOLEAN).bool(value);
    else if (typeof value === 'string') writer.u8(STRING).string(value);
    else if (kept(value, constants)) writer.u8(KEPT);
    else if (typeof value !== 'object') throw new TypeError(`a snapshot cannot hold a ${typeof value}`);
    else if (seen.has(value)) writer.u8(REFERENCE).u32(seen.get(value)!);
    else {
      const kind = typedKind(value);
      if (kind >= 0) {
        writer
          .u8(TYPED)
          .u8(kind)
          .u32((value as TypedArray).length)
          .array(value as TypedArray);
        return;
      }
      seen.set(value, seen.size);
      if (Array.isArray(value)) {
        writer.u8(ARRAY).u32(value.length);
        for (const item of value) write(item);
        return;
      }
      const keys = Object.keys(value);
      writer.u8(OBJECT).u32(keys.length);
      for (const key of keys) {
        writer.string(key);
        write((value as Record<string, unknown>)[key]);
      }
    }
  };
  write(root);
}

/** Restores into the graph from `root` the state `writeState` wrote from a graph of the same shape. */
export function readState(reader: SnapshotReader, root: object, constants: ReadonlySet<unknown>): void {
  const objects: object[] = [];
  const read = (existing: unknown): unknown => {
    const tag = reader.u8();
    switch (tag) {
      case UNDEFINED:
        return undefined;
      case NULL:
        return null;
      case NUMBER:
        return reader.f64();
      case BOOLEAN:
        return reader.bool();
      case STRING:
        return reader.string();
      case KEPT:
        return existing;
      case REFERENCE: {
        const object = objects[reader.u32()];
        if (object === undefined) throw new SnapshotMismatch('the snapshot is damaged (a bad reference)');
        return object;
      }
      case TYPED: {
        const Kind = TYPED_KINDS[reader.u8()];
        if (Kind === undefined) throw new SnapshotMismatch('the snapshot is damaged (a bad array kind)');
        const length = reader.u32();
        const into =
          existing instanceof Kind && (existing as TypedArray).length === length
            ? (existing as TypedArray)
            : new Kind(length);
        return reader.arrayInto(into);
      }
      case ARRAY: {
        const array: unknown[] = Array.isArray(existing) && !constants.has(existing) ? existing : [];
        objects.push(array);
        const length = reader.u32();
        array.length = length;
        for (let k = 0; k < length; k++) array[k] = read(array[k]);
        return array;
      }
      case OBJECT: {
        const fits = typeof existing === 'object' && existing !== null && !Array.isArray(existing);
        const object = (fits ? existing : {}) as Record<string, unknown>;
        objects.push(object);
        const count = reader.u32();
        for (let k = 0; k < count; k++) {
          const key = reader.string();
          object[key] = read(object[key]);
        }
        return object;
      }
      default:
        throw new SnapshotMismatch(`the snapshot is damaged (an unknown value tag ${tag})`);
    }
  };
  read(root);
}
