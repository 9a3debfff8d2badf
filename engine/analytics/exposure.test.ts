import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import type { FeedEvent } from '../events/event-types.ts';
import { createNodeConnector } from '../node/index.ts';
import { bsmPrice } from '../pricing/bsm.ts';
import { ns, trade } from '../testing/events.ts';
import { queryRows } from '../testing/query.ts';

// A hand-built chain: SPY at 100 with calls at 80 and 120 and heavy puts at 100 (28 DTE), so that total
// dealer gamma is positive far from spot and negative near it (two zero-gamma crossings); QQQ carries a
// 0DTE straddle. Every expectation is recomputed here from the textbook formulas, not from engine code.
const AS_OF = '2026-11-20T15:00:00Z';
const R = 0.05;
const Q = 0.01;
const YEAR_MS = 365 * 86_400_000;
const years = (closeIso: string) => (Date.parse(closeIso) - Date.parse(AS_OF)) / YEAR_MS;
const T28 = years('2026-12-18T21:00:00Z');
const T0 = years('2026-11-20T21:00:00Z');

interface Leg {
  contract: string;
  underlying: 'SPY' | 'QQQ';
  call: boolean;
  strike: number;
  oi: number;
  vol: number;
  t: number;
}
const LEGS: Leg[] = [
  { contract: 'SPY261218C00080000', underlying: 'SPY', call: true, strike: 80, oi: 1000, vol: 0.3, t: T28 },
  {
    contract: 'SPY261218P00100000',
    underlying: 'SPY',
    call: false,
    strike: 100,
    oi: 3000,
    vol: 0.25,
    t: T28,
  },
  { contract: 'SPY261218C00120000', underlying: 'SPY', call: true, strike: 120, oi: 1000, vol: 0.3, t: T28 },
  { contract: 'QQQ261120C00100000', underlying: 'QQQ', call: true, strike: 100, oi: 500, vol: 0.2, t: T0 },
  { contract: 'QQQ261120P00100000', underlying: 'QQQ', call: false, strike: 100, oi: 400, vol: 0.2, t: T0 },
];
const SPOT = 100;

const pdf = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
function d1(s: number, k: number, t: number, v: number) {
  return (Math.log(s / k) + (R - Q + (v * v) / 2) * t) / (v * Math.sqrt(t));
}
const gammaRef = (s: number, l: Leg) =>
  (Math.exp(-Q * l.t) * pdf(d1(s, l.strike, l.t, l.vol))) / (s * l.vol * Math.sqrt(l.t));
function cdf(x: number): number {
  // Abramowitz–Stegun 26.2.17 is too coarse for 1e-9; integrate the density instead (Simpson, 20k steps).
  const a = -12;
  const n = 20_000;
  const h = (x - a) / n;
  let sum = pdf(a) + pdf(x);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * pdf(a + i * h);
  return (sum * h) / 3;
}
const deltaRef = (s: number, l: Leg) =>
  l.call
    ? Math.exp(-Q * l.t) * cdf(d1(s, l.strike, l.t, l.vol))
    : -Math.exp(-Q * l.t) * cdf(-d1(s, l.strike, l.t, l.vol));
const sign = (l: Leg) => (l.call ? 1 : -1);
const gexRef = (s: number, l: Leg, contracts = sign(l) * l.oi) =>
  gammaRef(s, l) * contracts * 100 * s * s * 0.01;

