import {
  type Data,
  DateDay,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  type Schema,
  Struct,
  type TimestampNanosecond,
} from 'apache-arrow';
import { isoToDayNumber } from '../time/ny-time.ts';
import { assertNever } from '../time/units.ts';
import { type ColumnBuilder, DictionaryColumn, NumberColumn, BigIntColumn, Utf8Column } from './columns.ts';
import type { FeedEvent } from './event-types.ts';
import { WIRE_COLUMNS, wireSchema } from './wire-schema.ts';

type Dict = ConstructorParameters<typeof DictionaryColumn>[0];
const field = (name: string) => {
  const f = WIRE_COLUMNS.find((c) => c.name === name);
  if (!f) throw new Error(`no wire column ${name}`);
  return f.type;
};

/** Accumulates events into the wire columns and emits Arrow record batches. */
export class EventEncoder {
  private n = 0;
  private readonly type = new DictionaryColumn(field('type') as Dict);
  private readonly ts = new BigIntColumn(field('ts') as TimestampNanosecond);
  private readonly date = new NumberColumn(new DateDay());
  private readonly contract = new DictionaryColumn(field('contract') as Dict);
  private readonly symbol = new DictionaryColumn(field('symbol') as Dict);
  private readonly price = new NumberColumn(new Float64());
  private readonly size = new NumberColumn(new Int32());
  private readonly bid = new NumberColumn(new Float64());
  private readonly ask = new NumberColumn(new Float64());
  private readonly bidSize = new NumberColumn(new Int32());
  private readonly askSize = new NumberColumn(new Int32());
  private readonly exchange = new DictionaryColumn(field('exchange') as Dict);
  private readonly conditions = new NumberColumn(new Int32());
  private readonly rawConditions = new DictionaryColumn(field('raw_conditions') as Dict);
  private readonly id = new Utf8Column();
  private readonly oi = new NumberColumn(new Int32());
  private readonly status = new DictionaryColumn(field('status') as Dict);
  private readonly message = new Utf8Column();
  private readonly multiplier = new NumberColumn(new Int32());

  get length(): number {
    return this.n;
  }

  add(e: FeedEvent): void {
    this.addRaw(toRow(e));
  }

  /** Appends one row of the wide wire table; absent fields are null. */
  addRaw(r: WireRow): void {
    const i = this.n;
    this.type.set(i, r.type);
    this.ts.set(i, r.ts);
    this.date.set(i, r.date ?? null);
    this.contract.set(i, r.contract);
    this.symbol.set(i, r.symbol);
    this.price.set(i, r.price);
    this.size.set(i, r.size);
    this.bid.set(i, r.bid);
    this.ask.set(i, r.ask);
    this.bidSize.set(i, r.bidSize);
    this.askSize.set(i, r.askSize);
    this.exchange.set(i, r.exchange);
    this.conditions.set(i, r.conditions);
    this.rawConditions.set(i, r.rawConditions);
    this.id.set(i, r.id);
    this.oi.set(i, r.oi);
    this.status.set(i, r.status);
    this.message.set(i, r.message);
    this.multiplier.set(i, r.multiplier);
    this.n += 1;
  }

  /** The accumulated events as one record batch with the given schema metadata. */
  finish(metadata: ReadonlyMap<string, string> = new Map()): RecordBatch {
    const schema: Schema = wireSchema(metadata);
    const cols: ColumnBuilder[] = [
      this.type,
      this.ts,
      this.date,
      this.contract,
      this.symbol,
      this.price,
      this.size,
      this.bid,
      this.ask,
      this.bidSize,
      this.askSize,
      this.exchange,
      this.conditions,
      this.rawConditions,
      this.id,
      this.oi,
      this.status,
      this.message,
      this.multiplier,
    ];
    const children: Data[] = cols.map((c) => c.finish(this.n));
    const data = makeData({ type: new Struct(schema.fields), length: this.n, nullCount: 0, children });
    return new RecordBatch(schema, data);
  }
}

/** Events as one self-contained Arrow IPC stream (schema, dictionaries, one record batch). */
export function encodeEvents(
  events: Iterable<FeedEvent>,
  metadata?: ReadonlyMap<string, string>,
): Uint8Array {
  const enc = new EventEncoder();
  for (const e of events) enc.add(e);
  return batchesToIpc([enc.finish(metadata)]);
}

/** Record batches as one IPC stream; a dictionary that changes between batches is re-sent (replacement). */
export function batchesToIpc(batches: readonly RecordBatch[]): Uint8Array {
  const first = batches[0];
  if (!first) throw new Error('no record batches to write');
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, first.schema);
  for (const b of batches) writer.write(b);
  writer.finish();
  return writer.toUint8Array(true);
}

/** One row of the wide wire table. */
export interface WireRow {
  type: string;
  ts: bigint;
  date?: number | null;
  contract?: string | null;
  symbol?: string | null;
  price?: number | null;
  size?: number | null;
  bid?: number | null;
  ask?: number | null;
  bidSize?: number | null;
  askSize?: number | null;
  exchange?: string | null;
  conditions?: number | null;
  rawConditions?: string | null;
  id?: string | null;
  oi?: number | null;
  status?: string | null;
  message?: string | null;
  multiplier?: number | null;
}

/** The wire row of one event. */
export function toRow(e: FeedEvent): WireRow {
  switch (e.type) {
    case 'option_trade':
    case 'equity_trade':
      return {
        type: e.type,
        ts: e.ts,
        contract: e.type === 'option_trade' ? e.contract : null,
        symbol: e.type === 'equity_trade' ? e.symbol : null,
        price: e.price,
        size: e.size,
        exchange: e.exchange,
        conditions: e.conditions,
        rawConditions: e.rawConditions ?? null,
        id: e.id ?? null,
      };
    case 'option_quote':
    case 'equity_quote':
      return {
        type: e.type,
        ts: e.ts,
        contract: e.type === 'option_quote' ? e.contract : null,
        symbol: e.type === 'equity_quote' ? e.symbol : null,
        bid: e.bid,
        ask: e.ask,
        bidSize: e.bidSize,
        askSize: e.askSize,
      };
    case 'open_interest':
      return {
        type: e.type,
        ts: e.ts,
        date: isoToDayNumber(e.date),
        contract: e.contract,
        oi: e.oi,
        multiplier: e.multiplier ?? null,
      };
    case 'trade_cancel':
      return { type: e.type, ts: e.ts, id: e.id };
    case 'status':
      return { type: e.type, ts: e.ts, status: e.status, message: e.message };
    case 'params':
      return { type: e.type, ts: e.ts, message: e.message };
    default:
      return assertNever(e, 'event type');
  }
}
