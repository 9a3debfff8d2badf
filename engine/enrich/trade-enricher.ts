import type { RecordBatch } from 'apache-arrow';
import { parseOsi } from '../contract/osi.ts';
import { FLAG_BIT } from '../events/conditions.ts';
import type { EventType } from '../events/event-types.ts';
import type { EventView } from '../events/event-view.ts';
import type { MinutePrices } from '../analytics/minute-prices.ts';
import type { StreamQuality } from '../analytics/stream-quality.ts';
import { bsmGreeks, bsmImpliedVol, emptyGreeks } from '../pricing/bsm.ts';
import { isoToDayNumber, nyDayNumber, nyTimeToEpochMs } from '../time/ny-time.ts';
import { ContractState, type PrevailingQuote } from './contract-state.ts';
import { EnrichedColumns } from './enriched-columns.ts';
import { dividendYieldOf, type EnrichParams, resolveEnrichParams } from './params.ts';
import {
  aggressorOfSide,
  PRICE_EPS,
  quoteSide,
  sentimentOf,
  type Side,
  tickTest,
  usableQuote,
} from './side.ts';

/** A trade_cancel: the print id it names, for prints that arrived before it (row id ≤ rid). */
export interface PrintCancel {
  readonly id: string;
  readonly rid: number;
}

/** Per-batch counts by event type and the print ids that trade_cancel events name. */
export interface BatchTally {
  readonly counts: Record<EventType, number>;
  readonly cancels: PrintCancel[];
  /** Dates (day numbers) of the open_interest records in the batch. */
  readonly oiDays: Set<number>;
  /** Latest event time seen in the batch (any event type), epoch ns; -1 when none. */
  maxTsNs: bigint;
  /** Stream health, fed with every accepted market-data event. */
  readonly quality?: StreamQuality | undefined;
  /** The last underlying price per minute, fed with every equity print and usable quote. */
  readonly prices?: MinutePrices | undefined;
}

export interface RowError {
  readonly row: number;
  readonly reason: string;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
const STANDARD_MULTIPLIER = 100;

/**
 * The stateful part of enrichment: recent NBBOs per contract, the latest underlying price, running
 * day volume, open interest and the last print for the tick test. Rows must be fed in arrival order.
 */
export class TradeEnricher {
  private params: EnrichParams;
  private readonly bySymbol = new Map<string, ContractState | string>();
  private readonly byKey = new Map<string, ContractState>();
  private readonly spot = new Map<string, number>();
  private readonly quote: PrevailingQuote = { bid: 0, ask: 0, bidSize: 0, askSize: 0, tsMs: 0 };
  private readonly greeks = emptyGreeks();
  private dayStartMs = 0;
  private dayEndMs = -1;
  private day = 0;
  private rid = 0;

  constructor(params: Partial<EnrichParams> = {}) {
    this.params = resolveEnrichParams(params);
  }

  get rows(): number {
    return this.rid;
  }

  get parameters(): EnrichParams {
    return this.params;
  }

  /** Every contract seen so far (quotes, open interest or prints), in first-seen order. */
  contracts(): IterableIterator<ContractState> {
    return this.byKey.values();
  }

  /** The latest price of an underlying (equity trade or quote mid, index level). */
  spotOf(underlying: string): number | undefined {
    return this.spot.get(underlying);
  }

  /** New parameters apply to prints enriched from now on. */
  setParams(params: Partial<EnrichParams>): void {
    this.params = resolveEnrichParams(params);
  }

  /** The state of a contract symbol (any OSI form), or why the symbol was rejected. */
  private state(symbol: string): ContractState | string {
    let s = this.bySymbol.get(symbol);
    if (s === undefined) {
      const c = parseOsi(symbol);
      if (typeof c === 'string') s = c;
      else {
        s = this.byKey.get(c.key);
        if (s === undefined) {
          const expiryDay = isoToDayNumber(c.expiry);
          s = new ContractState(c, expiryDay, nyTimeToEpochMs(expiryDay, 16));
          this.byKey.set(c.key, s);
        }
      }
      this.bySymbol.set(symbol, s);
    }
    return s;
  }

  /** New York calendar day of an instant, cached for the current day. */
  private nyDay(tsMs: number): number {
    if (tsMs < this.dayStartMs || tsMs >= this.dayEndMs) {
      this.day = nyDayNumber(tsMs);
      this.dayStartMs = nyTimeToEpochMs(this.day, 0);
      this.dayEndMs = nyTimeToEpochMs(this.day + 1, 0);
    }
    return this.day;
  }

