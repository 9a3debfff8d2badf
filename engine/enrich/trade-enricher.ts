import {
  Bool,
  type Data,
  type DataType,
  DateDay,
  Field,
  Float64,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  TimestampNanosecond,
} from 'apache-arrow';
import { type OsiContract, parseOsi } from '../contract/osi.ts';
import {
  DictionaryColumn,
  int8Dict,
  int16Dict,
  int32Dict,
  NumberColumn,
  TimestampColumn,
  Utf8Column,
} from '../events/columns.ts';
import { FLAG_BIT } from '../events/conditions.ts';
import type { EventType } from '../events/event-types.ts';
import type { EventView } from '../events/event-view.ts';
import { isoToDayNumber, nyDayNumber } from '../time/ny-time.ts';
import { quoteSide, sentimentOf } from './side.ts';

interface Quote {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  tsMs: number;
}

/** A parsed contract with its expiry as a day number, or the reason the symbol was rejected. */
type ParsedContract = { readonly c: OsiContract; readonly expiryDay: number } | string;

/** Per-batch counts by event type and the print ids that trade_cancel events name. */
export interface BatchTally {
  readonly counts: Record<EventType, number>;
  readonly cancels: string[];
}

export interface RowError {
  readonly row: number;
  readonly reason: string;
}

/**
 * The stateful part of enrichment: the prevailing NBBO per contract, the latest underlying price,
 * running day volume and open interest. Rows must be fed in arrival order.
 */
export class TradeEnricher {
  private readonly nbbo = new Map<string, Quote>();
  private readonly spot = new Map<string, number>();
  private readonly volume = new Map<string, number>();
  private readonly oi = new Map<string, number>();
  private readonly contracts = new Map<string, ParsedContract>();
  private volumeDay = -1;
  private rid = 0;

  get rows(): number {
    return this.rid;
  }

  private contract(symbol: string): ParsedContract {
    let p = this.contracts.get(symbol);
    if (p === undefined) {
      const c = parseOsi(symbol);
      p = typeof c === 'string' ? c : { c, expiryDay: isoToDayNumber(c.expiry) };
      this.contracts.set(symbol, p);
    }
    return p;
  }

  /** The canonical key of a contract symbol, or the symbol itself when it does not parse. */
  private keyOf(symbol: string): string {
    const p = this.contract(symbol);
    return typeof p === 'string' ? symbol : p.c.key;
  }

  /** Enriches the option prints of one batch; other event types update state and the tally. */
  process(v: EventView, errors: RowError[], tally: BatchTally): RecordBatch | null {
    const out = new EnrichedColumns();
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const type = v.type(i);
      if (type !== null) tally.counts[type] += 1;
      switch (type) {
        case 'option_quote': {
          const c = v.contract(i);
          const bid = v.bid(i);
          const ask = v.ask(i);
          if (c === null || bid === null || ask === null) {
            errors.push({ row: i, reason: 'option_quote needs contract, bid and ask' });
            break;
          }
          this.nbbo.set(this.keyOf(c), {
            bid,
            ask,
            bidSize: v.bidSize(i) ?? 0,
            askSize: v.askSize(i) ?? 0,
            tsMs: Number(v.tsNs(i)) / 1e6,
          });
          break;
        }
        case 'equity_quote': {
          const s = v.symbol(i);
          const bid = v.bid(i);
          const ask = v.ask(i);
          if (s !== null && bid !== null && ask !== null && ask >= bid && bid > 0)
            this.spot.set(s, (bid + ask) / 2);
          break;
        }
        case 'equity_trade': {
          const s = v.symbol(i);
          const p = v.price(i);
          if (s !== null && p !== null && p > 0) this.spot.set(s, p);
          break;
        }
        case 'open_interest': {
          const c = v.contract(i);
          const oi = v.oi(i);
          if (c === null || oi === null) break;
          this.oi.set(this.keyOf(c), oi);
          break;
        }
        case 'option_trade': {
          if (this.trade(v, i, out, n, errors)) n += 1;
          break;
        }
        case 'trade_cancel': {
          const id = v.id(i);
          if (id !== null) tally.cancels.push(id);
          break;
        }
        case 'status':
          break;
        case null:
          errors.push({ row: i, reason: 'unknown or missing event type' });
          break;
      }
    }
    return n === 0 ? null : out.finish(n);
  }

  private trade(v: EventView, i: number, out: EnrichedColumns, n: number, errors: RowError[]): boolean {
    const sym = v.contract(i);
    const price = v.price(i);
    const size = v.size(i);
    if (sym === null || price === null || size === null) {
      errors.push({ row: i, reason: 'option_trade needs contract, price and size' });
      return false;
    }
    if (!(price >= 0) || !(size > 0)) {
      errors.push({ row: i, reason: `option_trade with invalid price ${price} or size ${size}` });
      return false;
    }
    const parsed = this.contract(sym);
    if (typeof parsed === 'string') {
      errors.push({ row: i, reason: parsed });
      return false;
    }
    const { c, expiryDay } = parsed;
    const ts = v.tsNs(i);
    const tsMs = Number(ts) / 1e6;
    const day = nyDayNumber(tsMs);
    if (day !== this.volumeDay) {
      this.volume.clear();
      this.volumeDay = day;
    }
    const bits = v.conditions(i) ?? 0;
    const late = (bits & FLAG_BIT.LATE) !== 0;
    const q = this.nbbo.get(c.key);
    // A late print's prevailing quote is in the past; the latest quote says nothing about it.
    const usable = q !== undefined && !late && q.tsMs <= tsMs + 1e-3;
    const side = usable ? quoteSide(price, q.bid, q.ask) : 'no_quote';
    const vol = (this.volume.get(c.key) ?? 0) + size;
    this.volume.set(c.key, vol);
    this.rid += 1;
    out.setRid(n, this.rid);
    out.ts.set(n, ts);
    out.contract.set(n, c.key);
    out.underlying.set(n, c.underlying);
    out.root.set(n, c.root);
    out.expiry.set(n, expiryDay);
    out.putCall.set(n, c.right);
    out.strike.set(n, c.strike1000 / 1000);
    out.price.set(n, price);
    out.size.set(n, size);
    out.premium.set(n, price * size * 100);
    out.exchange.set(n, v.exchange(i));
    out.bits.set(n, bits);
    out.raw.set(n, v.rawConditions(i));
    out.id.set(n, v.id(i));
    out.bid.set(n, usable ? q.bid : null);
    out.ask.set(n, usable ? q.ask : null);
    out.bidSize.set(n, usable ? q.bidSize : null);
    out.askSize.set(n, usable ? q.askSize : null);
    out.quoteAge.set(n, usable ? tsMs - q.tsMs : null);
    out.side.set(n, side);
    out.sentiment.set(n, late || (bits & FLAG_BIT.CANCEL) !== 0 ? 'neutral' : sentimentOf(c.right, side));
    out.dte.set(n, expiryDay - day);
    out.spot.set(n, this.spot.get(c.underlying) ?? null);
    out.volume.set(n, vol);
    out.oi.set(n, this.oi.get(c.key) ?? null);
    return true;
  }
}

