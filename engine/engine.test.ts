import { Field, Int32, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArrowInputError, createEngine, type Engine } from './engine.ts';
import { FLAG_BIT } from './events/conditions.ts';
import { batchesToIpc, EventEncoder, encodeEvents } from './events/event-encoder.ts';
import { SchemaError } from './events/event-view.ts';
import { createNodeConnector } from './node/index.ts';
import { SimMarket } from './sim/market.ts';
import { ns, quote, trade } from './testing/events.ts';
import { queryRows } from './testing/query.ts';

const C = 'SPY261120C00680000';
const P = 'SPY261120P00670000';

describe('engine ingest and enrichment (DuckDB-WASM)', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine({ connector: await createNodeConnector() });
    engine.ingest(
      encodeEvents([
        {
          type: 'open_interest',
          ts: ns('2026-11-20T13:00:00Z'),
          date: '2026-11-20' as never,
          contract: C,
          oi: 50,
        },
        {
          type: 'equity_quote',
          ts: ns('2026-11-20T14:30:00Z'),
          symbol: 'SPY',
          bid: 679.99,
          ask: 680.01,
          bidSize: 100,
          askSize: 100,
        },
        quote('2026-11-20T14:30:00.000001Z', C, 2.0, 2.1),
        quote('2026-11-20T14:30:00.000001Z', P, 1.0, 1.2),
        trade('2026-11-20T14:30:01Z', C, 2.1, 10, 'a'),
        trade('2026-11-20T14:30:02Z', C, 2.0, 20, 'b'),
        trade('2026-11-20T14:30:03Z', C, 2.05, 5, 'c'),
        trade('2026-11-20T14:30:04Z', C, 2.2, 40, 'd', FLAG_BIT.ISO),
        trade('2026-11-20T14:30:05Z', P, 1.15, 3, 'e'),
        trade('2026-11-20T14:30:06Z', P, 0.9, 7, 'f'),
        trade('2026-11-20T14:29:00Z', C, 2.1, 1, 'late', FLAG_BIT.LATE),
        { type: 'trade_cancel', ts: ns('2026-11-20T14:30:07Z'), id: 'b' },
      ]),
    );
    // 21:30 New York on Nov 20 is already Nov 21 in UTC: DTE must follow the New York date.
    engine.ingest(
      encodeEvents([
        quote('2026-11-21T02:30:00Z', C, 0.5, 0.6),
        trade('2026-11-21T02:30:01Z', C, 0.6, 1, 'g'),
      ]),
    );
  });

  it('labels side and sentiment from the prevailing NBBO', () => {
    const got = queryRows(
      engine,
      'SELECT id, side, sentiment, premium, volume, oi, spot, tags FROM option_trades ORDER BY rid',
    );
    expect(got.map((r) => [r.id, r.side, r.sentiment])).toEqual([
      ['a', 'at_ask', 'bullish'],
      ['b', 'at_bid', 'neutral'],
      ['c', 'mid', 'neutral'],
      ['d', 'above_ask', 'bullish'],
      ['e', 'to_ask', 'bearish'],
      ['f', 'below_bid', 'bullish'],
      ['late', 'no_quote', 'neutral'],
      ['g', 'at_ask', 'bullish'],
    ]);
    expect(got[0]).toMatchObject({ premium: 2.1 * 10 * 100, volume: 10, oi: 50, spot: 680 });
    expect(got[3]?.volume).toBe(75);
    expect([...(got[3]!.tags as Iterable<string>)]).toEqual(['iso']);
    expect([...(got[1]!.tags as Iterable<string>)]).toEqual(['cancelled']);
  });

  it('computes DTE in New York calendar days and keeps nanosecond time', () => {
    const got = queryRows(
      engine,
      "SELECT id, dte, epoch_ns(ts) AS t FROM option_trades WHERE id IN ('a', 'g') ORDER BY id",
    );
    expect(got.map((r) => r.dte)).toEqual([0, 0]);
    expect(BigInt(got[0]?.t as bigint)).toBe(ns('2026-11-20T14:30:01Z'));
  });

  it('routes every event type to its table', () => {
    const got = queryRows(
      engine,
      `SELECT (SELECT count(*) FROM option_quotes) q, (SELECT count(*) FROM open_interest) oi,
              (SELECT count(*) FROM equity_quotes) eq, (SELECT count(*) FROM trade_cancels) c`,
    );
    expect(got[0]).toEqual({ q: 3n, oi: 1n, eq: 1n, c: 1n });
  });

  it('marks a cancelled print long after its flow closed, and only prints that came before the cancel', async () => {
    const e = createEngine({ connector: await createNodeConnector() });
    e.ingest(
      encodeEvents([
        quote('2026-11-20T14:30:00Z', C, 2.0, 2.1),
        trade('2026-11-20T14:30:01Z', C, 2.1, 10, "o'1"),
        trade('2026-11-20T14:30:02Z', C, 2.0, 20, 'o2'),
      ]),
    );
    // An hour later every flow is sealed: the builder no longer holds these prints.
    e.ingest(encodeEvents([trade('2026-11-20T15:30:00Z', C, 2.05, 1, 'o3')]));
    e.ingest(
      encodeEvents([
        { type: 'trade_cancel', ts: ns('2026-11-20T15:30:01Z'), id: "o'1" },
        { type: 'trade_cancel', ts: ns('2026-11-20T15:30:01Z'), id: 'o2' },
        trade('2026-11-20T15:30:02Z', C, 2.05, 1, 'o2'),
      ]),
    );
    const got = queryRows(e, 'SELECT id, cancelled FROM option_trades ORDER BY rid');
    expect(got.map((r) => [r.id, r.cancelled])).toEqual([
      ["o'1", true],
      ['o2', true],
      ['o3', false],
      ['o2', false],
    ]);
  });

  it('marks every print a cancel names when a sealed print and a held one share the id', async () => {
    const e = createEngine({ connector: await createNodeConnector() });
    e.ingest(
      encodeEvents([
        quote('2026-11-20T14:30:00Z', C, 2.0, 2.1),
        trade('2026-11-20T14:30:01Z', C, 2.1, 10, 'd1'),
      ]),
    );
    // An hour later the first d1 is sealed; a feed that reuses ids prints d1 again, then cancels d1.
    e.ingest(encodeEvents([trade('2026-11-20T15:30:00Z', C, 2.05, 3, 'd1')]));
    e.ingest(encodeEvents([{ type: 'trade_cancel', ts: ns('2026-11-20T15:30:01Z'), id: 'd1' }]));
    const got = queryRows(e, 'SELECT id, size, cancelled FROM option_trades ORDER BY rid');
    expect(got.map((r) => [r.id, Number(r.size), r.cancelled])).toEqual([
      ['d1', 10, true],
      ['d1', 3, true],
    ]);
    // The held print's flow is gone; the sealed one stays as it was.
    const flows = queryRows(e, 'SELECT size FROM flows ORDER BY first_ts');
    expect(flows.map((r) => Number(r.size))).toEqual([10]);
  });

  it('rejects a truncated stream with a clear error and keeps working', () => {
    const bytes = encodeEvents([trade('2026-11-20T14:31:00Z', C, 2.1, 1, 'z')]);
    expect(() => engine.ingest(bytes.subarray(0, bytes.length - 24))).toThrow(ArrowInputError);
    expect(() => engine.ingest(bytes.subarray(0, bytes.length - 24))).toThrow(
      /truncated or corrupt Arrow IPC stream/,
    );
    expect(() => engine.ingest(new TextEncoder().encode('{"type":"status"}'))).toThrow(ArrowInputError);
    expect(engine.ingest(bytes).optionTrades).toBe(1);
  });

  it('names the missing columns of Arrow that is not flowbook events', () => {
    const fields = [new Field('price', new Int32())];
    const data = makeData({ type: new Int32(), length: 1, nullCount: 0, data: new Int32Array([1]) });
    const batch = new RecordBatch(
      new Schema(fields),
      makeData({ type: new Struct(fields), length: 1, nullCount: 0, children: [data] }),
    );
    const ipc = tableToIPC(new Table([batch]), 'stream');
    expect(() => engine.ingest(ipc)).toThrow(SchemaError);
    expect(() => engine.ingest(ipc)).toThrow(
      'not flowbook events: missing column(s) type, ts (found: price)',
    );
  });

  it('keeps SQL away from files and the network, and the setting locked', () => {
    expect(() => engine.query("SELECT * FROM read_csv('/etc/passwd')")).toThrow(
      /external access|disabled|Permission/i,
    );
    expect(() => engine.query("COPY (SELECT 1) TO '/tmp/flowbook-leak.csv'")).toThrow(
      /external access|disabled|Permission/i,
    );
    expect(() => engine.query('SET enable_external_access = true')).toThrow(/lock/i);
    expect(queryRows(engine, 'SELECT count(*) AS n FROM option_trades')[0]?.n).toBeGreaterThan(0n);
  });

  it('counts and skips malformed records, loading the rest', () => {
    const enc = new EventEncoder();
    enc.add(trade('2026-11-20T14:32:00Z', 'NOT_A_SYMBOL', 1, 1, 'bad'));
    enc.addRaw({ type: 'option_trade', ts: ns('2026-11-20T14:32:00Z'), contract: C, size: 1 });
    enc.add(trade('2026-11-20T14:32:01Z', C, 2.1, 1, 'ok'));
    const r = engine.ingest(batchesToIpc([enc.finish()]));
    expect(r.optionTrades).toBe(1);
    expect(r.skipped).toBe(2);
    expect(r.errors.map((e) => e.reason)).toEqual([
      'invalid option symbol: "NOT_A_SYMBOL"',
      'option_trade needs contract, price and size',
    ]);
  });
});