function chainEvents(): FeedEvent[] {
  const t = ns(AS_OF);
  const ev: FeedEvent[] = [];
  for (const l of LEGS) {
    ev.push({
      type: 'open_interest',
      ts: ns('2026-11-20T13:00:00Z'),
      date: '2026-11-20' as never,
      contract: l.contract,
      oi: l.oi,
    });
    const mid = bsmPrice(l.call, SPOT, l.strike, l.t, R, Q, l.vol);
    ev.push({
      type: 'option_quote',
      ts: ns('2026-11-20T14:59:00Z'),
      contract: l.contract,
      bid: mid - 0.05,
      ask: mid + 0.05,
      bidSize: 10,
      askSize: 10,
    });
  }
  for (const sym of ['SPY', 'QQQ'])
    ev.push({
      type: 'equity_quote',
      ts: ns('2026-11-20T14:58:00Z'),
      symbol: sym,
      bid: SPOT - 0.01,
      ask: SPOT + 0.01,
      bidSize: 100,
      askSize: 100,
    });
  const ask = (l: Leg) => bsmPrice(l.call, SPOT, l.strike, l.t, R, Q, l.vol) + 0.05;
  const bid = (l: Leg) => bsmPrice(l.call, SPOT, l.strike, l.t, R, Q, l.vol) - 0.05;
  // Customers buy 20 of the 120 calls (at the ask) and sell 50 of the 100 puts (at the bid).
  ev.push(trade('2026-11-20T14:59:30Z', LEGS[2]!.contract, ask(LEGS[2]!), 20, 'buy-c120'));
  ev.push(trade('2026-11-20T14:59:40Z', LEGS[1]!.contract, bid(LEGS[1]!), 50, 'sell-p100'));
  ev.push({ type: 'status', ts: t, status: 'info', message: 'as of' });
  return ev;
}

