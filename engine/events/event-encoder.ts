import {
  type Data,
  Float64,
  Int32,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  Struct,
  type Schema,
  type TimestampNanosecond,
} from 'apache-arrow';
import { isoToDayNumber } from '../time/ny-time.ts';
import { assertNever } from '../time/units.ts';
import {
  type ColumnBuilder,
  DateColumn,
  DictionaryColumn,
  NumberColumn,
  TimestampColumn,
  Utf8Column,
} from './columns.ts';
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
  private readonly ts = new TimestampColumn(field('ts') as TimestampNanosecond);
  private readonly date = new DateColumn();
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

  get length(): number {
    return this.n;
  }

  add(e: FeedEvent): void {
    const i = this.n;
    this.type.set(i, e.type);
    this.ts.set(i, e.ts);
    let date: number | null = null;
    let contract: string | null = null;
    let symbol: string | null = null;
    let price: number | null = null;
    let size: number | null = null;
    let bid: number | null = null;
    let ask: number | null = null;
    let bidSize: number | null = null;
    let askSize: number | null = null;
    let exchange: string | null = null;
    let conditions: number | null = null;
    let raw: string | null = null;
    let id: string | null = null;
    let oi: number | null = null;
    let status: string | null = null;
    let message: string | null = null;
    switch (e.type) {
      case 'option_trade':
        contract = e.contract;
        price = e.price;
        size = e.size;
        exchange = e.exchange;
        conditions = e.conditions;
        raw = e.rawConditions ?? null;
        id = e.id ?? null;
        break;
      case 'equity_trade':
        symbol = e.symbol;
        price = e.price;
        size = e.size;
        exchange = e.exchange;
        conditions = e.conditions;
        raw = e.rawConditions ?? null;
        id = e.id ?? null;
        break;
      case 'option_quote':
        contract = e.contract;
        bid = e.bid;
        ask = e.ask;
        bidSize = e.bidSize;
        askSize = e.askSize;
        break;
      case 'equity_quote':
        symbol = e.symbol;
        bid = e.bid;
        ask = e.ask;
        bidSize = e.bidSize;
        askSize = e.askSize;
        break;
      case 'open_interest':
        date = isoToDayNumber(e.date);
        contract = e.contract;
        oi = e.oi;
        break;
      case 'trade_cancel':
        id = e.id;
        break;
      case 'status':
        status = e.status;
        message = e.message;
        break;
      default:
        assertNever(e, 'event type');
    }
    this.date.set(i, date);
    this.contract.set(i, contract);
    this.symbol.set(i, symbol);
    this.price.set(i, price);
    this.size.set(i, size);
    this.bid.set(i, bid);
    this.ask.set(i, ask);
    this.bidSize.set(i, bidSize);
    this.askSize.set(i, askSize);
    this.exchange.set(i, exchange);
    this.conditions.set(i, conditions);
    this.rawConditions.set(i, raw);
    this.id.set(i, id);
    this.oi.set(i, oi);
    this.status.set(i, status);
    this.message.set(i, message);
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
    ];
    const children: Data[] = cols.map((c) => c.finish(this.n));
    const data = makeData({ type: new Struct(schema.fields), length: this.n, nullCount: 0, children });
    return new RecordBatch(schema, data);
  }
}

/** Events as one self-contained Arrow IPC stream (schema, dictionaries, one record batch). */
export function encodeEvents(events: Iterable<FeedEvent>, metadata?: ReadonlyMap<string, string>): Uint8Array {
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
