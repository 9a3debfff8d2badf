import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { FLAG_BIT } from '../events/conditions.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import type { FeedEvent } from '../events/event-types.ts';
import { createNodeConnector } from '../node/index.ts';
import { bsmGreeks, bsmPrice, emptyGreeks } from '../pricing/bsm.ts';
import { ns, quote, trade } from '../testing/events.ts';
import { nyTimeToEpochMs } from '../time/ny-time.ts';
import type { IsoDate } from '../time/units.ts';
import type { EnrichParams } from './params.ts';
import { queryRows } from '../testing/query.ts';

const C = 'SPY261218C00700000';
const P = 'SPY261218P00650000';

async function load(events: FeedEvent[], params?: Partial<EnrichParams>): Promise<Engine> {
  const engine = createEngine({ connector: await createNodeConnector(), params });
  const report = engine.ingest(encodeEvents(events));
  expect(report.errors).toEqual([]);
  return engine;
}

const spot = (ts: string, symbol: string, px: number): FeedEvent => ({
  type: 'equity_trade',
  ts: ns(ts),
  symbol,
  price: px,
  size: 100,
  exchange: 'XNAS',
  conditions: 0,
});

const oi = (date: string, contract: string, n: number, multiplier?: number): FeedEvent => ({
  type: 'open_interest',
  ts: ns(`${date}T12:00:00Z`),
  date: date as IsoDate,
  contract,
  oi: n,
  multiplier,
});

describe('side, aggressor and sentiment', () => {
  it('labels each position against the NBBO, and stale, crossed or locked quotes', async () => {
    const e = await load(
      [
        quote('2026-11-20T15:00:00Z', C, 2.0, 2.2),
        trade('2026-11-20T15:00:01Z', C, 2.3, 1, 'above'),
        trade('2026-11-20T15:00:01Z', C, 2.2, 1, 'at_ask'),
        trade('2026-11-20T15:00:01Z', C, 2.15, 1, 'to_ask'),
        trade('2026-11-20T15:00:01Z', C, 2.1, 1, 'mid'),
        trade('2026-11-20T15:00:01Z', C, 2.05, 1, 'to_bid'),
        trade('2026-11-20T15:00:01Z', C, 2.0, 1, 'at_bid'),
        trade('2026-11-20T15:00:01Z', C, 1.9, 1, 'below'),
        quote('2026-11-20T15:00:00Z', P, 1.0, 1.2),
        trade('2026-11-20T15:00:02Z', P, 1.2, 1, 'put_ask'),
        trade('2026-11-20T15:00:31Z', P, 1.25, 1, 'stale'),
        quote('2026-11-20T15:01:00Z', P, 1.2, 1.1),
        trade('2026-11-20T15:01:01Z', P, 1.15, 1, 'crossed'),
        quote('2026-11-20T15:02:00Z', P, 1.1, 1.1),
        trade('2026-11-20T15:02:01Z', P, 1.1, 1, 'locked'),
      ],
      { staleQuoteMs: 10_000 },
    );
    const got = queryRows(
      e,
      'SELECT id, side, aggressor, side_method, sentiment FROM option_trades ORDER BY rid',
    );
    expect(got.map((r) => [r.id, r.side, r.aggressor, r.side_method, r.sentiment])).toEqual([
      ['above', 'above_ask', 'buy', 'quote', 'bullish'],
      ['at_ask', 'at_ask', 'buy', 'quote', 'bullish'],
      ['to_ask', 'to_ask', 'buy', 'quote', 'bullish'],
      ['mid', 'mid', 'sell', 'tick', 'neutral'],
      ['to_bid', 'to_bid', 'sell', 'quote', 'bearish'],
      ['at_bid', 'at_bid', 'sell', 'quote', 'bearish'],
      ['below', 'below_bid', 'sell', 'quote', 'bearish'],
      ['put_ask', 'at_ask', 'buy', 'quote', 'bearish'],
      // No usable quote: the tick test decides the aggressor, sentiment stays neutral.
      ['stale', 'stale_quote', 'buy', 'tick', 'neutral'],
      ['crossed', 'stale_quote', 'sell', 'tick', 'neutral'],
      ['locked', 'stale_quote', 'sell', 'tick', 'neutral'],
    ]);
  });

  it('falls back to the tick test without quotes (upticks, zero-ticks, downticks)', async () => {
    const e = await load([
      trade('2026-11-20T15:00:01Z', C, 1.0, 1, 't1'),
      trade('2026-11-20T15:00:02Z', C, 1.05, 1, 't2'),
      trade('2026-11-20T15:00:03Z', C, 1.05, 1, 't3'),
      trade('2026-11-20T15:00:04Z', C, 1.0, 1, 't4'),
      trade('2026-11-20T15:00:05Z', C, 1.0, 1, 't5'),
    ]);
    const got = queryRows(
      e,
      'SELECT side, aggressor, side_method, sentiment FROM option_trades ORDER BY rid',
    );
    expect(got.map((r) => r.side)).toEqual(Array(5).fill('no_quote'));
    expect(got.map((r) => r.aggressor)).toEqual([null, 'buy', 'buy', 'sell', 'sell']);
    expect(got.map((r) => r.side_method)).toEqual([null, 'tick', 'tick', 'tick', 'tick']);
    expect(new Set(got.map((r) => r.sentiment))).toEqual(new Set(['neutral']));
  });

  it('prices a late print against the quote prevailing at its own time, and marks multi-leg prints', async () => {
    const e = await load([
      quote('2026-11-20T15:00:00Z', C, 2.0, 2.2),
      quote('2026-11-20T15:00:10Z', C, 2.5, 2.7),
      trade('2026-11-20T15:00:11Z', C, 2.5, 1, 'now'),
      trade('2026-11-20T15:00:05Z', C, 2.2, 1, 'late', FLAG_BIT.LATE),
      trade('2026-11-20T14:00:00Z', C, 2.2, 1, 'too_late', FLAG_BIT.LATE),
      trade('2026-11-20T15:00:12Z', C, 2.7, 4, 'leg', FLAG_BIT.MULTI_LEG),
    ]);
    const got = queryRows(
      e,
      'SELECT id, side, bid, sentiment, multi_leg, late, tags FROM option_trades ORDER BY rid',
    );
    expect(got.map((r) => [r.id, r.side, r.bid, r.sentiment, r.multi_leg, r.late])).toEqual([
      ['now', 'at_bid', 2.5, 'bearish', false, false],
      ['late', 'at_ask', 2.0, 'neutral', false, true],
      ['too_late', 'no_quote', null, 'neutral', false, true],
      ['leg', 'at_ask', 2.5, 'bullish', true, false],
    ]);
    expect([...(got[3]!.tags as Iterable<string>)]).toEqual(['multi-leg']);
  });
});

