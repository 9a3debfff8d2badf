import { Float64, Int32, type RecordBatch, TimestampNanosecond } from 'apache-arrow';
import { BigIntColumn, NumberColumn, recordBatch, Utf8Column } from '../events/columns.ts';
import type { AnalyticsParams } from './params.ts';

/** One bar of one symbol and interval, in time order within its series. */
export interface IndicatorBar {
  readonly symbol: string;
  readonly intervalMinutes: number;
  readonly bucketNs: bigint;
  readonly close: number;
  /** Median ATM implied volatility of the underlying's prints in the bar (null: none). */
  readonly atmIv: number | null;
  readonly liquidityScore: number | null;
  readonly liquidityConfidence: number | null;
}

/** Bars per year of regular-session trading (252 days of 390 minutes), to annualize bar returns. */
export const barsPerYear = (intervalMinutes: number): number => (252 * 390) / intervalMinutes;

/**
 * Exponential moving average with α = 2/(n+1), seeded with the simple mean of the first n values
 * (TA-Lib's convention): null for the first n−1 values.
 */
export function ema(xs: readonly number[], n: number): (number | null)[] {
  const a = 2 / (n + 1);
  const out: (number | null)[] = [];
  let e = 0;
  for (let i = 0; i < xs.length; i++) {
    if (i < n - 1) {
      e += xs[i]!;
      out.push(null);
    } else if (i === n - 1) {
      e = (e + xs[i]!) / n;
      out.push(e);
    } else {
      e = a * xs[i]! + (1 - a) * e;
      out.push(e);
    }
  }
  return out;
}

/** Wilder's RSI: averages seeded with the simple mean of the first n changes, then smoothed by 1/n. */
export function rsi(closes: readonly number[], n: number): (number | null)[] {
  const out: (number | null)[] = [null];
  let gain = 0;
  let loss = 0;
  for (let i = 1; i < closes.length; i++) {
    const ch = closes[i]! - closes[i - 1]!;
    const g = Math.max(ch, 0);
    const l = Math.max(-ch, 0);
    if (i <= n) {
      gain += g;
      loss += l;
      if (i < n) {
        out.push(null);
        continue;
      }
      gain /= n;
      loss /= n;
    } else {
      gain = (gain * (n - 1) + g) / n;
      loss = (loss * (n - 1) + l) / n;
    }
    out.push(loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss));
  }
  return out;
}

/** MACD line, signal (EMA of the line, seeded once the line exists) and histogram. */
export function macd(closes: readonly number[], fast: number, slow: number, signal: number) {
  const f = ema(closes, fast);
  const s = ema(closes, slow);
  const line = closes.map((_, i) => (f[i] == null || s[i] == null ? null : f[i]! - s[i]!));
  const first = line.findIndex((x) => x !== null);
  const sig: (number | null)[] = line.map(() => null);
  if (first >= 0) {
    const tail = ema(line.slice(first) as number[], signal);
    tail.forEach((v, k) => (sig[first + k] = v));
  }
  return { line, signal: sig, hist: line.map((x, i) => (x === null || sig[i] == null ? null : x - sig[i]!)) };
}

/** Mean and population standard deviation of the last n values ending at i (null before n values). */
function window(xs: readonly number[], i: number, n: number): { mean: number; sd: number } | null {
  if (i + 1 < n) return null;
  let m = 0;
  for (let k = i - n + 1; k <= i; k++) m += xs[k]!;
  m /= n;
  let v = 0;
  for (let k = i - n + 1; k <= i; k++) v += (xs[k]! - m) ** 2;
  return { mean: m, sd: Math.sqrt(v / n) };
}

