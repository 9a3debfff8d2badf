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
import {
  BoolColumn,
  DictionaryColumn,
  int8Dict,
  int16Dict,
  int32Dict,
  NumberColumn,
  BigIntColumn,
  Utf8Column,
} from '../events/columns.ts';
import { IV_FAILURES } from '../pricing/bsm.ts';
import { SIDES } from './side.ts';

export const SIDE_METHODS = ['quote', 'tick'] as const;
export const AGGRESSORS = ['buy', 'sell'] as const;
export const SENTIMENTS = ['bullish', 'bearish', 'neutral'] as const;
export const RIGHTS = ['C', 'P'] as const;
export const GREEKS_FROM = ['trade', 'mid'] as const;

/** The columns of `_option_trades` (docs/schema.md), built row by row from typed arrays. */
export class EnrichedColumns {
  readonly rid: BigIntColumn;
  readonly ts: BigIntColumn;
  readonly tradeDate: NumberColumn;
  readonly contract: DictionaryColumn;
  readonly underlying: DictionaryColumn;
  readonly root: DictionaryColumn;
  readonly expiry: NumberColumn;
  readonly putCall: DictionaryColumn;
  readonly strike: NumberColumn;
  readonly multiplier: NumberColumn;
  readonly nonstandard: BoolColumn;
  readonly price: NumberColumn;
  readonly size: NumberColumn;
  readonly premium: NumberColumn;
  readonly exchange: DictionaryColumn;
  readonly bits: NumberColumn;
  readonly raw: DictionaryColumn;
  readonly id: Utf8Column;
  readonly multiLeg: BoolColumn;
  readonly late: BoolColumn;
  readonly bid: NumberColumn;
  readonly ask: NumberColumn;
  readonly bidSize: NumberColumn;
  readonly askSize: NumberColumn;
  readonly quoteAge: NumberColumn;
  readonly side: DictionaryColumn;
  readonly sideMethod: DictionaryColumn;
  readonly aggressor: DictionaryColumn;
  readonly sentiment: DictionaryColumn;
  readonly dte: NumberColumn;
  readonly years: NumberColumn;
  readonly spot: NumberColumn;
  readonly otmPct: NumberColumn;
  readonly volume: NumberColumn;
  readonly oi: NumberColumn;
  readonly volOi: NumberColumn;
  readonly openingSizeOi: BoolColumn;
  readonly openingSizeOiVolume: BoolColumn;
  readonly iv: NumberColumn;
  readonly ivReason: DictionaryColumn;
  readonly ivMid: NumberColumn;
  readonly ivMidReason: DictionaryColumn;
  readonly greeksFrom: DictionaryColumn;
  readonly delta: NumberColumn;
  readonly gamma: NumberColumn;
  readonly theta: NumberColumn;
  readonly vega: NumberColumn;
  readonly rho: NumberColumn;
  readonly vanna: NumberColumn;
  readonly charm: NumberColumn;