describe('engine on a simulated session', () => {
  it('enriches every print of a minute of tape', async () => {
    const engine = createEngine({ connector: await createNodeConnector() });
    const m = new SimMarket({ seed: 9, rate: 500, startMs: Date.UTC(2026, 10, 20, 14, 30) });
    let sent = 0;
    for (let t = 1; t <= 6; t++) {
      const events = m.take(m.startMs + t * 10_000);
      sent += events.filter((e) => e.type === 'option_trade').length;
      expect(engine.ingest(encodeEvents(events)).skipped).toBe(0);
    }
    const [r] = queryRows(
      engine,
      `SELECT count(*) n, count(*) FILTER (side = 'no_quote') nq, count(*) FILTER (spot IS NULL) nospot,
              count(*) FILTER (oi IS NULL) nooi, count(DISTINCT underlying) u FROM option_trades`,
    );
    expect(Number(r?.n)).toBe(sent);
    expect(Number(r?.nospot)).toBe(0);
    expect(Number(r?.nooi)).toBe(0);
    expect(Number(r?.u)).toBe(11);
    // The simulator quotes every contract before it prints: only late prints can predate every
    // remembered quote; every other print is priced, and its IV and Greeks are consistent.
    const [late] = queryRows(engine, 'SELECT count(*) n FROM option_trades WHERE late');
    expect(Number(r?.nq)).toBeLessThanOrEqual(Number(late?.n));
    const [g] = queryRows(
      engine,
      `SELECT count(*) FILTER (NOT late) n,
              count(*) FILTER (NOT late AND side = 'no_quote') nq,
              count(*) FILTER (iv IS NOT NULL) / count(*) iv_share,
              count(*) FILTER (delta IS NOT NULL) / count(*) greeks_share,
              count(*) FILTER (put_call = 'C' AND NOT (delta > 0 AND delta < 1)) bad_call_delta,
              count(*) FILTER (put_call = 'P' AND NOT (delta < 0 AND delta > -1)) bad_put_delta,
              count(*) FILTER (NOT (gamma > 0 AND vega > 0)) bad_gamma_vega,
              count(*) FILTER (iv IS NULL AND iv_reason IS NULL) iv_without_reason,
              count(*) FILTER (abs(premium - price * size * 100) > 1e-6) bad_premium
       FROM option_trades`,
    );
    expect(Number(g?.nq)).toBe(0);
    expect(g?.iv_share).toBeGreaterThan(0.9);
    expect(g?.greeks_share).toBeGreaterThan(0.97);
    expect(g).toMatchObject({
      bad_call_delta: 0n,
      bad_put_delta: 0n,
      bad_gamma_vega: 0n,
      iv_without_reason: 0n,
      bad_premium: 0n,
    });
  });
});

describe('engine storage', () => {
  it('leaves checkpoints to itself: DuckDB does not rewrite row groups every 16 MiB of inserts', async () => {
    // An automatic checkpoint compresses what it rewrites; before the engine turned them off, one ran
    // every few inserts of this size and made the raw event insert about 7× slower.
    const engine = createEngine({ connector: await createNodeConnector() });
    const m = new SimMarket({ seed: 3, rate: 250, startMs: Date.UTC(2026, 10, 20, 14, 30) });
    let events = 0;
    for (let t = 1; events < 400_000; t++) {
      const batch = m.take(m.startMs + t * 60_000);
      events += batch.length;
      engine.ingest(encodeEvents(batch));
    }
    const segments = queryRows(
      engine,
      `SELECT compression, count(*) n FROM pragma_storage_info('_events') GROUP BY ALL ORDER BY ALL`,
    );
    expect(segments.length).toBeGreaterThan(0);
    expect(segments.map((s) => s.compression)).toEqual(['Uncompressed']);
  });
});