describe('dealer exposures on a hand-built chain', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine({
      connector: await createNodeConnector(),
      params: {
        rate: R,
        dividendYields: { SPY: Q, QQQ: Q },
        analytics: { gammaGridPct: 30, gammaGridPoints: 601 },
      },
    });
    engine.ingest(encodeEvents(chainEvents()));
  });

  it('prices every contract from its NBBO mid', () => {
    const rows = queryRows(
      engine,
      'SELECT contract, iv, iv_source, years, spot, gamma, delta, oi FROM option_chain ORDER BY contract',
    );
    expect(rows).toHaveLength(LEGS.length);
    for (const l of LEGS) {
      const r = rows.find((x) => x.contract === l.contract)!;
      expect(r.iv_source).toBe('mid');
      expect(Math.abs((r.iv as number) - l.vol)).toBeLessThan(1e-9);
      expect(r.years as number).toBeCloseTo(l.t, 12);
      expect(r.spot).toBe(SPOT);
      expect(r.oi).toBe(l.oi);
      expect((r.gamma as number) / gammaRef(SPOT, l)).toBeCloseTo(1, 7);
      expect((r.delta as number) - deltaRef(SPOT, l)).toBeCloseTo(0, 7);
    }
  });

  it('gives GEX and DEX by strike with calls positive and puts negative', () => {
    const rows = queryRows(
      engine,
      "SELECT * FROM exposure_by_strike WHERE bucket = 'all' ORDER BY underlying, strike",
    );
    for (const l of LEGS.filter((x) => x.underlying === 'SPY')) {
      const r = rows.find((x) => x.underlying === 'SPY' && x.strike === l.strike)!;
      expect((r.gex_oi as number) / gexRef(SPOT, l)).toBeCloseTo(1, 6);
      expect(Math.sign(r.gex_oi as number)).toBe(sign(l));
      expect((r.dex_oi as number) / (sign(l) * deltaRef(SPOT, l) * l.oi * 100 * SPOT)).toBeCloseTo(1, 6);
      expect(r[l.call ? 'call_oi' : 'put_oi']).toBe(BigInt(l.oi));
    }
    const qqq = rows.filter((x) => x.underlying === 'QQQ');
    expect(qqq).toHaveLength(1);
    expect((qqq[0]!.gex_oi as number) / (gexRef(SPOT, LEGS[3]!) + gexRef(SPOT, LEGS[4]!))).toBeCloseTo(1, 6);
  });

  it('adjusts dealer positions by the day’s customer flow', () => {
    const rows = queryRows(
      engine,
      "SELECT contract, customer_net, dealer_oi, dealer_vol, gex_vol FROM exposure_by_contract WHERE underlying = 'SPY'",
    );
    const c120 = rows.find((r) => r.contract === LEGS[2]!.contract)!;
    const p100 = rows.find((r) => r.contract === LEGS[1]!.contract)!;
    expect([c120.customer_net, c120.dealer_oi, c120.dealer_vol]).toEqual([20n, 1000, 980]);
    expect([p100.customer_net, p100.dealer_oi, p100.dealer_vol]).toEqual([-50n, -3000, -2950]);
    expect((c120.gex_vol as number) / gexRef(SPOT, LEGS[2]!, 980)).toBeCloseTo(1, 6);
    expect((p100.gex_vol as number) / gexRef(SPOT, LEGS[1]!, -2950)).toBeCloseTo(1, 6);
  });

  it('finds both zero-gamma crossings by re-pricing over the spot grid', () => {
    const spy = LEGS.filter((l) => l.underlying === 'SPY');
    const total = (s: number) => spy.reduce((a, l) => a + gexRef(s, l), 0);
    const root = (lo: number, hi: number) => {
      for (let i = 0; i < 200; i++) {
        const m = (lo + hi) / 2;
        if (Math.sign(total(m)) === Math.sign(total(lo))) lo = m;
        else hi = m;
      }
      return (lo + hi) / 2;
    };
    expect(total(SPOT)).toBeLessThan(0);
    const expected = [root(75, SPOT), root(SPOT, 125)];
    const flips = queryRows(
      engine,
      "SELECT zero_gamma, direction FROM gamma_flips WHERE underlying = 'SPY' AND bucket = 'all' AND basis = 'oi' ORDER BY zero_gamma",
    );
    expect(flips.map((f) => f.direction)).toEqual(['positive_to_negative', 'negative_to_positive']);
    flips.forEach((f, i) => expect(Math.abs((f.zero_gamma as number) - expected[i]!)).toBeLessThan(0.02));
    const level = queryRows(
      engine,
      "SELECT zero_gamma_oi, zero_gamma_oi_all FROM gamma_levels WHERE underlying = 'SPY' AND bucket = 'all'",
    )[0]!;
    expect([...(level.zero_gamma_oi_all as Iterable<number>)]).toHaveLength(2);
    const nearest = expected.reduce((a, b) => (Math.abs(a - SPOT) < Math.abs(b - SPOT) ? a : b));
    expect(Math.abs((level.zero_gamma_oi as number) - nearest)).toBeLessThan(0.02);
    // The profile at spot equals the total exposure by strike.
    const mid = queryRows(
      engine,
      "SELECT gex FROM gamma_profile WHERE underlying = 'SPY' AND bucket = 'all' AND basis = 'oi' AND point = 300",
    )[0]!;
    expect((mid.gex as number) / total(SPOT)).toBeCloseTo(1, 6);
  });

  it('reports walls, the absolute-gamma strike and max pain per DTE bucket', () => {
    const spy = LEGS.filter((l) => l.underlying === 'SPY');
    const calls = spy.filter((l) => l.call);
    const callWall = calls.reduce((a, b) =>
      Math.abs(gexRef(SPOT, a)) >= Math.abs(gexRef(SPOT, b)) ? a : b,
    ).strike;
    const strikes = [...new Set(spy.map((l) => l.strike))];
    const payout = (p: number) =>
      spy.reduce((a, l) => a + l.oi * 100 * Math.max(0, l.call ? p - l.strike : l.strike - p), 0);
    const pain = strikes.reduce((a, b) => (payout(a) <= payout(b) ? a : b));
    const lv = queryRows(engine, "SELECT * FROM gamma_levels WHERE underlying = 'SPY' ORDER BY bucket");
    expect(lv.map((r) => r.bucket)).toEqual(['30d', 'all']);
    for (const r of lv) {
      expect(r.call_wall).toBe(callWall);
      expect(r.put_wall).toBe(100);
      expect(r.abs_gamma_strike).toBe(100);
      expect(r.max_pain).toBe(pain);
    }
    const byExpiry = queryRows(
      engine,
      "SELECT max_pain, payout_usd FROM max_pain WHERE underlying = 'SPY' AND scope_kind = 'expiry' AND scope = '2026-12-18'",
    )[0]!;
    expect(byExpiry).toEqual({ max_pain: pain, payout_usd: payout(pain) });
    const zero = queryRows(engine, 'SELECT DISTINCT underlying FROM zero_dte_gex');
    expect(zero).toEqual([{ underlying: 'QQQ' }]);
  });

  it('recomputes the zero-gamma grid for a DTE bucket the user adds', () => {
    expect(queryRows(engine, "SELECT count(*) AS n FROM gamma_profile WHERE bucket = '60d'")[0]!.n).toBe(0n);
    engine.query("INSERT INTO dte_buckets VALUES ('60d', 60)");
    const rows = queryRows(
      engine,
      "SELECT bucket, count(*) AS n, round(sum(abs(gex))) AS g FROM gamma_profile WHERE underlying = 'SPY' GROUP BY 1 ORDER BY 1",
    );
    expect(rows.map((r) => [r.bucket, r.n])).toEqual(
      ['0dte', '30d', '60d', '7d', 'all'].map((b) => [b, 1202n]),
    );
    // SPY's only expiry is 28 days out: the 60-day bucket holds what the 30-day one does.
    const g = Object.fromEntries(rows.map((r) => [r.bucket, r.g]));
    expect(g['60d']).toBe(g['30d']);
    expect(g['60d']).toBeGreaterThan(0);
    engine.query("DELETE FROM dte_buckets WHERE bucket = '60d'");
    expect(queryRows(engine, "SELECT count(*) AS n FROM gamma_profile WHERE bucket = '60d'")[0]!.n).toBe(0n);
  });

  it('follows the sign convention parameter', () => {
    engine.setParams({ analytics: { gexCallSign: -1, gexPutSign: -1 } });
    const r = queryRows(
      engine,
      "SELECT strike, call_gex_oi, put_gex_oi FROM exposure_by_strike WHERE underlying = 'SPY' AND bucket = 'all' ORDER BY strike",
    );
    expect((r[0]!.call_gex_oi as number) / -gexRef(SPOT, LEGS[0]!, LEGS[0]!.oi)).toBeCloseTo(1, 6);
    expect((r[1]!.put_gex_oi as number) / gexRef(SPOT, LEGS[1]!)).toBeCloseTo(1, 6);
    engine.setParams({ analytics: { gexCallSign: 1, gexPutSign: -1 } });
    expect(() => engine.setParams({ analytics: { gexCallSign: 2 } })).toThrow(
      /gexCallSign must be a number between -1 and 1/,
    );
  });

  it('recomputes when queried after new data, at most once per exposureRefreshMs of event time', () => {
    const asOf = () =>
      queryRows(engine, 'SELECT max(epoch_ms(as_of)) AS t, any_value(spot) AS s FROM option_chain')[0]!;
    const before = asOf();
    const move = (iso: string, px: number) =>
      engine.ingest(
        encodeEvents([
          {
            type: 'equity_quote',
            ts: ns(iso),
            symbol: 'SPY',
            bid: px - 0.01,
            ask: px + 0.01,
            bidSize: 1,
            askSize: 1,
          },
        ]),
      );
    const wait = engine.params().analytics.exposureRefreshMs;
    const later = (ms: number) => new Date(Date.parse(AS_OF) + ms).toISOString();
    move(later(wait / 2), 101);
    expect(asOf()).toEqual(before);
    move(later(wait), 102);
    const after = queryRows(
      engine,
      "SELECT epoch_ms(as_of) AS t, spot FROM option_chain WHERE underlying = 'SPY' LIMIT 1",
    )[0]!;
    expect(after).toEqual({ t: BigInt(Date.parse(later(wait))), spot: 102 });
    expect(engine.refreshAnalytics().contracts).toBe(LEGS.length);
  });
});