  constructor(capacity: number) {
    this.rid = new BigIntColumn(new Int64(), capacity);
    this.ts = new BigIntColumn(new TimestampNanosecond(), capacity);
    this.tradeDate = new NumberColumn(new DateDay(), capacity);
    this.contract = new DictionaryColumn(int32Dict(0), capacity);
    this.underlying = new DictionaryColumn(int16Dict(1), capacity);
    this.root = new DictionaryColumn(int16Dict(2), capacity);
    this.expiry = new NumberColumn(new DateDay(), capacity);
    this.putCall = new DictionaryColumn(int8Dict(3), capacity, RIGHTS);
    this.strike = new NumberColumn(new Float64(), capacity);
    this.multiplier = new NumberColumn(new Int32(), capacity);
    this.nonstandard = new BoolColumn(capacity);
    this.price = new NumberColumn(new Float64(), capacity);
    this.size = new NumberColumn(new Int32(), capacity);
    this.premium = new NumberColumn(new Float64(), capacity);
    this.exchange = new DictionaryColumn(int8Dict(4), capacity);
    this.bits = new NumberColumn(new Int32(), capacity);
    this.raw = new DictionaryColumn(int16Dict(5), capacity);
    this.id = new Utf8Column(capacity);
    this.multiLeg = new BoolColumn(capacity);
    this.late = new BoolColumn(capacity);
    this.bid = new NumberColumn(new Float64(), capacity);
    this.ask = new NumberColumn(new Float64(), capacity);
    this.bidSize = new NumberColumn(new Int32(), capacity);
    this.askSize = new NumberColumn(new Int32(), capacity);
    this.quoteAge = new NumberColumn(new Float64(), capacity);
    this.side = new DictionaryColumn(int8Dict(6), capacity, SIDES);
    this.sideMethod = new DictionaryColumn(int8Dict(7), capacity, SIDE_METHODS);
    this.aggressor = new DictionaryColumn(int8Dict(8), capacity, AGGRESSORS);
    this.sentiment = new DictionaryColumn(int8Dict(9), capacity, SENTIMENTS);
    this.dte = new NumberColumn(new Int32(), capacity);
    this.years = new NumberColumn(new Float64(), capacity);
    this.spot = new NumberColumn(new Float64(), capacity);
    this.otmPct = new NumberColumn(new Float64(), capacity);
    this.volume = new NumberColumn(new Int32(), capacity);
    this.oi = new NumberColumn(new Int32(), capacity);
    this.volOi = new NumberColumn(new Float64(), capacity);
    this.openingSizeOi = new BoolColumn(capacity);
    this.openingSizeOiVolume = new BoolColumn(capacity);
    this.iv = new NumberColumn(new Float64(), capacity);
    this.ivReason = new DictionaryColumn(int8Dict(10), capacity, IV_FAILURES);
    this.ivMid = new NumberColumn(new Float64(), capacity);
    this.ivMidReason = new DictionaryColumn(int8Dict(11), capacity, [...IV_FAILURES, 'no_quote']);
    this.greeksFrom = new DictionaryColumn(int8Dict(12), capacity, GREEKS_FROM);
    this.delta = new NumberColumn(new Float64(), capacity);
    this.gamma = new NumberColumn(new Float64(), capacity);
    this.theta = new NumberColumn(new Float64(), capacity);
    this.vega = new NumberColumn(new Float64(), capacity);
    this.rho = new NumberColumn(new Float64(), capacity);
    this.vanna = new NumberColumn(new Float64(), capacity);
    this.charm = new NumberColumn(new Float64(), capacity);
  }

  finish(n: number): RecordBatch {
    const named: [string, { type: DataType; finish(n: number): Data }][] = [
      ['ts', this.ts],
      ['trade_date', this.tradeDate],
      ['contract', this.contract],
      ['underlying', this.underlying],
      ['root', this.root],
      ['expiry', this.expiry],
      ['put_call', this.putCall],
      ['strike', this.strike],
      ['multiplier', this.multiplier],
      ['nonstandard', this.nonstandard],
      ['price', this.price],
      ['size', this.size],
      ['premium', this.premium],
      ['exchange', this.exchange],
      ['condition_bits', this.bits],
      ['raw_conditions', this.raw],
      ['id', this.id],
      ['multi_leg', this.multiLeg],
      ['late', this.late],
      ['bid', this.bid],
      ['ask', this.ask],
      ['bid_size', this.bidSize],
      ['ask_size', this.askSize],
      ['quote_age_ms', this.quoteAge],
      ['side', this.side],
      ['side_method', this.sideMethod],
      ['aggressor', this.aggressor],
      ['sentiment', this.sentiment],
      ['dte', this.dte],
      ['years', this.years],
      ['spot', this.spot],
      ['otm_pct', this.otmPct],
      ['volume', this.volume],
      ['oi', this.oi],
      ['vol_oi', this.volOi],
      ['opening_size_oi', this.openingSizeOi],
      ['opening_size_oi_volume', this.openingSizeOiVolume],
      ['iv', this.iv],
      ['iv_reason', this.ivReason],
      ['iv_mid', this.ivMid],
      ['iv_mid_reason', this.ivMidReason],
      ['greeks_from', this.greeksFrom],
      ['delta', this.delta],
      ['gamma', this.gamma],
      ['theta', this.theta],
      ['vega', this.vega],
      ['rho', this.rho],
      ['vanna', this.vanna],
      ['charm', this.charm],
    ];
    const fields = [
      new Field('rid', new Int64(), false),
      ...named.map(([name, c]) => new Field(name, c.type, true)),
    ];
    fields.push(new Field('cancelled', new Bool(), false), new Field('oi_next', new Int32(), true));
    const children: Data[] = [
      this.rid.finish(n),
      ...named.map(([, c]) => c.finish(n)),
      makeData({ type: new Bool(), length: n, nullCount: 0, data: new Uint8Array(Math.ceil(n / 8)) }),
      makeData({
        type: new Int32(),
        length: n,
        nullCount: n,
        data: new Int32Array(n),
        nullBitmap: new Uint8Array(Math.ceil(n / 8)),
      }),
    ];
    const schema = new Schema(fields);
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, nullCount: 0, children }));
  }
}
