import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { batchesToIpc } from '../events/event-encoder.ts';
import { barsPerYear, ema, type IndicatorBar, indicatorBatch, macd, rsi } from './indicators.ts';
import { DEFAULT_ANALYTICS_PARAMS, resolveAnalyticsParams } from './params.ts';

const rows = (bars: IndicatorBar[], p = DEFAULT_ANALYTICS_PARAMS) =>
  tableFromIPC(batchesToIpc([indicatorBatch(bars, p)]))
    .toArray()
    .map((r) => r.toJSON() as Record<string, number | string | null>);

const series = (closes: number[], extra: Partial<IndicatorBar> = {}): IndicatorBar[] =>
  closes.map((close, i) => ({
    symbol: 'XYZ',
    intervalMinutes: 1,
    bucketNs: BigInt(i) * 60_000_000_000n,
    close,
    atmIv: null,
    liquidityScore: null,
    liquidityConfidence: null,
    ...extra,
  }));

describe('bar indicators', () => {
  it('seeds EMAs with the simple mean (worked by hand)', () => {
    expect(ema([1, 2, 3, 4, 5], 3)).toEqual([null, null, 2, 3, 4]);
  });

  it("computes Wilder's RSI (worked by hand)", () => {
    const got = rsi([1, 2, 3, 2, 4], 2);
    expect(got.slice(0, 4)).toEqual([null, null, 100, 50]);
    expect(got[4]).toBeCloseTo(100 - 100 / 6, 12);
    expect(rsi([5, 5, 5], 2)).toEqual([null, null, 50]);
  });

  it('builds MACD from the two EMAs and signals it with a third', () => {
    const xs = Array.from({ length: 60 }, (_, i) => 100 + 10 * Math.sin(i / 5) + i / 3);
    const ref = (n: number, from: number, v: (number | null)[]) => {
      const a = 2 / (n + 1);
      const out: (number | null)[] = v.map(() => null);
      let e = 0;
      for (let i = from; i < from + n; i++) e += v[i]! / n;
      out[from + n - 1] = e;
      for (let i = from + n; i < v.length; i++) out[i] = e += a * (v[i]! - e);
      return out;
    };
    const m = macd(xs, 12, 26, 9);
    const f = ref(12, 0, xs);
    const s = ref(26, 0, xs);
    for (let i = 0; i < 60; i++) {
      if (i < 25) expect(m.line[i]).toBeNull();
      else expect(m.line[i]).toBeCloseTo(f[i]! - s[i]!, 10);
    }
    const sig = ref(9, 25, m.line);
    for (let i = 33; i < 60; i++) {
      expect(m.signal[i]).toBeCloseTo(sig[i]!, 10);
      expect(m.hist[i]).toBeCloseTo(m.line[i]! - sig[i]!, 10);
    }
    expect(m.signal[32]).toBeNull();
  });

  it('puts Bollinger bands at the mean ± 2 population standard deviations', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i + 1);
    const last = rows(series(xs)).at(-1)!;
    const sd = Math.sqrt((20 * 20 - 1) / 12);
    expect(last.bb_middle).toBeCloseTo(10.5, 12);
    expect(last.bb_upper).toBeCloseTo(10.5 + 2 * sd, 12);
    expect(last.bb_lower).toBeCloseTo(10.5 - 2 * sd, 12);
    expect(rows(series(xs))[18]!.bb_middle).toBeNull();
  });

  it('forecasts volatility from the EWMA of squared returns and ATM implied volatility', () => {
    const bars = series([100, 101, 100]);
    const r1 = Math.log(1.01);
    const r2 = Math.log(100 / 101);
    const v = 0.94 * r1 * r1 + 0.06 * r2 * r2;
    const got = rows(bars.map((b, i) => ({ ...b, atmIv: i === 1 ? 0.2 : null })));
    expect(got[0]).toMatchObject({ ewma_vol: null, atm_iv: null, vol_forecast: null, forecast_from: null });
    expect(got[1]!.ewma_vol).toBeCloseTo(Math.abs(r1) * Math.sqrt(barsPerYear(1)), 12);
    expect(got[2]!.ewma_vol).toBeCloseTo(Math.sqrt(v * barsPerYear(1)), 12);
    expect(got[2]!.atm_iv).toBe(0.2);
    expect(got[2]!.vol_forecast).toBeCloseTo(0.5 * 0.2 + 0.5 * Math.sqrt(v * barsPerYear(1)), 12);
    expect(got[2]!.forecast_from).toBe('blend');
    const realized = rows(bars, resolveAnalyticsParams({ forecastIvWeight: 0.25 }));
    expect(realized[2]).toMatchObject({ forecast_from: 'realized' });
    expect(realized[2]!.vol_forecast).toBeCloseTo(Math.sqrt(v * barsPerYear(1)), 12);
  });

  it('labels a steady trend trending and an oscillation mean-reverting', () => {
    const liquid = { liquidityScore: 0.5, liquidityConfidence: 1 };
    const up = rows(
      series(
        Array.from({ length: 80 }, (_, i) => 100 + i),
        liquid,
      ),
    ).at(-1)!;
    const wave = rows(
      series(
        Array.from({ length: 80 }, (_, i) => 100 + 3 * Math.sin((2 * Math.PI * i) / 10)),
        liquid,
      ),
    ).at(-1)!;
    expect(up.regime).toBe('trending');
    expect(wave.regime).toBe('mean_reverting');
    expect(up.regime_score as number).toBeGreaterThan(wave.regime_score as number);
    expect(up.regime_confidence).toBe(1);
  });

  it('gives the regime the confidence of its weakest input', () => {
    const p = DEFAULT_ANALYTICS_PARAMS;
    const bar = rows(
      series(
        Array.from({ length: 10 }, (_, i) => 100 + i),
        { liquidityScore: 0.9, liquidityConfidence: 0.2 },
      ),
    )[9]!;
    expect(bar.slope_confidence).toBeCloseTo(10 / (p.regimeMaBars + p.regimeSlopeBars), 12);
    expect(bar.vol_confidence).toBeCloseTo(9 / p.regimeMinBars, 12);
    expect(bar.regime_confidence).toBeCloseTo(0.2, 12);
    const index = rows(series(Array.from({ length: 10 }, (_, i) => 100 + i)))[9]!;
    expect(index.regime_confidence).toBeCloseTo(9 / p.regimeMinBars, 12);
    expect(index.liquidity_score).toBeNull();
  });
});