  /** Enriches the option prints of one batch; other event types update state and the tally. */
  process(v: EventView, errors: RowError[], tally: BatchTally): RecordBatch | null {
    // Sized for the batch's prints, not its rows (mostly quotes): ~50 columns of typed arrays each.
    let prints = 0;
    for (let i = 0; i < v.length; i++) if (v.type(i) === 'option_trade') prints += 1;
    const out = new EnrichedColumns(prints);
    let n = 0;
    // Contract symbols repeat within a batch: resolve each dictionary entry to its state once.
    const keys = v.contractKey;
    const cache: (ContractState | string | undefined)[] = keys ? new Array(keys.size) : [];
    const stateAt = (i: number): ContractState | string | null => {
      if (keys === null) {
        const c = v.contract(i);
        return c === null ? null : this.state(c);
      }
      const k = keys.at(i);
      if (k < 0) return null;
      let s = cache[k];
      if (s === undefined) {
        s = this.state(v.contract(i)!);
        cache[k] = s;
      }
      return s;
    };
    for (let i = 0; i < v.length; i++) {
      const type = v.type(i);
      if (type !== null) tally.counts[type] += 1;
      const ts = v.tsNs(i);
      if (ts > tally.maxTsNs) tally.maxTsNs = ts;
      switch (type) {
        case 'option_quote': {
          const s = stateAt(i);
          const bid = v.bid(i);
          const ask = v.ask(i);
          if (s === null || bid === null || ask === null) {
            errors.push({ row: i, reason: 'option_quote needs contract, bid and ask' });
            break;
          }
          if (typeof s === 'string') {
            errors.push({ row: i, reason: s });
            break;
          }
          s.addQuote(bid, ask, v.bidSize(i) ?? 0, v.askSize(i) ?? 0, Number(ts) / 1e6);
          tally.quality?.observe('option_quote', s.c.underlying, ts);
          break;
        }
        case 'equity_quote': {
          const sym = v.symbol(i);
          const bid = v.bid(i);
          const ask = v.ask(i);
          if (sym !== null && bid !== null && ask !== null && ask >= bid && bid > 0) {
            this.spot.set(sym, (bid + ask) / 2);
            tally.quality?.observe('equity_quote', sym, ts);
            tally.prices?.observe(sym, ts, (bid + ask) / 2);
          }
          break;
        }
        case 'equity_trade': {
          const sym = v.symbol(i);
          const p = v.price(i);
          if (sym !== null && p !== null && p > 0) {
            this.spot.set(sym, p);
            tally.quality?.observe('equity_trade', sym, ts);
            tally.prices?.observe(sym, ts, p);
            if (((v.conditions(i) ?? 0) & FLAG_BIT.LATE) === 0) tally.quality?.print(ts);
          }
          break;
        }
        case 'open_interest': {
          const s = stateAt(i);
          const oi = v.oi(i);
          if (s === null || oi === null) break;
          if (typeof s === 'string') {
            errors.push({ row: i, reason: s });
            break;
          }
          s.oi = oi;
          const d = v.date(i);
          if (d !== null) tally.oiDays.add(d);
          const m = v.multiplier(i);
          if (m !== null && m > 0) s.multiplier = m;
          break;
        }
        case 'option_trade': {
          const s = stateAt(i);
          if (!this.trade(v, i, s, out, n, errors)) break;
          n += 1;
          if (tally.quality && typeof s === 'object' && s !== null) {
            tally.quality.observe('option_trade', s.c.underlying, ts);
            if (((v.conditions(i) ?? 0) & FLAG_BIT.LATE) === 0) tally.quality.print(ts);
          }
          break;
        }
        case 'trade_cancel': {
          const id = v.id(i);
          if (id !== null) tally.cancels.push({ id, rid: this.rid });
          break;
        }
        case 'status':
        case 'params':
          break;
        case null:
          errors.push({ row: i, reason: 'unknown or missing event type' });
          break;
      }
    }
    return n === 0 ? null : out.finish(n);
  }

