import { DateDay, Float64, Int32, type RecordBatch, TimestampNanosecond } from 'apache-arrow';
import type { ContractState, PrevailingQuote } from '../enrich/contract-state.ts';
import { dividendYieldOf, type EnrichParams } from '../enrich/params.ts';
import { usableQuote } from '../enrich/side.ts';
import { BigIntColumn, NumberColumn, recordBatch, Utf8Column } from '../events/columns.ts';
import { bsmGreeks, bsmImpliedVol, emptyGreeks } from '../pricing/bsm.ts';
import { nyDayNumber } from '../time/ny-time.ts';

const YEAR_MS = 365 * 86_400_000;
const STANDARD_MULTIPLIER = 100;

/** What the chain is built from: the enricher's contract states and latest underlying prices. */
export interface ChainSource {
  contracts(): Iterable<ContractState>;
  spotOf(underlying: string): number | undefined;
}

/**
 * One row per live contract (not expired at `asOfMs`) as of the event-time watermark: open interest,
 * latest NBBO, spot, and the implied volatility of the NBBO mid (else of the last print) with the
 * Greeks at that volatility. This is what every exposure is computed from (docs/analytics.md).
 */
export function chainBatch(src: ChainSource, p: EnrichParams, asOfMs: number): RecordBatch {
  const cols = {
    as_of: new BigIntColumn(new TimestampNanosecond()),
    trade_date: new NumberColumn(new DateDay()),
    contract: new Utf8Column(),
    underlying: new Utf8Column(),
    expiry: new NumberColumn(new DateDay()),
    dte: new NumberColumn(new Int32()),
    put_call: new Utf8Column(),
    strike: new NumberColumn(new Float64()),
    multiplier: new NumberColumn(new Int32()),
    oi: new NumberColumn(new Int32()),
    volume: new NumberColumn(new Int32()),
    bid: new NumberColumn(new Float64()),
    ask: new NumberColumn(new Float64()),
    mid: new NumberColumn(new Float64()),
    quote_age_ms: new NumberColumn(new Float64()),
    last_price: new NumberColumn(new Float64()),
    spot: new NumberColumn(new Float64()),
    years: new NumberColumn(new Float64()),
    rate: new NumberColumn(new Float64()),
    dividend_yield: new NumberColumn(new Float64()),
    iv: new NumberColumn(new Float64()),
    iv_source: new Utf8Column(),
    delta: new NumberColumn(new Float64()),
    gamma: new NumberColumn(new Float64()),
    vanna: new NumberColumn(new Float64()),
    charm: new NumberColumn(new Float64()),
  };
  const today = nyDayNumber(asOfMs);
  const asOfNs = BigInt(Math.round(asOfMs)) * 1_000_000n;
  const q: PrevailingQuote = { bid: 0, ask: 0, bidSize: 0, askSize: 0, tsMs: 0 };
  const g = emptyGreeks();
  let n = 0;
  for (const s of src.contracts()) {
    if (s.expiryDay < today) continue;
    const c = s.c;
    const call = c.right === 'C';
    const strike = c.strike1000 / 1000;
    const spot = src.spotOf(c.underlying) ?? Number.NaN;
    const remainingMs = s.expiryCloseMs - asOfMs;
    const years = remainingMs > 0 ? Math.max(remainingMs, p.minExpirySeconds * 1000) / YEAR_MS : null;
    const r = p.rate;
    const dq = dividendYieldOf(p, c.underlying);
    const quoted = s.quoteAt(Infinity, q) && usableQuote(q.bid, q.ask);
    const mid = quoted ? (q.bid + q.ask) / 2 : null;
    let iv: number | null = null;
    let source: 'mid' | 'last' | null = null;
    if (years !== null) {
      const fromMid = mid === null ? null : bsmImpliedVol(mid, call, spot, strike, years, r, dq);
      if (typeof fromMid === 'number') {
        iv = fromMid;
        source = 'mid';
      } else if (!Number.isNaN(s.lastPrice)) {
        const fromLast = bsmImpliedVol(s.lastPrice, call, spot, strike, years, r, dq);
        if (typeof fromLast === 'number') {
          iv = fromLast;
          source = 'last';
        }
      }
    }
    cols.as_of.set(n, asOfNs);
    cols.trade_date.set(n, today);
    cols.contract.set(n, c.key);
    cols.underlying.set(n, c.underlying);
    cols.expiry.set(n, s.expiryDay);
    cols.dte.set(n, s.expiryDay - today);
    cols.put_call.set(n, c.right);
    cols.strike.set(n, strike);
    cols.multiplier.set(n, s.multiplier ?? STANDARD_MULTIPLIER);
    cols.oi.set(n, s.oi);
    cols.volume.set(n, s.volumeDay === today ? s.volume : 0);
    cols.bid.set(n, quoted ? q.bid : null);
    cols.ask.set(n, quoted ? q.ask : null);
    cols.mid.set(n, mid);
    cols.quote_age_ms.set(n, quoted ? asOfMs - q.tsMs : null);
    cols.last_price.set(n, s.lastPrice);
    cols.spot.set(n, spot);
    cols.years.set(n, years);
    cols.rate.set(n, r);
    cols.dividend_yield.set(n, dq);
    cols.iv.set(n, iv);
    cols.iv_source.set(n, source);
    if (iv !== null && years !== null) {
      bsmGreeks(call, spot, strike, years, r, dq, iv, g);
      cols.delta.set(n, g.delta);
      cols.gamma.set(n, g.gamma);
      cols.vanna.set(n, g.vanna);
      cols.charm.set(n, g.charm);
    } else {
      for (const col of [cols.delta, cols.gamma, cols.vanna, cols.charm]) col.set(n, null);
    }
    n += 1;
  }
  return recordBatch(Object.entries(cols), n);
}
