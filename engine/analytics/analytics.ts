import { type Table, tableFromIPC } from 'apache-arrow';
import type { Connector } from '../db/connector.ts';
import type { EnrichParams } from '../enrich/params.ts';
import { batchesToIpc } from '../events/event-encoder.ts';
import { CHAIN_READERS, INDICATOR_READERS, QUALITY_READERS } from './analytics-sql.ts';
import { gammaProfile, type ProfileContract } from './gamma-profile.ts';
import { type IndicatorBar, indicatorBatch } from './indicators.ts';
import { type ChainSource, chainBatch } from './option-chain.ts';
import type { AnalyticsParams } from './params.ts';
import type { MinutePrices } from './minute-prices.ts';
import type { StreamQuality } from './stream-quality.ts';

const readers = (names: readonly string[]) => new RegExp(`\\b(${names.join('|')})\\b`, 'i');
const CHAIN_RE = readers(CHAIN_READERS);
const INDICATOR_RE = readers(INDICATOR_READERS);
const QUALITY_RE = readers(QUALITY_READERS);
/** Statements naming these change what a refresh computes, so the next read recomputes. */
const INPUT_RE = /\b(dte_buckets|bar_intervals)\b/i;
const READ_ONLY_RE = /^\s*(select|from|describe|summarize|explain)\b[^;]*;?\s*$/i;

/** What a refresh computed. */
export interface RefreshReport {
  readonly contracts: number;
  readonly profileRows: number;
  readonly indicatorRows: number;
  /** Wall time of option_chain + gamma_profile, and of bar_indicators, in ms. */
  readonly chainMs: number;
  readonly indicatorsMs: number;
}

interface Derived {
  version: number;
  /** Event time (ms) of the last refresh; null: never, or its inputs changed. */
  at: number | null;
}

/**
 * Keeps the derived analytics tables (option_chain + gamma_profile, bar_indicators) current: a query
 * that reads one of them, or a view over them, first recomputes it when data arrived since the last
 * refresh and at least `exposureRefreshMs` of event time has passed (or its inputs changed).
 */
export class AnalyticsTables {
  private version = 0;
  private readonly chain: Derived = { version: 0, at: null };
  private readonly indicators: Derived = { version: 0, at: null };
  private readonly quality: Derived = { version: 0, at: null };

  constructor(
    private readonly db: Connector,
    private readonly src: ChainSource,
    private readonly params: () => { enrich: EnrichParams; analytics: AnalyticsParams },
    private readonly watermarkMs: () => number | null,
    private readonly streams: StreamQuality,
    private readonly prices: MinutePrices,
  ) {}

  /** New data arrived. */
  changed(): void {
    this.version += 1;
  }

  /** Parameters or inputs changed: the next read recomputes whatever the throttle says. */
  invalidate(): void {
    this.version += 1;
    this.chain.at = null;
    this.indicators.at = null;
    this.quality.at = null;
  }

  /** Refreshes what `sql` reads, if due; called before every query. */
  beforeQuery(sql: string): void {
    if (CHAIN_RE.test(sql) && this.due(this.chain)) this.refreshChain();
    if (INDICATOR_RE.test(sql) && this.due(this.indicators)) this.refreshIndicators();
    // Cheap (a row per stream and symbol): current whenever read.
    if (QUALITY_RE.test(sql) && (this.quality.version !== this.version || this.quality.at === null))
      this.refreshQuality();
  }

  /** After a statement ran: one that may change an input table (not a plain read) invalidates the derived tables. */
  afterQuery(sql: string): void {
    if (INPUT_RE.test(sql) && !READ_ONLY_RE.test(sql)) this.invalidate();
  }

  /** Recomputes every derived table now. */
  refresh(): RefreshReport {
    const t0 = performance.now();
    const { contracts, profileRows } = this.refreshChain();
    const t1 = performance.now();
    const indicatorRows = this.refreshIndicators();
    const t2 = performance.now();
    this.refreshQuality();
    return { contracts, profileRows, indicatorRows, chainMs: t1 - t0, indicatorsMs: t2 - t1 };
  }

  private refreshQuality(): void {
    this.db.exec('DELETE FROM _stream_quality; DELETE FROM _minute_prices;');
    this.stamp(this.quality);
    const now = this.watermarkMs();
    if (now === null) return;
    const batch = this.streams.batch(
      BigInt(Math.round(now * 1e6)),
      this.params().analytics.qualityGapSeconds,
    );
    if (batch.numRows > 0) this.db.insertArrow('_stream_quality', batchesToIpc([batch]));
    const px = this.prices.batch();
    if (px.numRows > 0) this.db.insertArrow('_minute_prices', batchesToIpc([px]));
  }

  private due(d: Derived): boolean {
    if (d.version === this.version && d.at !== null) return false;
    const now = this.watermarkMs();
    return d.at === null || now === null || now - d.at >= this.params().analytics.exposureRefreshMs;
  }

  private stamp(d: Derived): void {
    d.version = this.version;
    d.at = this.watermarkMs() ?? null;
  }

