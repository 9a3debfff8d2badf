import {
  Bool,
  type Data,
  type DataType,
  type DateDay,
  Dictionary,
  Float64,
  Int8,
  Int16,
  Int32,
  type Int64,
  Field,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  type TimestampNanosecond,
  Utf8,
} from 'apache-arrow';

// apache-arrow's builders (vectorFromArray) compile code with new Function, which the app's CSP
// forbids; every column here is assembled from typed arrays with makeData instead.
type IntArray = Int8Array | Int16Array | Int32Array;
type IntArrayCtor = Int8ArrayConstructor | Int16ArrayConstructor | Int32ArrayConstructor;

const encoder = new TextEncoder();
/** Strings up to this many UTF-16 units are copied by hand when ASCII (Utf8Column.set). */
const SHORT_STRING = 48;

/** Writes an ASCII string's bytes at `at`; the end, or -1 at the first non-ASCII character. */
function copyAscii(v: string, bytes: Uint8Array, at: number): number {
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c >= 0x80) return -1;
    bytes[at++] = c;
  }
  return at;
}

/** Growable validity bitmap; null until the first null is appended. */
class Validity {
  private bits: Uint8Array | null = null;
  nulls = 0;
  set(i: number, valid: boolean, capacity: number): void {
    if (valid && this.bits === null) return;
    if (this.bits === null) {
      this.bits = new Uint8Array(Math.ceil(capacity / 8)).fill(0xff);
    } else if (this.bits.length * 8 < capacity) {
      const next = new Uint8Array(Math.ceil(capacity / 8)).fill(0xff);
      next.set(this.bits);
      this.bits = next;
    }
    const byte = i >> 3;
    const mask = 1 << (i & 7);
    if (valid) this.bits[byte]! |= mask;
    else {
      this.bits[byte]! &= ~mask;
      this.nulls += 1;
    }
  }
  finish(length: number): { nullCount: number; nullBitmap?: Uint8Array } {
    if (this.bits === null || this.nulls === 0) return { nullCount: 0 };
    return { nullCount: this.nulls, nullBitmap: this.bits.subarray(0, Math.ceil(length / 8)) };
  }
}

function grow<T extends Float64Array | IntArray | BigInt64Array>(arr: T, need: number): T {
  if (need <= arr.length) return arr;
  const next = new (arr.constructor as new (n: number) => T)(Math.max(need, arr.length * 2));
  next.set(arr as never);
  return next;
}

export interface ColumnBuilder {
  readonly type: DataType;
  finish(length: number): Data;
}

/** Float64, Int32 or DateDay (days since the epoch, int32) values with nulls. */
export class NumberColumn implements ColumnBuilder {
  private values: Float64Array | Int32Array;
  private readonly validity = new Validity();
  constructor(
    readonly type: Float64 | Int32 | DateDay,
    capacity = 1024,
  ) {
    this.values = type instanceof Float64 ? new Float64Array(capacity) : new Int32Array(capacity);
  }
  set(i: number, v: number | null | undefined): void {
    if (i >= this.values.length) this.values = grow(this.values, i + 1);
    const ok = v !== null && v !== undefined && Number.isFinite(v);
    this.values[i] = ok ? v : 0;
    this.validity.set(i, ok, this.values.length);
  }
  finish(length: number): Data {
    return makeData({
      type: this.type,
      length,
      data: this.values.subarray(0, length),
      ...this.validity.finish(length),
    } as never);
  }
}

/** Int64 or nanosecond-timestamp values (no nulls). */
export class BigIntColumn implements ColumnBuilder {
  private values: BigInt64Array;
  /** The same bytes as 32-bit words, for setNumber. */
  private halves: Uint32Array | null = null;
  constructor(
    readonly type: TimestampNanosecond | Int64,
    capacity = 1024,
  ) {
    this.values = new BigInt64Array(capacity);
  }
  set(i: number, v: bigint): void {
    if (i >= this.values.length) this.values = grow(this.values, i + 1);
    this.values[i] = v;
  }
  /** Sets a non-negative safe integer without making a BigInt (ids, row ids: one per row adds up). */
  setNumber(i: number, v: number): void {
    if (i >= this.values.length) this.values = grow(this.values, i + 1);
    if (this.halves?.buffer !== this.values.buffer) this.halves = new Uint32Array(this.values.buffer);
    // Arrow buffers are little-endian, as are the platforms that run this: low word first.
    this.halves[2 * i] = v % 4294967296;
    this.halves[2 * i + 1] = Math.floor(v / 4294967296);
  }
  finish(length: number): Data {
    return makeData({
      type: this.type,
      length,
      nullCount: 0,
      data: this.values.subarray(0, length),
    } as never);
  }
}

