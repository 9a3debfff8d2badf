import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import type { FeedEvent } from '../events/event-types.ts';
import { createNodeConnector } from '../node/index.ts';
import { ns, quote, trade } from '../testing/events.ts';
import { queryRows } from '../testing/query.ts';

const SC = 'SPY261218C00100000';
const SP = 'SPY261218P00095000';
const QC = 'QQQ261218C00200000';
const S0 = 'SPY261120C00100000';
const tsMs = (iso: string) => BigInt(Date.parse(iso));

// A hand-built tape: ask-, bid- and mid-side prints over two minutes and two tickers, one 0DTE print, a
// cancelled print, and an SPY equity print just before the first minute ends.
function tape(): FeedEvent[] {
  const eq = (iso: string, symbol: string, px: number): FeedEvent => ({
    type: 'equity_quote',
    ts: ns(iso),
    symbol,
    bid: px - 0.01,
    ask: px + 0.01,
    bidSize: 100,
    askSize: 100,
  });
  return [
    eq('2026-11-20T14:29:00Z', 'SPY', 100),
    eq('2026-11-20T14:29:00Z', 'QQQ', 200),
    ...[SC, SP, QC, S0].map((c) => quote('2026-11-20T14:29:59Z', c, 1.0, 1.25)),
    trade('2026-11-20T14:30:10Z', SC, 1.25, 10, 'a'),
    trade('2026-11-20T14:30:20Z', SC, 1.0, 5, 'b'),
    trade('2026-11-20T14:30:30Z', SC, 1.125, 7, 'c'),
    trade('2026-11-20T14:30:40Z', SP, 1.25, 3, 'd'),
    {
      type: 'equity_trade',
      ts: ns('2026-11-20T14:30:59Z'),
      symbol: 'SPY',
      price: 101,
      size: 100,
      exchange: 'XNYS',
      conditions: 0,
      id: 'e1',
    },
    ...[SC, SP, QC, S0].map((c) => quote('2026-11-20T14:31:00Z', c, 1.0, 1.25)),
    trade('2026-11-20T14:31:05Z', SP, 1.0, 4, 'e'),
    trade('2026-11-20T14:31:10Z', QC, 1.5, 2, 'f'),
    eq('2026-11-20T14:31:15Z', 'SPY', 102),
    trade('2026-11-20T14:31:20Z', S0, 1.1875, 10, 'g'),
    quote('2026-11-20T14:35:59Z', SC, 1.0, 1.25),
    trade('2026-11-20T14:36:00Z', SC, 1.25, 1, 'x'),
    { type: 'trade_cancel', ts: ns('2026-11-20T14:36:05Z'), id: 'x' },
  ];
}