  private refreshChain(): { contracts: number; profileRows: number } {
    const { enrich, analytics } = this.params();
    const now = this.watermarkMs();
    this.db.exec('DELETE FROM option_chain; DELETE FROM gamma_profile;');
    this.stamp(this.chain);
    if (now === null) return { contracts: 0, profileRows: 0 };
    const chain = chainBatch(this.src, enrich, now);
    if (chain.numRows > 0) this.db.insertArrow('option_chain', batchesToIpc([chain]));
    const contracts = profileContracts(table(this.db, PROFILE_INPUT_SQL));
    const buckets = table(this.db, 'SELECT bucket, CAST(max_dte AS DOUBLE) AS max_dte FROM dte_buckets');
    const bucketList = [...Array(buckets.numRows).keys()].map((i) => ({
      bucket: buckets.getChild('bucket')!.get(i) as string,
      maxDte: buckets.getChild('max_dte')!.get(i) as number,
    }));
    const profile = gammaProfile(
      contracts,
      bucketList.filter((b) => b.bucket !== null && b.maxDte !== null),
      { pct: analytics.gammaGridPct, points: analytics.gammaGridPoints },
      BigInt(Math.round(now)) * 1_000_000n,
    );
    if (profile.numRows > 0) this.db.insertArrow('gamma_profile', batchesToIpc([profile]));
    return { contracts: chain.numRows, profileRows: profile.numRows };
  }

  private refreshIndicators(): number {
    const { analytics } = this.params();
    this.db.exec('DELETE FROM bar_indicators;');
    this.stamp(this.indicators);
    const bucket = (m: string) =>
      `make_timestamp_ns(epoch_ns(ts) // (${m} * 60000000000) * (${m} * 60000000000))`;
    const t = table(
      this.db,
      `WITH iv AS (
         SELECT underlying AS symbol, i.minutes AS interval_minutes, ${bucket('i.minutes')} AS bucket,
           median(coalesce(iv_mid, iv)) AS atm_iv
         FROM _option_trades CROSS JOIN bar_intervals i
         WHERE NOT cancelled AND coalesce(iv_mid, iv) IS NOT NULL AND abs(otm_pct) <= ${analytics.atmMaxOtmPct}
           AND dte BETWEEN ${analytics.atmMinDte} AND ${analytics.atmMaxDte}
         GROUP BY ALL)
       SELECT b.symbol, b.interval_minutes, epoch_ns(b.bucket) AS bucket_ns, b.close, iv.atm_iv,
         q.liquidity_score, CAST(q.liquidity_confidence AS DOUBLE) AS liquidity_confidence
       FROM bars b
       LEFT JOIN quote_bars q ON q.symbol = b.symbol AND q.interval_minutes = b.interval_minutes AND q.bucket = b.bucket
       LEFT JOIN iv ON iv.symbol = b.symbol AND iv.interval_minutes = b.interval_minutes AND iv.bucket = b.bucket
       WHERE b.close > 0
       ORDER BY b.symbol, b.interval_minutes, b.bucket`,
    );
    const get = (name: string) => {
      const v = t.getChild(name)!;
      return (i: number) => v.get(i) as unknown;
    };
    const [sym, iv, bns, close, atm, liq, liqConf] = [
      'symbol',
      'interval_minutes',
      'bucket_ns',
      'close',
      'atm_iv',
      'liquidity_score',
      'liquidity_confidence',
    ].map(get) as ((i: number) => unknown)[];
    const bars: IndicatorBar[] = [];
    for (let i = 0; i < t.numRows; i++)
      bars.push({
        symbol: sym!(i) as string,
        intervalMinutes: iv!(i) as number,
        bucketNs: bns!(i) as bigint,
        close: close!(i) as number,
        atmIv: (atm!(i) as number | null) ?? null,
        liquidityScore: (liq!(i) as number | null) ?? null,
        liquidityConfidence: (liqConf!(i) as number | null) ?? null,
      });
    const batch = indicatorBatch(bars, analytics);
    if (batch.numRows > 0) this.db.insertArrow('bar_indicators', batchesToIpc([batch]));
    return batch.numRows;
  }
}

const table = (db: Connector, sql: string): Table => tableFromIPC(db.query(sql));

/** The priced contracts with a dealer position, as the zero-gamma grid reads them. */
export const PROFILE_INPUT_SQL = `SELECT underlying, CAST(dte AS DOUBLE) AS dte, strike, years, iv, rate, dividend_yield,
  CAST(multiplier AS DOUBLE) AS multiplier, spot, CAST(dealer_oi AS DOUBLE) AS dealer_oi,
  CAST(dealer_vol AS DOUBLE) AS dealer_vol
FROM exposure_by_contract WHERE gamma IS NOT NULL AND spot > 0 AND (dealer_oi <> 0 OR dealer_vol <> 0)`;

/** The rows of PROFILE_INPUT_SQL as gammaProfile's input. */
export function profileContracts(rows: Table): ProfileContract[] {
  const col = (name: string) => rows.getChild(name)!.toArray() as Float64Array;
  const [dte, strike, years, iv, rate, q, mult, spot, dOi, dVol] = [
    'dte',
    'strike',
    'years',
    'iv',
    'rate',
    'dividend_yield',
    'multiplier',
    'spot',
    'dealer_oi',
    'dealer_vol',
  ].map(col) as Float64Array[];
  const und = rows.getChild('underlying')!;
  const out: ProfileContract[] = [];
  for (let i = 0; i < rows.numRows; i++)
    out.push({
      underlying: und.get(i) as string,
      dte: dte![i]!,
      strike: strike![i]!,
      years: years![i]!,
      iv: iv![i]!,
      rate: rate![i]!,
      dividendYield: q![i]!,
      multiplier: mult![i]!,
      spot: spot![i]!,
      dealerOi: dOi![i]!,
      dealerVol: dVol![i]!,
    });
  return out;
}