describe('premium, context and opening', () => {
  it('uses the contract multiplier, DTE, OTM %, running volume and volume/OI', async () => {
    const adj = 'AMC1  261218C00005000';
    const e = await load([
      spot('2026-11-20T15:00:00Z', 'SPY', 680),
      spot('2026-11-20T15:00:00Z', 'AMC', 4),
      oi('2026-11-20', C, 100),
      oi('2026-11-20', 'O:AMC1261218C00005000', 40, 10),
      trade('2026-11-20T15:00:01Z', C, 3, 150, 'c1'),
      trade('2026-11-20T15:00:02Z', C, 3, 120, 'c2'),
      trade('2026-11-20T15:00:03Z', P, 2, 5, 'p1'),
      trade('2026-11-20T15:00:04Z', adj, 0.5, 10, 'adj'),
      trade('2026-11-20T15:00:05Z', 'AMC2  261218C00005000', 0.5, 10, 'adj2'),
      // 20:00 New York is the next day in UTC but the same trading day; the next day resets volume.
      trade('2026-11-21T01:00:00Z', C, 3, 1, 'evening'),
      trade('2026-11-23T15:00:00Z', C, 3, 2, 'monday'),
    ]);
    const got = queryRows(
      e,
      `SELECT id, premium, multiplier, nonstandard, dte, otm_pct, volume, oi, vol_oi, opening_size_oi,
              opening_size_oi_volume, trade_date::VARCHAR d FROM option_trades ORDER BY rid`,
    );
    const by = Object.fromEntries(got.map((r) => [r.id, r]));
    expect(by.c1).toMatchObject({
      premium: 45000,
      multiplier: 100,
      nonstandard: false,
      dte: 28,
      volume: 150,
    });
    expect(by.c1!.otm_pct).toBeCloseTo(((700 - 680) / 680) * 100, 12);
    expect(by.p1!.otm_pct).toBeCloseTo(((680 - 650) / 680) * 100, 12);
    // Size above OI, but not above OI plus the day's earlier volume.
    expect(by.c2).toMatchObject({
      volume: 270,
      vol_oi: 2.7,
      opening_size_oi: true,
      opening_size_oi_volume: false,
    });
    expect(by.c1).toMatchObject({ opening_size_oi: true, opening_size_oi_volume: true });
    expect(by.p1).toMatchObject({ oi: null, vol_oi: null, opening_size_oi: null });
    expect(by.adj).toMatchObject({ premium: 50, multiplier: 10, nonstandard: true });
    expect(by.adj2).toMatchObject({ premium: 500, multiplier: 100, nonstandard: true });
    expect(by.evening).toMatchObject({ volume: 271, d: '2026-11-20', dte: 28 });
    expect(by.monday).toMatchObject({ volume: 2, d: '2026-11-23', dte: 25 });
  });

  it('infers opening from the next day’s open interest once it arrives', async () => {
    const e = await load([
      oi('2026-11-20', C, 100),
      oi('2026-11-20', P, 500),
      trade('2026-11-20T15:00:01Z', C, 3, 60, 'c'),
      trade('2026-11-20T15:00:02Z', P, 2, 50, 'p'),
    ]);
    const before = queryRows(e, 'SELECT oi_next, opening_oi_change FROM option_trades');
    expect(before.every((r) => r.oi_next === null && r.opening_oi_change === null)).toBe(true);
    e.ingest(encodeEvents([oi('2026-11-23', 'SPY   261218C00700000', 165), oi('2026-11-23', P, 480)]));
    const got = queryRows(
      e,
      'SELECT id, oi_next, oi_change, opening_oi_change FROM option_trades ORDER BY id',
    );
    expect(got).toEqual([
      { id: 'c', oi_next: 165, oi_change: 65, opening_oi_change: true },
      { id: 'p', oi_next: 480, oi_change: -20, opening_oi_change: false },
    ]);
  });
});

