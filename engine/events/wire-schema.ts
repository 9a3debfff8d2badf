import {
  DateDay,
  Dictionary,
  Field,
  Float64,
  Int8,
  Int16,
  Int32,
  Schema,
  TimestampNanosecond,
  Utf8,
} from 'apache-arrow';

/**
 * The Arrow form of the event stream: one wide table, one row per event, `type` says which fields
 * apply (docs/events.md). Dictionary ids are fixed so every batch of a stream shares them.
 */
export const WIRE_COLUMNS = [
  new Field('type', new Dictionary(new Utf8(), new Int8(), 0), false),
  // Nanoseconds UTC; no zone in the type so DuckDB keeps TIMESTAMP_NS precision (a zone makes it µs TIMESTAMPTZ).
  new Field('ts', new TimestampNanosecond(), false),
  new Field('date', new DateDay(), true),
  new Field('contract', new Dictionary(new Utf8(), new Int32(), 1), true),
  new Field('symbol', new Dictionary(new Utf8(), new Int16(), 2), true),
  new Field('price', new Float64(), true),
  new Field('size', new Int32(), true),
  new Field('bid', new Float64(), true),
  new Field('ask', new Float64(), true),
  new Field('bid_size', new Int32(), true),
  new Field('ask_size', new Int32(), true),
  new Field('exchange', new Dictionary(new Utf8(), new Int8(), 3), true),
  new Field('conditions', new Int32(), true),
  new Field('raw_conditions', new Dictionary(new Utf8(), new Int16(), 4), true),
  new Field('id', new Utf8(), true),
  new Field('oi', new Int32(), true),
  new Field('status', new Dictionary(new Utf8(), new Int8(), 5), true),
  new Field('message', new Utf8(), true),
  new Field('multiplier', new Int32(), true),
] as const;

export const WIRE_SCHEMA_VERSION = '1';

export function wireSchema(metadata: ReadonlyMap<string, string> = new Map()): Schema {
  const md = new Map(metadata);
  md.set('flowbook.events', WIRE_SCHEMA_VERSION);
  return new Schema([...WIRE_COLUMNS], md);
}

/** Columns every event file must have; the rest may be absent and then read as null. */
export const REQUIRED_WIRE_COLUMNS = ['type', 'ts'] as const;

const WIRE_SIGNATURE = WIRE_COLUMNS.map((f) => `${f.name}:${f.type}`).join(',');

/** Whether a schema is exactly the wire schema (names, types, dictionary ids), so its bytes pass as they are. */
export const isWireSchema = (schema: Schema): boolean =>
  schema.fields.map((f) => `${f.name}:${f.type}`).join(',') === WIRE_SIGNATURE;
