import { type Data, DataType, type RecordBatch, type Vector } from 'apache-arrow';
import { EVENT_TYPES, type EventType } from './event-types.ts';
import { REQUIRED_WIRE_COLUMNS } from './wire-schema.ts';

export type StringAt = (i: number) => string | null;
export type NumberAt = (i: number) => number | null;

const EVENT_TYPE_SET = new Set<string>(EVENT_TYPES);
const TIME_UNIT_TO_NS = [1_000_000_000n, 1_000_000n, 1_000n, 1n] as const;

/** Thrown when Arrow input is readable but is not a flowbook event table. */
export class SchemaError extends Error {
  override readonly name = 'SchemaError';
}

/** Throws a SchemaError naming the required event columns a table lacks (and a few it has). */
export function requireEventColumns(names: readonly string[]): void {
  const missing = REQUIRED_WIRE_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length === 0) return;
  const seen = names.slice(0, 12).join(', ') || 'none';
  throw new SchemaError(`not flowbook events: missing column(s) ${missing.join(', ')} (found: ${seen})`);
}

// A sliced Arrow JS Data (RecordBatch.slice) has its value and offset buffers cut to the slice, but
// not its validity bitmap, which `offset` indexes: values are read at i, validity at offset + i.
const isValid = (data: Data, i: number): boolean => {
  const bm = data.nullBitmap;
  if (!bm || bm.length === 0 || data.nullCount === 0) return true;
  const j = data.offset + i;
  return ((bm[j >> 3] ?? 0) & (1 << (j & 7))) !== 0;
};

/** Fast, null-aware column accessors over one record batch of events. */
export class EventView {
  readonly length: number;
  readonly type: (i: number) => EventType | null;
  readonly contract: StringAt;
  readonly symbol: StringAt;
  readonly exchange: StringAt;
  readonly rawConditions: StringAt;
  readonly id: StringAt;
  readonly status: StringAt;
  readonly message: StringAt;
  readonly price: NumberAt;
  readonly size: NumberAt;
  readonly bid: NumberAt;
  readonly ask: NumberAt;
  readonly bidSize: NumberAt;
  readonly askSize: NumberAt;
  readonly conditions: NumberAt;
  readonly oi: NumberAt;
  readonly multiplier: NumberAt;
  /** Days since the epoch of the `date` column. */
  readonly date: NumberAt;
  /**
   * Dictionary index of the contract of row i (−1 when null), so per-contract work can be cached per
   * batch; null when the column is not dictionary-encoded.
   */
  readonly contractKey: { readonly at: (i: number) => number; readonly size: number } | null;
  /** Copies the UTF-8 bytes of row i's `id` into a Utf8 builder without decoding them (print ids pass through). */
  readonly copyId: (i: number, to: Utf8Sink, at: number) => void;
  /** Event time, ns since the epoch. */
  readonly tsNs: (i: number) => bigint;
  /** The rows of one event type, in order (a dictionary-encoded `type` without that value is not scanned). */
  readonly rowsOf: (type: EventType) => number[];

  constructor(readonly batch: RecordBatch) {
    requireEventColumns(batch.schema.fields.map((f) => f.name));
    this.length = batch.numRows;
    const typeAt = strings(batch, 'type');
    this.type = (i) => {
      const t = typeAt(i);
      return t !== null && EVENT_TYPE_SET.has(t) ? (t as EventType) : null;
    };
    this.contract = strings(batch, 'contract');
    this.contractKey = dictionaryKeys(batch, 'contract');
    this.symbol = strings(batch, 'symbol');
    this.exchange = strings(batch, 'exchange');
    this.rawConditions = strings(batch, 'raw_conditions');
    this.id = strings(batch, 'id');
    this.copyId = utf8Copier(batch, 'id', this.id);
    this.status = strings(batch, 'status');
    this.message = strings(batch, 'message');
    this.price = numbers(batch, 'price');
    this.size = numbers(batch, 'size');
    this.bid = numbers(batch, 'bid');
    this.ask = numbers(batch, 'ask');
    this.bidSize = numbers(batch, 'bid_size');
    this.askSize = numbers(batch, 'ask_size');
    this.conditions = numbers(batch, 'conditions');
    this.oi = numbers(batch, 'oi');
    this.multiplier = numbers(batch, 'multiplier');
    this.date = dates(batch, 'date');
    this.tsNs = timestamps(batch, 'ts');
    const typeColumn = column(batch, 'type');
    const dict = DataType.isDictionary(typeColumn?.type) ? typeColumn?.data[0]?.dictionary?.toArray() : null;
    this.rowsOf = (type) => {
      const out: number[] = [];
      if (dict && !(dict as unknown[]).includes(type)) return out;
      for (let i = 0; i < this.length; i++) if (typeAt(i) === type) out.push(i);
      return out;
    };
  }
}