/** Index of the first element > x in a sorted array. */
function upperBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows of bar_indicators for bars grouped by symbol and interval, each group in time order. */
export function indicatorBatch(bars: readonly IndicatorBar[], p: AnalyticsParams): RecordBatch {
  const names = [
    'close',
    'rsi',
    'macd',
    'macd_signal',
    'macd_hist',
    'bb_middle',
    'bb_upper',
    'bb_lower',
    'realized_vol',
    'ewma_vol',
    'atm_iv',
    'vol_forecast',
    'forecast_from',
    'vol_percentile',
    'ma_slope_z',
    'liquidity_score',
    'regime_score',
    'regime',
    'regime_confidence',
    'slope_confidence',
    'vol_confidence',
    'liquidity_confidence',
  ] as const;
  const symbol = new Utf8Column();
  const interval = new NumberColumn(new Int32());
  const bucket = new BigIntColumn(new TimestampNanosecond());
  const num = new Map<string, NumberColumn>();
  const text = new Map<string, Utf8Column>();
  for (const k of names)
    if (k === 'forecast_from' || k === 'regime') text.set(k, new Utf8Column());
    else num.set(k, new NumberColumn(new Float64()));
  const set = (k: (typeof names)[number], i: number, v: number | null) => num.get(k)!.set(i, v);

  let row = 0;
  for (let start = 0; start < bars.length;) {
    let end = start + 1;
    const s0 = bars[start]!;
    while (
      end < bars.length &&
      bars[end]!.symbol === s0.symbol &&
      bars[end]!.intervalMinutes === s0.intervalMinutes
    )
      end += 1;
    const series = bars.slice(start, end);
    const closes = series.map((b) => b.close);
    const r = rsi(closes, p.rsiPeriod);
    const m = macd(closes, p.macdFast, p.macdSlow, p.macdSignal);
    const annual = barsPerYear(s0.intervalMinutes);
    const rets: number[] = [];
    const sortedVol: number[] = [];
    const sma: number[] = [];
    let ewmaVar: number | null = null;
    let iv: number | null = null;
    for (let i = 0; i < series.length; i++) {
      const b = series[i]!;
      symbol.set(row, b.symbol);
      interval.set(row, b.intervalMinutes);
      bucket.set(row, b.bucketNs);
      set('close', row, b.close);
      set('rsi', row, r[i]!);
      set('macd', row, m.line[i]!);
      set('macd_signal', row, m.signal[i]!);
      set('macd_hist', row, m.hist[i]!);
      const bb = window(closes, i, p.bollingerPeriod);
      set('bb_middle', row, bb?.mean ?? null);
      set('bb_upper', row, bb ? bb.mean + p.bollingerWidth * bb.sd : null);
      set('bb_lower', row, bb ? bb.mean - p.bollingerWidth * bb.sd : null);

      if (i > 0) {
        const x = Math.log(b.close / series[i - 1]!.close);
        rets.push(x);
        ewmaVar = ewmaVar === null ? x * x : p.ewmaLambda * ewmaVar + (1 - p.ewmaLambda) * x * x;
      }
      // Realized volatility: root mean square of the last regimeMaBars returns, annualized.
      const k = Math.min(rets.length, p.regimeMaBars);
      let rv: number | null = null;
      if (k >= 2) {
        let ss = 0;
        for (let j = rets.length - k; j < rets.length; j++) ss += rets[j]! ** 2;
        rv = Math.sqrt((ss / k) * annual);
      }
      set('realized_vol', row, rv);
      const ev = ewmaVar === null ? null : Math.sqrt(ewmaVar * annual);
      set('ewma_vol', row, ev);
      if (b.atmIv !== null) iv = b.atmIv;
      set('atm_iv', row, iv);
      const w = iv === null ? 0 : p.forecastIvWeight;
      const forecast = ev === null ? iv : w * (iv ?? 0) + (1 - w) * ev;
      set('vol_forecast', row, forecast);
      text
        .get('forecast_from')!
        .set(row, ev === null ? (iv === null ? null : 'implied') : iv === null ? 'realized' : 'blend');

      let pct: number | null = null;
      if (rv !== null) {
        sortedVol.splice(upperBound(sortedVol, rv), 0, rv);
        pct = upperBound(sortedVol, rv) / sortedVol.length;
      }
      set('vol_percentile', row, pct);

      // Moving-average slope over regimeSlopeBars, in standard deviations of close over the MA window.
      const ma = Math.min(i + 1, p.regimeMaBars);
      const wn = window(closes, i, ma)!;
      sma.push(wn.mean);
      const back = Math.min(i, p.regimeSlopeBars);
      const z = back > 0 && wn.sd > 0 ? (wn.mean - sma[i - back]!) / wn.sd : back > 0 ? 0 : null;
      set('ma_slope_z', row, z);
      set('liquidity_score', row, b.liquidityScore);

      const slopeConf = Math.min(1, (i + 1) / (p.regimeMaBars + p.regimeSlopeBars));
      const volConf = Math.min(1, rets.length / p.regimeMinBars);
      set('slope_confidence', row, slopeConf);
      set('vol_confidence', row, volConf);
      set('liquidity_confidence', row, b.liquidityConfidence);
      if (z !== null && pct !== null) {
        const trend = Math.min(1, Math.abs(z) / p.regimeSlopeZ);
        let score = p.regimeWeightSlope * trend + p.regimeWeightVol * pct;
        let weight = p.regimeWeightSlope + p.regimeWeightVol;
        let conf = Math.min(slopeConf, volConf);
        // An index has no book: its regime blends slope and volatility only.
        if (b.liquidityScore !== null) {
          score += p.regimeWeightLiquidity * b.liquidityScore;
          weight += p.regimeWeightLiquidity;
          conf = Math.min(conf, b.liquidityConfidence ?? 0);
        }
        const value = weight > 0 ? score / weight : 0;
        set('regime_score', row, value);
        text.get('regime')!.set(row, value >= p.regimeTrendScore ? 'trending' : 'mean_reverting');
        set('regime_confidence', row, conf);
      } else {
        set('regime_score', row, null);
        text.get('regime')!.set(row, null);
        set('regime_confidence', row, null);
      }
      row += 1;
    }
    start = end;
  }
  return recordBatch(
    [
      ['symbol', symbol],
      ['interval_minutes', interval],
      ['bucket', bucket],
      ...names.map((k) => [k, num.get(k) ?? text.get(k)!] as const),
    ],
    row,
  );
}
