import { describe, expect, it } from 'vitest';
import { bsmGreeks, bsmImpliedVol, bsmPrice, emptyGreeks } from './bsm.ts';

const YEAR_MINUTE = 1 / (365 * 24 * 60);

describe('bsmPrice and bsmGreeks', () => {
  it('match the textbook example (Hull: S=49, K=50, r=5%, σ=20%, T=0.3846)', () => {
    const g = bsmGreeks(true, 49, 50, 0.3846, 0.05, 0, 0.2, emptyGreeks());
    expect(bsmPrice(true, 49, 50, 0.3846, 0.05, 0, 0.2)).toBeCloseTo(2.4, 2);
    expect(g.delta).toBeCloseTo(0.522, 3);
    expect(g.gamma).toBeCloseTo(0.066, 3);
    expect(g.theta * 365).toBeCloseTo(-4.31, 2);
    expect(g.vega * 100).toBeCloseTo(12.1, 1);
    expect(g.rho * 100).toBeCloseTo(8.91, 2);
  });

  it('satisfy put–call parity and its Greek identities', () => {
    for (const [s, k, t, r, q, v] of [
      [100, 80, 0.5, 0.04, 0.01, 0.3],
      [100, 130, 2, 0.05, 0.02, 0.8],
      [5800, 5795, 30 * YEAR_MINUTE, 0.045, 0.013, 0.12],
    ] as const) {
      const c = bsmPrice(true, s, k, t, r, q, v);
      const p = bsmPrice(false, s, k, t, r, q, v);
      const forward = s * Math.exp(-q * t) - k * Math.exp(-r * t);
      expect(Math.abs(c - p - forward)).toBeLessThan(1e-11 * s);
      const gc = bsmGreeks(true, s, k, t, r, q, v, emptyGreeks());
      const gp = bsmGreeks(false, s, k, t, r, q, v, emptyGreeks());
      expect(gc.delta - gp.delta).toBeCloseTo(Math.exp(-q * t), 12);
      expect(gc.gamma).toBeCloseTo(gp.gamma, 12);
      expect(gc.vega).toBeCloseTo(gp.vega, 12);
      expect(gc.vanna).toBeCloseTo(gp.vanna, 12);
    }
  });

  it('agree with central finite differences of the price', () => {
    const [s, k, t, r, q, v] = [100, 105, 0.25, 0.04, 0.015, 0.35];
    for (const call of [true, false]) {
      const g = bsmGreeks(call, s, k, t, r, q, v, emptyGreeks());
      const P = (ss = s, tt = t, rr = r, vv = v) => bsmPrice(call, ss, k, tt, rr, q, vv);
      const D = (ss = s, tt = t, vv = v) => {
        const h = 1e-4 * ss;
        return (P(ss + h, tt, r, vv) - P(ss - h, tt, r, vv)) / (2 * h);
      };
      const hs = 1e-3;
      const day = 1 / 365;
      expect(g.delta).toBeCloseTo(D(), 7);
      expect(g.gamma).toBeCloseTo((P(s + hs) - 2 * P() + P(s - hs)) / (hs * hs), 5);
      expect(g.vega).toBeCloseTo((P(s, t, r, v + 1e-5) - P(s, t, r, v - 1e-5)) / 2e-5 / 100, 7);
      expect(g.rho).toBeCloseTo((P(s, t, r + 1e-5) - P(s, t, r - 1e-5)) / 2e-5 / 100, 7);
      expect(g.theta).toBeCloseTo(-((P(s, t + 1e-5) - P(s, t - 1e-5)) / 2e-5) * day, 7);
      expect(g.vanna).toBeCloseTo((D(s, t, v + 1e-4) - D(s, t, v - 1e-4)) / 2e-4 / 100, 6);
      expect(g.charm).toBeCloseTo(-((D(s, t + 1e-4) - D(s, t - 1e-4)) / 2e-4) * day, 6);
    }
  });
});

describe('bsmImpliedVol', () => {
  it('recovers the volatility to 1e-9 over 0DTE..2y, deep ITM..far OTM, 5%..150% vol', () => {
    const s = 100;
    const [r, q] = [0.045, 0.012];
    let tested = 0;
    let imprecise = 0;
    let worst = 0;
    for (const t of [YEAR_MINUTE, 15 * YEAR_MINUTE, 1 / 365 / 4, 1 / 365, 7 / 365, 30 / 365, 0.5, 1, 2]) {
      for (const m of [-6, -4, -3, -2, -1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6]) {
        for (const v of [0.05, 0.1, 0.2, 0.35, 0.5, 0.8, 1.1, 1.5]) {
          // Strikes spaced in standard deviations of log-moneyness, so every expiry spans deep ITM to far OTM.
          const k = s * Math.exp(m * v * Math.sqrt(t));
          for (const call of [true, false]) {
            const price = bsmPrice(call, s, k, t, r, q, v);
            const g = bsmGreeks(call, s, k, t, r, q, v, emptyGreeks());
            const intrinsic = Math.max(0, (call ? 1 : -1) * (s * Math.exp(-q * t) - k * Math.exp(-r * t)));
            // The volatility is determined to 1e-9 only if rounding the price (a few ulps) moves it less.
            const resolvable =
              (8 * Number.EPSILON * price) / (g.vega * 100) < 1e-10 && price - intrinsic > 1e-300;
            const iv = bsmImpliedVol(price, call, s, k, t, r, q);
            if (!resolvable) {
              if (typeof iv === 'number') expect(Math.abs(iv - v)).toBeLessThan(0.05);
              imprecise += 1;
              continue;
            }
            tested += 1;
            expect(typeof iv, `t=${t} m=${m} v=${v} call=${call}`).toBe('number');
            const err = Math.abs((iv as number) - v);
            worst = Math.max(worst, err);
            expect(err, `t=${t} k=${k} v=${v} call=${call} iv=${iv}`).toBeLessThan(1e-9);
          }
        }
      }
    }
    expect(tested).toBeGreaterThan(2000);
    expect(imprecise).toBeLessThan(tested / 4);
    expect(worst).toBeLessThan(1e-9);
  });

  it('gives a reason, never a number, outside the no-arbitrage bounds', () => {
    const [s, k, t, r, q] = [100, 90, 0.25, 0.05, 0.01];
    const intrinsicCall = s * Math.exp(-q * t) - k * Math.exp(-r * t);
    expect(bsmImpliedVol(intrinsicCall - 0.01, true, s, k, t, r, q)).toBe('below_intrinsic');
    expect(bsmImpliedVol(intrinsicCall, true, s, k, t, r, q)).toBe('no_time_value');
    expect(bsmImpliedVol(s * Math.exp(-q * t), true, s, k, t, r, q)).toBe('above_maximum');
    expect(bsmImpliedVol(k * Math.exp(-r * t) + 0.01, false, s, k, t, r, q)).toBe('above_maximum');
    expect(bsmImpliedVol(0, false, s, k, t, r, q)).toBe('no_time_value');
    expect(bsmImpliedVol(1, true, s, k, 0, r, q)).toBe('expired');
    expect(bsmImpliedVol(1, true, Number.NaN, k, t, r, q)).toBe('no_spot');
    expect(bsmImpliedVol(-1, true, s, k, t, r, q)).toBe('invalid_input');
  });
});