function column(batch: RecordBatch, name: string): Vector | null {
  return batch.getChild(name);
}

/** Where copyId writes: a Utf8 column builder. */
export interface Utf8Sink {
  setBytes(i: number, bytes: Uint8Array, start: number, end: number): void;
  set(i: number, v: string | null | undefined): void;
}

function utf8Copier(
  batch: RecordBatch,
  name: string,
  fallback: StringAt,
): (i: number, to: Utf8Sink, at: number) => void {
  const v = column(batch, name);
  const data = v?.data[0];
  if (!v || !data || v.data.length !== 1 || !DataType.isUtf8(v.type) || !data.valueOffsets)
    return (i, to, at) => to.set(at, fallback(i));
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  return (i, to, at) => {
    if (!isValid(data, i)) to.set(at, null);
    else to.setBytes(at, bytes, offsets[i]!, offsets[i + 1]!);
  };
}

function dictionaryKeys(
  batch: RecordBatch,
  name: string,
): { at: (i: number) => number; size: number } | null {
  const v = column(batch, name);
  const data = v?.data[0];
  if (!v || !data || v.data.length !== 1 || !DataType.isDictionary(v.type) || !data.dictionary) return null;
  const idx = data.values as ArrayLike<number>;
  return { at: (i) => (isValid(data, i) ? idx[i]! : -1), size: data.dictionary.length };
}

function strings(batch: RecordBatch, name: string): StringAt {
  const v = column(batch, name);
  if (!v) return () => null;
  const data = v.data[0];
  if (!data) return () => null;
  if (DataType.isDictionary(v.type) && DataType.isUtf8(v.type.dictionary)) {
    const dict = data.dictionary?.toArray() as (string | null)[] | undefined;
    const idx = data.values as ArrayLike<number>;
    if (!dict) return () => null;
    return (i) => (isValid(data, i) ? (dict[idx[i]!] ?? null) : null);
  }
  if (DataType.isUtf8(v.type) || DataType.isLargeUtf8(v.type)) {
    return (i) => (v.get(i) as string | null) ?? null;
  }
  throw new SchemaError(`column ${name} must be a string (utf8 or dictionary of utf8), found ${v.type}`);
}

function numbers(batch: RecordBatch, name: string): NumberAt {
  const v = column(batch, name);
  if (!v) return () => null;
  const data = v.data[0];
  if (!data) return () => null;
  if (DataType.isFloat(v.type) || (DataType.isInt(v.type) && v.type.bitWidth <= 32)) {
    const vals = data.values as ArrayLike<number>;
    if (data.nullCount === 0) return (i) => vals[i] ?? null;
    return (i) => (isValid(data, i) ? (vals[i] ?? null) : null);
  }
  if (DataType.isInt(v.type) || DataType.isDecimal(v.type)) {
    return (i) => {
      const x = v.get(i);
      return x === null || x === undefined ? null : Number(x);
    };
  }
  throw new SchemaError(`column ${name} must be numeric, found ${v.type}`);
}

function dates(batch: RecordBatch, name: string): NumberAt {
  const v = column(batch, name);
  if (!v) return () => null;
  if (DataType.isDate(v.type)) {
    return (i) => {
      const ms = v.get(i) as number | Date | null;
      if (ms === null || ms === undefined) return null;
      return Math.floor((typeof ms === 'number' ? ms : ms.getTime()) / 86_400_000);
    };
  }
  throw new SchemaError(`column ${name} must be a date, found ${v.type}`);
}

function timestamps(batch: RecordBatch, name: string): (i: number) => bigint {
  const v = column(batch, name);
  const data = v?.data[0];
  if (!v || !data) throw new SchemaError(`missing column ${name}`);
  if (!DataType.isTimestamp(v.type)) {
    throw new SchemaError(`column ${name} must be an Arrow timestamp, found ${v.type}`);
  }
  if (data.nullCount > 0) throw new SchemaError(`column ${name} has ${data.nullCount} null(s)`);
  const scale = TIME_UNIT_TO_NS[v.type.unit] ?? 1n;
  const vals = data.values as unknown as BigInt64Array;
  if (!(vals instanceof BigInt64Array)) {
    return (i) => BigInt(v.get(i) as number) * 1_000_000n;
  }
  return scale === 1n ? (i) => vals[i]! : (i) => vals[i]! * scale;
}