export class DictionaryColumn implements ColumnBuilder {
  private indices: IntArray;
  private readonly validity = new Validity();
  private readonly lookup = new Map<string, number>();
  private readonly values: string[] = [];
  readonly type: Dictionary<Utf8, Int8 | Int16 | Int32>;
  private readonly limit: number;
  /** `domain` pre-seeds the dictionary, so a fixed label set keeps the same indices in every batch. */
  constructor(type: Dictionary<Utf8, Int8 | Int16 | Int32>, capacity = 1024, domain: readonly string[] = []) {
    this.type = type;
    const ctor = type.indices.ArrayType as IntArrayCtor;
    this.indices = new ctor(capacity);
    this.limit = 2 ** (type.indices.bitWidth - 1);
    for (const v of domain) {
      this.lookup.set(v, this.values.length);
      this.values.push(v);
    }
  }
  set(i: number, v: string | null | undefined): void {
    if (i >= this.indices.length) this.indices = grow(this.indices, i + 1);
    if (v === null || v === undefined) {
      this.indices[i] = 0;
      this.validity.set(i, false, this.indices.length);
      return;
    }
    let k = this.lookup.get(v);
    if (k === undefined) {
      k = this.values.length;
      if (k >= this.limit)
        throw new RangeError(`too many distinct values for dictionary column (${this.limit})`);
      this.lookup.set(v, k);
      this.values.push(v);
    }
    this.indices[i] = k;
    this.validity.set(i, true, this.indices.length);
  }
  finish(length: number): Data {
    const dict = new Utf8Column();
    for (let i = 0; i < this.values.length; i++) dict.set(i, this.values[i]);
    const dictionary = makeVector(dict.finish(this.values.length));
    return makeData({
      type: this.type,
      length,
      data: this.indices.subarray(0, length),
      dictionary,
      ...this.validity.finish(length),
    } as never);
  }
}

export class Utf8Column implements ColumnBuilder {
  readonly type = new Utf8();
  private offsets: Int32Array;
  constructor(capacity = 1024) {
    this.offsets = new Int32Array(capacity + 1);
  }
  private bytes = new Uint8Array(16 * 1024);
  private readonly validity = new Validity();
  private end = 0;
  /** Appends UTF-8 bytes as they are (no decode/encode round trip). */
  setBytes(i: number, src: Uint8Array, start: number, end: number): void {
    if (i + 2 > this.offsets.length) this.offsets = grow(this.offsets, i + 2);
    const need = this.end + (end - start);
    if (need > this.bytes.length) {
      const next = new Uint8Array(Math.max(need, this.bytes.length * 2));
      next.set(this.bytes.subarray(0, this.end));
      this.bytes = next;
    }
    this.bytes.set(src.subarray(start, end), this.end);
    this.end = need;
    this.offsets[i + 1] = this.end;
    this.validity.set(i, true, this.offsets.length);
  }
  set(i: number, v: string | null | undefined): void {
    if (i + 2 > this.offsets.length) this.offsets = grow(this.offsets, i + 2);
    if (v !== null && v !== undefined) {
      const need = this.end + v.length * 3;
      if (need > this.bytes.length) {
        const next = new Uint8Array(Math.max(need, this.bytes.length * 2));
        next.set(this.bytes.subarray(0, this.end));
        this.bytes = next;
      }
      // Short labels, symbols and ids are ASCII: copying their char codes allocates nothing, where
      // encodeInto makes a view and a result object per string. Long text goes to encodeInto.
      const end = v.length <= SHORT_STRING ? copyAscii(v, this.bytes, this.end) : -1;
      this.end = end >= 0 ? end : this.end + encoder.encodeInto(v, this.bytes.subarray(this.end)).written;
    }
    this.offsets[i + 1] = this.end;
    this.validity.set(i, v !== null && v !== undefined, this.offsets.length);
  }
  finish(length: number): Data {
    return makeData({
      type: this.type,
      length,
      valueOffsets: this.offsets.subarray(0, length + 1),
      data: this.bytes.subarray(0, this.end),
      ...this.validity.finish(length),
    });
  }
}

export const int8Dict = (id: number) => new Dictionary(new Utf8(), new Int8(), id);
export const int16Dict = (id: number) => new Dictionary(new Utf8(), new Int16(), id);
export const int32Dict = (id: number) => new Dictionary(new Utf8(), new Int32(), id);

/** Booleans with nulls, bit-packed as Arrow stores them. */
export class BoolColumn implements ColumnBuilder {
  readonly type = new Bool();
  private bits: Uint8Array;
  constructor(capacity = 1024) {
    this.bits = new Uint8Array(Math.ceil(capacity / 8));
  }
  private readonly validity = new Validity();
  set(i: number, v: boolean | null): void {
    if (i >> 3 >= this.bits.length) {
      const next = new Uint8Array(Math.max((i >> 3) + 1, this.bits.length * 2));
      next.set(this.bits);
      this.bits = next;
    }
    const mask = 1 << (i & 7);
    if (v === true) this.bits[i >> 3]! |= mask;
    else this.bits[i >> 3]! &= ~mask;
    this.validity.set(i, v !== null, this.bits.length * 8);
  }
  finish(length: number): Data {
    return makeData({
      type: this.type,
      length,
      data: this.bits.subarray(0, Math.ceil(length / 8)),
      ...this.validity.finish(length),
    });
  }
}

/** A record batch of named columns, all nullable, `n` rows long. */
export function recordBatch(columns: readonly (readonly [string, ColumnBuilder])[], n: number): RecordBatch {
  const fields = columns.map(([name, c]) => new Field(name, c.type, true));
  const children = columns.map(([, c]) => c.finish(n));
  return new RecordBatch(
    new Schema(fields),
    makeData({ type: new Struct(fields), length: n, nullCount: 0, children }),
  );
}