describe('flow aggregates on a hand-built tape', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine({ connector: await createNodeConnector() });
    engine.ingest(encodeEvents(tape()));
  });

  it('nets ask-side against bid-side premium per ticker and minute, mid and cancelled excluded', () => {
    const rows = queryRows(
      engine,
      `SELECT underlying, epoch_ms(bucket) AS t, call_ask_premium, call_bid_premium, put_ask_premium, put_bid_premium,
         net_call_premium, net_put_premium, net_premium, cum_net_call_premium, cum_net_put_premium, prints, spot
       FROM net_premium_ticks ORDER BY underlying, bucket`,
    );
    expect(rows).toEqual([
      {
        underlying: 'QQQ',
        t: tsMs('2026-11-20T14:31:00Z'),
        call_ask_premium: 300,
        call_bid_premium: 0,
        put_ask_premium: 0,
        put_bid_premium: 0,
        net_call_premium: 300,
        net_put_premium: 0,
        net_premium: 300,
        cum_net_call_premium: 300,
        cum_net_put_premium: 0,
        prints: 1n,
        spot: 200,
      },
      {
        underlying: 'SPY',
        t: tsMs('2026-11-20T14:30:00Z'),
        call_ask_premium: 1250,
        call_bid_premium: 500,
        put_ask_premium: 375,
        put_bid_premium: 0,
        net_call_premium: 750,
        net_put_premium: 375,
        net_premium: 375,
        cum_net_call_premium: 750,
        cum_net_put_premium: 375,
        prints: 4n,
        spot: 100,
      },
      {
        underlying: 'SPY',
        t: tsMs('2026-11-20T14:31:00Z'),
        call_ask_premium: 1187.5,
        call_bid_premium: 0,
        put_ask_premium: 0,
        put_bid_premium: 400,
        net_call_premium: 1187.5,
        net_put_premium: -400,
        net_premium: 1587.5,
        cum_net_call_premium: 1937.5,
        cum_net_put_premium: -25,
        prints: 2n,
        spot: 102,
      },
    ]);
  });

  it('sums net delta as ask-side minus bid-side delta × size × multiplier', () => {
    const prints = queryRows(
      engine,
      "SELECT side, delta, size FROM option_trades WHERE underlying = 'SPY' AND NOT cancelled",
    );
    const dir = (s: unknown) =>
      ['at_ask', 'above_ask', 'to_ask'].includes(s as string)
        ? 1
        : ['at_bid', 'below_bid', 'to_bid'].includes(s as string)
          ? -1
          : 0;
    const expected = prints.reduce(
      (a, p) => a + dir(p.side) * (p.delta as number) * (p.size as number) * 100,
      0,
    );
    const got = queryRows(engine, "SELECT net_delta FROM net_flow WHERE underlying = 'SPY'")[0]!;
    expect(got.net_delta as number).toBeCloseTo(expected, 9);
    expect(Math.abs(expected)).toBeGreaterThan(0);
  });

  it('rolls the ticks up into the market tide per 1- and 5-minute bucket, with the benchmark price', () => {
    const rows = queryRows(
      engine,
      `SELECT interval_minutes AS i, epoch_ms(bucket) AS t, net_call_premium, net_put_premium, cum_net_call_premium,
         cum_net_put_premium, price_symbol, price
       FROM market_tide WHERE scope = 'market' ORDER BY interval_minutes, bucket`,
    );
    expect(rows).toEqual([
      {
        i: 1,
        t: tsMs('2026-11-20T14:30:00Z'),
        net_call_premium: 750,
        net_put_premium: 375,
        cum_net_call_premium: 750,
        cum_net_put_premium: 375,
        price_symbol: 'SPY',
        price: 101,
      },
      {
        i: 1,
        t: tsMs('2026-11-20T14:31:00Z'),
        net_call_premium: 1487.5,
        net_put_premium: -400,
        cum_net_call_premium: 2237.5,
        cum_net_put_premium: -25,
        price_symbol: 'SPY',
        price: 102,
      },
      {
        i: 5,
        t: tsMs('2026-11-20T14:30:00Z'),
        net_call_premium: 2237.5,
        net_put_premium: -25,
        cum_net_call_premium: 2237.5,
        cum_net_put_premium: -25,
        price_symbol: 'SPY',
        price: 102,
      },
    ]);
    const groups = queryRows(
      engine,
      "SELECT scope, sum(net_call_premium) AS c FROM market_tide WHERE interval_minutes = 1 AND scope_kind = 'group' GROUP BY 1 ORDER BY 1",
    );
    expect(groups).toEqual([{ scope: 'index', c: 2237.5 }]);
    engine.query("INSERT INTO ticker_groups VALUES ('just_qqq', 'QQQ')");
    const custom = queryRows(
      engine,
      "SELECT net_call_premium, price_symbol FROM market_tide WHERE scope = 'just_qqq' AND interval_minutes = 5",
    );
    expect(custom).toEqual([{ net_call_premium: 300, price_symbol: null }]);
    engine.query("DELETE FROM ticker_groups WHERE group_name = 'just_qqq'");
  });

  it('restricts the 0DTE pulse to contracts expiring that day', () => {
    expect(
      queryRows(engine, 'SELECT underlying, net_call_premium, net_put_premium FROM zero_dte_pulse'),
    ).toEqual([{ underlying: 'SPY', net_call_premium: 1187.5, net_put_premium: 0 }]);
  });

  it('gives net flow per ticker and day', () => {
    const r = queryRows(engine, "SELECT * FROM net_flow WHERE underlying = 'SPY'")[0]!;
    expect(r).toMatchObject({
      call_ask_premium: 2437.5,
      call_bid_premium: 500,
      put_ask_premium: 375,
      put_bid_premium: 400,
      net_premium: 1962.5,
      call_volume: 32n,
      put_volume: 7n,
      prints: 6n,
    });
    expect(r.put_call_ratio).toBeCloseTo(7 / 32, 12);
  });

  it('gives interval flow per contract in 5-, 10- and 30-minute windows', () => {
    const r = queryRows(
      engine,
      `SELECT window_minutes, prints, volume, ask_premium, bid_premium, net_premium, vwap FROM interval_flow
       WHERE contract = '${SC}' ORDER BY window_minutes`,
    );
    const vwap = (1.25 * 10 + 1.0 * 5 + 1.125 * 7) / 22;
    expect(r.map((x) => x.window_minutes)).toEqual([5, 10, 30]);
    for (const x of r) {
      expect(x).toMatchObject({
        prints: 3n,
        volume: 22n,
        ask_premium: 1250,
        bid_premium: 500,
        net_premium: 750,
      });
      expect(x.vwap).toBeCloseTo(vwap, 12);
    }
  });

  it('reports staleness, gaps and coverage per stream and marks the tide partial', () => {
    const q = queryRows(
      engine,
      `SELECT symbol, events, gaps, round(max_gap_s, 3) AS max_gap, round(staleness_s, 3) AS stale_s, coverage, stale, partial
       FROM data_quality WHERE stream = 'option_trade' ORDER BY symbol`,
    );
    // The session runs 14:30 (first print) to 14:36:05 (the cancel): 7 minutes.
    expect(q).toEqual([
      {
        symbol: 'QQQ',
        events: 1n,
        gaps: 0n,
        max_gap: 0,
        stale_s: 295,
        coverage: 1 / 7,
        stale: true,
        partial: true,
      },
      {
        symbol: 'SPY',
        events: 7n,
        gaps: 1n,
        max_gap: 280,
        stale_s: 5,
        coverage: 3 / 7,
        stale: false,
        partial: true,
      },
    ]);
    engine.setParams({ analytics: { qualityGapSeconds: 300 } });
    expect(
      queryRows(engine, "SELECT gaps FROM data_quality WHERE stream = 'option_trade' AND symbol = 'SPY'"),
    ).toEqual([{ gaps: 0n }]);
    engine.setParams({
      analytics: { qualityGapSeconds: 60, qualityMinCoverage: 0, qualityStaleSeconds: 600 },
    });
    expect(queryRows(engine, "SELECT DISTINCT partial FROM market_tide WHERE scope = 'market'")).toEqual([
      { partial: false },
    ]);
    engine.setParams({ analytics: { qualityMinCoverage: 0.9, qualityStaleSeconds: 30 } });
    expect(queryRows(engine, "SELECT DISTINCT partial FROM market_tide WHERE scope = 'market'")).toEqual([
      { partial: true },
    ]);
  });
});
