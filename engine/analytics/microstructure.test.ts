import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import type { FeedEvent } from '../events/event-types.ts';
import { createNodeConnector } from '../node/index.ts';
import { ns } from '../testing/events.ts';
import { queryRows } from '../testing/query.ts';
import { barsPerYear } from './indicators.ts';

const at = (iso: string) => BigInt(Date.parse(iso));
const print = (iso: string, price: number, size: number, id: string): FeedEvent => ({
  type: 'equity_trade',
  ts: ns(iso),
  symbol: 'AAPL',
  price,
  size,
  exchange: 'XNAS',
  conditions: 0,
  id,
});
const book = (iso: string, bid: number, ask: number, bidSize: number, askSize: number): FeedEvent => ({
  type: 'equity_quote',
  ts: ns(iso),
  symbol: 'AAPL',
  bid,
  ask,
  bidSize,
  askSize,
});
const level = (iso: string, x: number): FeedEvent => ({
  type: 'equity_quote',
  ts: ns(iso),
  symbol: 'SPX',
  bid: x,
  ask: x,
  bidSize: 0,
  askSize: 0,
});

describe('microstructure on a hand-built tape', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine({
      connector: await createNodeConnector(),
      params: { analytics: { vpinBucketShares: 400, vpinWindow: 2, vpinMinBuckets: 2 } },
    });
    engine.ingest(
      encodeEvents([
        book('2026-11-20T14:30:05Z', 99.99, 100.01, 300, 100),
        print('2026-11-20T14:30:10Z', 100, 300, 't1'),
        book('2026-11-20T14:30:15Z', 99.98, 100.02, 100, 100),
        print('2026-11-20T14:30:20Z', 101, 500, 't2'),
        level('2026-11-20T14:30:30Z', 6800),
        print('2026-11-20T14:30:40Z', 99.5, 200, 't3'),
        level('2026-11-20T14:30:50Z', 6810),
        print('2026-11-20T14:31:10Z', 102, 1000, 't4'),
      ]),
    );
  });

  it('builds OHLCV bars from prints and index levels', () => {
    const got = queryRows(
      engine,
      'SELECT symbol, interval_minutes AS i, epoch_ms(bucket) AS t, open, high, low, close, volume, vwap, trades FROM bars ORDER BY symbol, i, t',
    );
    expect(got).toEqual([
      {
        symbol: 'AAPL',
        i: 1,
        t: at('2026-11-20T14:30:00Z'),
        open: 100,
        high: 101,
        low: 99.5,
        close: 99.5,
        volume: 1000n,
        vwap: (30000 + 50500 + 19900) / 1000,
        trades: 3n,
      },
      {
        symbol: 'AAPL',
        i: 1,
        t: at('2026-11-20T14:31:00Z'),
        open: 102,
        high: 102,
        low: 102,
        close: 102,
        volume: 1000n,
        vwap: 102,
        trades: 1n,
      },
      {
        symbol: 'AAPL',
        i: 5,
        t: at('2026-11-20T14:30:00Z'),
        open: 100,
        high: 102,
        low: 99.5,
        close: 102,
        volume: 2000n,
        vwap: (30000 + 50500 + 19900 + 102000) / 2000,
        trades: 4n,
      },
      {
        symbol: 'AAPL',
        i: 15,
        t: at('2026-11-20T14:30:00Z'),
        open: 100,
        high: 102,
        low: 99.5,
        close: 102,
        volume: 2000n,
        vwap: (30000 + 50500 + 19900 + 102000) / 2000,
        trades: 4n,
      },
      {
        symbol: 'SPX',
        i: 1,
        t: at('2026-11-20T14:30:00Z'),
        open: 6800,
        high: 6810,
        low: 6800,
        close: 6810,
        volume: 0n,
        vwap: null,
        trades: 0n,
      },
      {
        symbol: 'SPX',
        i: 5,
        t: at('2026-11-20T14:30:00Z'),
        open: 6800,
        high: 6810,
        low: 6800,
        close: 6810,
        volume: 0n,
        vwap: null,
        trades: 0n,
      },
      {
        symbol: 'SPX',
        i: 15,
        t: at('2026-11-20T14:30:00Z'),
        open: 6800,
        high: 6810,
        low: 6800,
        close: 6810,
        volume: 0n,
        vwap: null,
        trades: 0n,
      },
    ]);
  });

  it('cuts prints exactly into VPIN volume buckets signed by the tick rule', () => {
    const filled = queryRows(
      engine,
      "SELECT epoch_ms(filled_ts) AS t FROM vpin WHERE symbol = 'AAPL' ORDER BY bucket",
    );
    // Buckets end at 400 (inside t2), 800 (t2's last share), 1200, 1600 and 2000 shares (inside t4).
    expect(filled.map((r) => r.t)).toEqual(
      ['14:30:20', '14:30:20', '14:31:10', '14:31:10', '14:31:10'].map((t) => at(`2026-11-20T${t}Z`)),
    );
    const got = queryRows(
      engine,
      "SELECT bucket, buy_shares, sell_shares, imbalance, vpin, buckets, confident FROM vpin WHERE symbol = 'AAPL' ORDER BY bucket",
    );
    // t1 has no earlier print (split evenly), t2 and t4 are upticks, t3 a downtick.
    expect(got).toEqual([
      {
        bucket: 0n,
        buy_shares: 250,
        sell_shares: 150,
        imbalance: 0.25,
        vpin: 0.25,
        buckets: 1n,
        confident: false,
      },
      {
        bucket: 1n,
        buy_shares: 400,
        sell_shares: 0,
        imbalance: 1,
        vpin: 0.625,
        buckets: 2n,
        confident: true,
      },
      {
        bucket: 2n,
        buy_shares: 200,
        sell_shares: 200,
        imbalance: 0,
        vpin: 0.5,
        buckets: 2n,
        confident: true,
      },
      { bucket: 3n, buy_shares: 400, sell_shares: 0, imbalance: 1, vpin: 0.5, buckets: 2n, confident: true },
      { bucket: 4n, buy_shares: 400, sell_shares: 0, imbalance: 1, vpin: 1, buckets: 2n, confident: true },
    ]);
  });

  it('measures book imbalance, spread, depth and the liquidity score per bar', () => {
    const q = queryRows(
      engine,
      "SELECT quotes, imbalance, spread_bps, depth_usd, liquidity_score, liquidity_confidence FROM quote_bars WHERE symbol = 'AAPL' AND interval_minutes = 1",
    )[0]!;
    const spread = ((0.02 / 100 + 0.04 / 100) / 2) * 1e4;
    const depth = (99.99 * 300 + 100.01 * 100 + 99.98 * 100 + 100.02 * 100) / 2;
    expect(q.quotes).toBe(2n);
    expect(q.imbalance).toBeCloseTo(0.25, 12);
    expect(q.spread_bps).toBeCloseTo(spread, 9);
    expect(q.depth_usd).toBeCloseTo(depth, 9);
    expect(q.liquidity_score).toBeCloseTo(Math.exp(-spread / 5) * (1 - Math.exp(-depth / 1e6)), 12);
    expect(q.liquidity_confidence).toBeCloseTo(2 / 5, 12);
    expect(queryRows(engine, "SELECT count(*) AS n FROM quote_bars WHERE symbol = 'SPX'")[0]!.n).toBe(0n);
  });

  it('computes indicators over the bars, with the liquidity of each bar', () => {
    const got = queryRows(
      engine,
      "SELECT close, ewma_vol, liquidity_score, rsi FROM bar_indicators WHERE symbol = 'AAPL' AND interval_minutes = 1 ORDER BY bucket",
    );
    expect(got.map((r) => r.close)).toEqual([99.5, 102]);
    expect(got[1]!.ewma_vol).toBeCloseTo(Math.abs(Math.log(102 / 99.5)) * Math.sqrt(barsPerYear(1)), 12);
    expect(got[0]!.liquidity_score).toBeGreaterThan(0);
    expect(got[1]!.liquidity_score).toBeNull();
    expect(got[1]!.rsi).toBeNull();
  });
});