class EnrichedColumns {
  rid = new BigInt64Array(1024);
  ts = new TimestampColumn(new TimestampNanosecond());
  contract = new DictionaryColumn(int32Dict(0));
  underlying = new DictionaryColumn(int16Dict(1));
  root = new DictionaryColumn(int16Dict(2));
  expiry = new NumberColumn(new DateDay());
  putCall = new DictionaryColumn(int8Dict(3));
  strike = new NumberColumn(new Float64());
  price = new NumberColumn(new Float64());
  size = new NumberColumn(new Int32());
  premium = new NumberColumn(new Float64());
  exchange = new DictionaryColumn(int8Dict(4));
  bits = new NumberColumn(new Int32());
  raw = new DictionaryColumn(int16Dict(5));
  id = new Utf8Column();
  bid = new NumberColumn(new Float64());
  ask = new NumberColumn(new Float64());
  bidSize = new NumberColumn(new Int32());
  askSize = new NumberColumn(new Int32());
  quoteAge = new NumberColumn(new Float64());
  side = new DictionaryColumn(int8Dict(6));
  sentiment = new DictionaryColumn(int8Dict(7));
  dte = new NumberColumn(new Int32());
  spot = new NumberColumn(new Float64());
  volume = new NumberColumn(new Int32());
  oi = new NumberColumn(new Int32());

  setRid(n: number, rid: number): void {
    if (n >= this.rid.length) {
      const next = new BigInt64Array(Math.max(n, this.rid.length * 2));
      next.set(this.rid);
      this.rid = next;
    }
    this.rid[n] = BigInt(rid);
  }

  finish(n: number): RecordBatch {
    const named: [string, { type: DataType; finish(n: number): Data }][] = [
      ['ts', this.ts],
      ['contract', this.contract],
      ['underlying', this.underlying],
      ['root', this.root],
      ['expiry', this.expiry],
      ['put_call', this.putCall],
      ['strike', this.strike],
      ['price', this.price],
      ['size', this.size],
      ['premium', this.premium],
      ['exchange', this.exchange],
      ['condition_bits', this.bits],
      ['raw_conditions', this.raw],
      ['id', this.id],
      ['bid', this.bid],
      ['ask', this.ask],
      ['bid_size', this.bidSize],
      ['ask_size', this.askSize],
      ['quote_age_ms', this.quoteAge],
      ['side', this.side],
      ['sentiment', this.sentiment],
      ['dte', this.dte],
      ['spot', this.spot],
      ['volume', this.volume],
      ['oi', this.oi],
    ];
    const fields = [
      new Field('rid', new Int64(), false),
      ...named.map(([name, c]) => new Field(name, c.type, true)),
    ];
    fields.push(new Field('cancelled', new Bool(), false));
    const children: Data[] = [
      makeData({ type: new Int64(), length: n, nullCount: 0, data: this.rid.subarray(0, n) }),
      ...named.map(([, c]) => c.finish(n)),
      makeData({ type: new Bool(), length: n, nullCount: 0, data: new Uint8Array(Math.ceil(n / 8)) }),
    ];
    const schema = new Schema(fields);
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
  }
}
