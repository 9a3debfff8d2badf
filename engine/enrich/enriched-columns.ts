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
  TimestampColumn,
  Utf8Column,
} from '../events/columns.ts';

/** The columns of `_option_trades` (docs/schema.md), built row by row from typed arrays. */
export class EnrichedColumns {
  private rid = new BigInt64Array(1024);
  readonly ts = new TimestampColumn(new TimestampNanosecond());
  readonly tradeDate = new NumberColumn(new DateDay());
  readonly contract = new DictionaryColumn(int32Dict(0));
  readonly underlying = new DictionaryColumn(int16Dict(1));
  readonly root = new DictionaryColumn(int16Dict(2));
  readonly expiry = new NumberColumn(new DateDay());
  readonly putCall = new DictionaryColumn(int8Dict(3));
  readonly strike = new NumberColumn(new Float64());
  readonly multiplier = new NumberColumn(new Int32());
  readonly nonstandard = new BoolColumn();
  readonly price = new NumberColumn(new Float64());
  readonly size = new NumberColumn(new Int32());
  readonly premium = new NumberColumn(new Float64());
  readonly exchange = new DictionaryColumn(int8Dict(4));
  readonly bits = new NumberColumn(new Int32());
  readonly raw = new DictionaryColumn(int16Dict(5));
  readonly id = new Utf8Column();
  readonly multiLeg = new BoolColumn();
  readonly late = new BoolColumn();
  readonly bid = new NumberColumn(new Float64());
  readonly ask = new NumberColumn(new Float64());
  readonly bidSize = new NumberColumn(new Int32());
  readonly askSize = new NumberColumn(new Int32());
  readonly quoteAge = new NumberColumn(new Float64());
  readonly side = new DictionaryColumn(int8Dict(6));
  readonly sideMethod = new DictionaryColumn(int8Dict(7));
  readonly aggressor = new DictionaryColumn(int8Dict(8));
  readonly sentiment = new DictionaryColumn(int8Dict(9));
  readonly dte = new NumberColumn(new Int32());
  readonly years = new NumberColumn(new Float64());
  readonly spot = new NumberColumn(new Float64());
  readonly otmPct = new NumberColumn(new Float64());
  readonly volume = new NumberColumn(new Int32());
  readonly oi = new NumberColumn(new Int32());
  readonly volOi = new NumberColumn(new Float64());
  readonly openingSizeOi = new BoolColumn();
  readonly openingSizeOiVolume = new BoolColumn();
  readonly iv = new NumberColumn(new Float64());
  readonly ivReason = new DictionaryColumn(int8Dict(10));
  readonly ivMid = new NumberColumn(new Float64());
  readonly ivMidReason = new DictionaryColumn(int8Dict(11));
  readonly greeksFrom = new DictionaryColumn(int8Dict(12));
  readonly delta = new NumberColumn(new Float64());
  readonly gamma = new NumberColumn(new Float64());
  readonly theta = new NumberColumn(new Float64());
  readonly vega = new NumberColumn(new Float64());
  readonly rho = new NumberColumn(new Float64());
  readonly vanna = new NumberColumn(new Float64());
  readonly charm = new NumberColumn(new Float64());

  setRid(n: number, rid: number): void {
    if (n >= this.rid.length) {
      const next = new BigInt64Array(Math.max(n + 1, this.rid.length * 2));
      next.set(this.rid);
      this.rid = next;
    }
    this.rid[n] = BigInt(rid);
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
      makeData({ type: new Int64(), length: n, nullCount: 0, data: this.rid.subarray(0, n) }),
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
