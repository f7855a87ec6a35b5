import {
  type FieldKind,
  UNIT_TABLE,
  type UnitField,
  type UnitName,
} from '../../../scenario/compiled-world.js';

/** The typed array of each field kind. */
interface ArrayOfKind {
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  uint8: Uint8Array;
  float32: Float32Array;
}

const MAKERS: { readonly [K in FieldKind]: (n: number) => ArrayOfKind[K] } = {
  int8: (n) => new Int8Array(n),
  int16: (n) => new Int16Array(n),
  int32: (n) => new Int32Array(n),
  uint8: (n) => new Uint8Array(n),
  float32: (n) => new Float32Array(n),
};

type FieldArray = ArrayOfKind[FieldKind];

/** The arrays of unit U's declared fields (`UNIT_TABLE[U].fields`), by name. */
export type FieldsOf<U extends UnitName> = (typeof UNIT_TABLE)[U] extends {
  readonly fields: infer F extends Readonly<Record<string, UnitField>>;
}
  ? { readonly [N in keyof F]: ArrayOfKind[F[N]['kind']] }
  : Record<string, never>;

/**
 * The per-agent fields behaviour units allocate for themselves, as declared in `UNIT_TABLE`: made
 * (one entry per agent, filled with the declared value) when a unit that declares them is first
 * made, and shared by every unit that declares the same name. A scenario without the unit carries
 * none of its fields. The arrays live in a plain object, so that snapshots hold them.
 */
export class UnitFields {
  readonly arrays: Record<string, FieldArray> = {};

  constructor(private readonly n: number) {}

  /** Unit u's fields, made on first use. */
  of<U extends UnitName>(u: U): FieldsOf<U> {
    const declared: Readonly<Record<string, UnitField>> =
      'fields' in UNIT_TABLE[u]
        ? (UNIT_TABLE[u] as { fields: Readonly<Record<string, UnitField>> }).fields
        : {};
    const out: Record<string, FieldArray> = {};
    for (const [name, field] of Object.entries(declared)) {
      let array = this.arrays[name];
      if (array === undefined) {
        array = MAKERS[field.kind](this.n).fill(field.fill);
        this.arrays[name] = array;
      }
      out[name] = array;
    }
    return out as FieldsOf<U>;
  }
}