describe('implied volatility and Greeks', () => {
  const ts = '2026-11-20T15:00:00Z';
  const years = (nyTimeToEpochMs(20805, 16) - Date.parse(ts)) / (365 * 86_400_000);

  it('solves IV from the trade and the mid with the documented time to expiry, rate and dividend', async () => {
    const [s, k, r, q, vol] = [680, 700, 0.05, 0.02, 0.23];
    const price = bsmPrice(true, s, k, years, r, q, vol);
    const midVol = 0.25;
    const mid = bsmPrice(true, s, k, years, r, q, midVol);
    const e = await load(
      [
        spot(ts, 'SPY', s),
        quote(ts, C, mid - 0.05, mid + 0.05),
        trade('2026-11-20T15:00:00Z', C, price, 1, 'x'),
      ],
      { rate: r, dividendYields: { SPY: q } },
    );
    const [got] = queryRows(e, 'SELECT * FROM option_trades');
    expect(got!.years).toBeCloseTo(years, 15);
    expect(Math.abs((got!.iv as number) - vol)).toBeLessThan(1e-9);
    expect(Math.abs((got!.iv_mid as number) - midVol)).toBeLessThan(1e-9);
    const g = bsmGreeks(true, s, k, years, r, q, vol, emptyGreeks());
    expect(got).toMatchObject({ greeks_from: 'trade', iv_reason: null });
    for (const name of ['delta', 'gamma', 'theta', 'vega', 'rho', 'vanna', 'charm'] as const)
      expect(got![name]).toBeCloseTo(g[name], 12);
  });

  it('gives a null IV and a reason outside the bounds, and Greeks from the mid instead', async () => {
    const e = await load([
      spot(ts, 'SPY', 760),
      quote(ts, C, 62.5, 63.5),
      trade(ts, C, 50, 1, 'below'),
      trade('2026-12-19T15:00:00Z', C, 50, 1, 'expired'),
      trade(ts, P, 1, 1, 'nospot_put'),
      trade(ts, 'QQQ261218C00600000', 1, 1, 'nospot'),
    ]);
    const got = queryRows(e, 'SELECT id, iv, iv_reason, greeks_from, delta FROM option_trades ORDER BY rid');
    expect(got[0]).toMatchObject({ id: 'below', iv: null, iv_reason: 'below_intrinsic', greeks_from: 'mid' });
    expect(got[0]!.delta).toBeGreaterThan(0.9);
    expect(got[1]).toMatchObject({ iv: null, iv_reason: 'expired', delta: null });
    expect(got[3]).toMatchObject({ iv: null, iv_reason: 'no_spot', greeks_from: null, delta: null });
  });

  it('floors time to expiry in the last minute and can be switched off', async () => {
    const zero = 'SPY261120C00680000';
    const e = await load([spot(ts, 'SPY', 680), trade('2026-11-20T20:59:50Z', zero, 0.2, 1, 'z')], {
      minExpirySeconds: 60,
      greeks: false,
    });
    const [got] = queryRows(e, 'SELECT years, iv, iv_reason, delta FROM option_trades');
    expect(got).toMatchObject({ years: 60 / (365 * 86_400), iv: null, iv_reason: null, delta: null });
  });

  it('rejects bad parameters with a message naming them', async () => {
    const connector = await createNodeConnector();
    expect(() => createEngine({ connector, params: { rate: Number.NaN } })).toThrow(/rate must be/);
    expect(() => createEngine({ connector, params: { dividendYields: { SPY: 5 } } })).toThrow(/SPY/);
  });
});
