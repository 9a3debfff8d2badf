import { Float64, type RecordBatch, TimestampNanosecond } from 'apache-arrow';
import { BigIntColumn, NumberColumn, recordBatch, Utf8Column } from '../events/columns.ts';

const MINUTE_NS = 60_000_000_000n;

/**
 * The last underlying price (equity print or NBBO mid, index level) of every symbol and minute, kept as
 * events arrive so the tide's price column needs no scan of every print and quote.
 */
export class MinutePrices {
  private readonly bySymbol = new Map<string, Map<bigint, { ts: bigint; price: number }>>();

  observe(symbol: string, ts: bigint, price: number): void {
    let m = this.bySymbol.get(symbol);
    if (m === undefined) {
      m = new Map();
      this.bySymbol.set(symbol, m);
    }
    const minute = ts / MINUTE_NS;
    const cur = m.get(minute);
    if (cur === undefined) m.set(minute, { ts, price });
    else if (ts >= cur.ts) {
      cur.ts = ts;
      cur.price = price;
    }
  }

  /** The rows of `_minute_prices` (symbol, minute start, time and value of the minute's last price). */
  batch(): RecordBatch {
    const cols = {
      symbol: new Utf8Column(),
      minute: new BigIntColumn(new TimestampNanosecond()),
      ts: new BigIntColumn(new TimestampNanosecond()),
      price: new NumberColumn(new Float64()),
    };
    let n = 0;
    for (const [symbol, m] of this.bySymbol)
      for (const [minute, p] of m) {
        cols.symbol.set(n, symbol);
        cols.minute.set(n, minute * MINUTE_NS);
        cols.ts.set(n, p.ts);
        cols.price.set(n, p.price);
        n += 1;
      }
    return recordBatch(Object.entries(cols), n);
  }
}