  private trade(
    v: EventView,
    i: number,
    s: ContractState | string | null,
    out: EnrichedColumns,
    n: number,
    errors: RowError[],
  ): boolean {
    const price = v.price(i);
    const size = v.size(i);
    if (s === null || price === null || size === null) {
      errors.push({ row: i, reason: 'option_trade needs contract, price and size' });
      return false;
    }
    if (!(price >= 0) || !(size > 0)) {
      errors.push({ row: i, reason: `option_trade with invalid price ${price} or size ${size}` });
      return false;
    }
    if (typeof s === 'string') {
      errors.push({ row: i, reason: s });
      return false;
    }
    const p = this.params;
    const c = s.c;
    const call = c.right === 'C';
    const ts = v.tsNs(i);
    const tsMs = Number(ts) / 1e6;
    const day = this.nyDay(tsMs);
    const bits = v.conditions(i) ?? 0;
    const late = (bits & FLAG_BIT.LATE) !== 0;
    const multiLeg = (bits & FLAG_BIT.MULTI_LEG) !== 0;

    // Side: the quote prevailing at the print (late prints look back through recent quotes).
    const q = this.quote;
    const found = s.quoteAt(tsMs, q);
    let side: Side;
    if (!found) side = 'no_quote';
    else if (!usableQuote(q.bid, q.ask) || tsMs - q.tsMs > p.staleQuoteMs) side = 'stale_quote';
    else side = quoteSide(price, q.bid, q.ask);
    let aggressor = aggressorOfSide(side);
    let method: 'quote' | 'tick' | null = aggressor === null ? null : 'quote';
    if (aggressor === null && !late && !Number.isNaN(s.lastPrice)) {
      aggressor = tickTest(price, s.lastPrice, s.lastDirection);
      if (aggressor !== null) method = 'tick';
    }
    if (!late) {
      if (Math.abs(price - s.lastPrice) > PRICE_EPS) s.lastDirection = price > s.lastPrice ? 1 : -1;
      s.lastPrice = price;
    }

    if (day !== s.volumeDay) {
      s.volume = 0;
      s.volumeDay = day;
    }
    const volumeBefore = s.volume;
    s.volume += size;
    const oi = s.oi;
    const multiplier = s.multiplier ?? STANDARD_MULTIPLIER;
    const spot = this.spot.get(c.underlying) ?? null;
    const strike = c.strike1000 / 1000;
    const premium = price * size * multiplier;
    const dte = s.expiryDay - day;
    const otmPct = spot === null ? null : ((call ? strike - spot : spot - strike) / spot) * 100;

    this.rid += 1;
    out.rid.setNumber(n, this.rid);
    out.ts.set(n, ts);
    out.tradeDate.set(n, day);
    out.contract.set(n, c.key);
    out.underlying.set(n, c.underlying);
    out.root.set(n, c.root);
    out.expiry.set(n, s.expiryDay);
    out.putCall.set(n, c.right);
    out.strike.set(n, strike);
    out.multiplier.set(n, multiplier);
    out.nonstandard.set(n, s.multiplier !== null ? s.multiplier !== STANDARD_MULTIPLIER : s.adjustedRoot);
    out.price.set(n, price);
    out.size.set(n, size);
    out.premium.set(n, premium);
    const exchange = v.exchange(i);
    out.exchange.set(n, exchange);
    out.bits.set(n, bits);
    out.raw.set(n, v.rawConditions(i));
    v.copyId(i, out.id, n);
    out.multiLeg.set(n, multiLeg);
    out.late.set(n, late);
    out.bid.set(n, found ? q.bid : null);
    out.ask.set(n, found ? q.ask : null);
    out.bidSize.set(n, found ? q.bidSize : null);
    out.askSize.set(n, found ? q.askSize : null);
    out.quoteAge.set(n, found ? tsMs - q.tsMs : null);
    out.side.set(n, side);
    out.sideMethod.set(n, method);
    out.aggressor.set(n, aggressor);
    out.sentiment.set(n, late || (bits & FLAG_BIT.CANCEL) !== 0 ? 'neutral' : sentimentOf(c.right, side));
    out.dte.set(n, dte);
    out.spot.set(n, spot);
    out.otmPct.set(n, otmPct);
    out.volume.set(n, s.volume);
    out.oi.set(n, oi);
    out.volOi.set(n, oi === null || oi === 0 ? null : s.volume / oi);
    out.openingSizeOi.set(n, oi === null ? null : size > oi);
    out.openingSizeOiVolume.set(n, oi === null ? null : size > oi + volumeBefore);

    const remainingMs = s.expiryCloseMs - tsMs;
    const years = remainingMs > 0 ? Math.max(remainingMs, p.minExpirySeconds * 1000) / YEAR_MS : null;
    out.years.set(n, years);
    if (!p.greeks) {
      noGreeks(out, n);
      return true;
    }
    const r = p.rate;
    const dq = dividendYieldOf(p, c.underlying);
    const sp = spot ?? Number.NaN;
    const t = years ?? 0;
    const iv = bsmImpliedVol(price, call, sp, strike, t, r, dq);
    const midOk = found && side !== 'stale_quote';
    const ivMid = midOk ? bsmImpliedVol((q.bid + q.ask) / 2, call, sp, strike, t, r, dq) : null;
    out.iv.set(n, typeof iv === 'number' ? iv : null);
    out.ivReason.set(n, typeof iv === 'string' ? iv : null);
    out.ivMid.set(n, typeof ivMid === 'number' ? ivMid : null);
    out.ivMidReason.set(n, typeof ivMid === 'string' ? ivMid : ivMid === null ? 'no_quote' : null);
    const vol = typeof iv === 'number' ? iv : typeof ivMid === 'number' ? ivMid : null;
    out.greeksFrom.set(n, vol === null ? null : vol === iv ? 'trade' : 'mid');
    if (vol === null) {
      noGreeks(out, n, true);
      return true;
    }
    const g = bsmGreeks(call, sp, strike, t, r, dq, vol, this.greeks);
    out.delta.set(n, g.delta);
    out.gamma.set(n, g.gamma);
    out.theta.set(n, g.theta);
    out.vega.set(n, g.vega);
    out.rho.set(n, g.rho);
    out.vanna.set(n, g.vanna);
    out.charm.set(n, g.charm);
    return true;
  }
}

function noGreeks(out: EnrichedColumns, n: number, keepIv = false): void {
  if (!keepIv) {
    out.iv.set(n, null);
    out.ivReason.set(n, null);
    out.ivMid.set(n, null);
    out.ivMidReason.set(n, null);
    out.greeksFrom.set(n, null);
  }
  for (const col of [out.delta, out.gamma, out.theta, out.vega, out.rho, out.vanna, out.charm])
    col.set(n, null);
}
