import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine, type EngineParamsInput } from '../engine.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import type { EpochNs } from '../time/units.ts';
import { createNodeConnector } from '../node/index.ts';
import { SimMarket } from '../sim/market.ts';
import { bytesSource } from './byte-source.ts';
import { openEventFile } from './event-file.ts';
import { concatBytes, IPC_EOS } from './ipc-messages.ts';
import { RecordingWriter } from './recording.ts';
import { ReplayQueue } from './replay-queue.ts';

const START = Date.UTC(2026, 10, 20, 14, 30);
/** Changes made mid-session, at these relay messages: pricing (prints from then on), flows, analytics. */
const CHANGES: readonly [number, EngineParamsInput][] = [
  [120, { rate: 0.08, staleQuoteMs: 2_000, flow: { sweepGapMs: 150 } }],
  [300, { flow: { repeatedMinOrders: 4 }, analytics: { gammaGridPoints: 41 } }],
];

const rows = (engine: Engine, sql: string) =>
  [...tableFromIPC(engine.query(sql))].map((r) =>
    JSON.stringify(r.toJSON(), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
  );

/** What a parameter change touches: enriched prints, flows and their evidence, an analytics table. */
const snapshot = (engine: Engine) => ({
  trades: rows(engine, 'select * from option_trades order by rid'),
  flows: rows(engine, 'select * exclude (open) from flows order by id'),
  evidence: rows(engine, 'select * from flow_evidence order by all'),
  grid: rows(engine, 'select count(*) as n from gamma_profile'),
  changes: rows(engine, 'select ts, params from param_changes order by ts'),
});

describe('parameter changes recorded in a session', () => {
  it('are replayed where they were made: the replay gives the tables live ingestion gave', async () => {
    const live = createEngine({ connector: await createNodeConnector() });
    const market = new SimMarket({ seed: 12, rate: 150, startMs: START });
    const writer = new RecordingWriter(new Map());
    const parts = [writer.header];
    let message = 0;
    let latest: bigint | null = null;
    for (let t = START; t < START + 150_000; t += 250) {
      const chunk = market.take(t + 250);
      if (chunk.length === 0) continue;
      message += 1;
      const change = CHANGES.find(([at]) => at === message)?.[1];
      if (change) {
        // As the browser records it: the parameters in force after the change, at the latest event time.
        const after = live.setParams(change);
        const event = encodeEvents([
          { type: 'params', ts: latest! as EpochNs, message: JSON.stringify(after) },
        ]);
        parts.push(writer.append(event, 1));
      }
      const bytes = encodeEvents(chunk);
      latest = live.ingest(bytes).latestTs;
      parts.push(writer.append(bytes, chunk.length));
    }
    parts.push(IPC_EOS);
    expect(message).toBeGreaterThan(CHANGES.at(-1)![0]);
    const want = snapshot(live);
    expect(want.changes).toHaveLength(0);
    expect(live.params().flow.repeatedMinOrders).toBe(4);

    // Replayed in chunks of 5,000 rows, so each params event lands inside a chunk.
    const replayed = createEngine({ connector: await createNodeConnector() });
    const reader = await openEventFile('session.arrows', bytesSource(concatBytes(parts)), {
      chunkRows: 5000,
    });
    const queue = new ReplayQueue();
    for (let c = await reader.next(); c; c = await reader.next()) queue.push(c.ipc);
    while (queue.queued > 0) queue.advance(replayed, null, 7000);
    expect(reader.skipped).toBe(0);
    expect(replayed.params()).toEqual(live.params());
    const got = snapshot(replayed);
    expect(got.changes).toHaveLength(CHANGES.length);
    expect(JSON.parse(JSON.parse(got.changes[0]!).params).rate).toBe(0.08);
    expect({ ...got, changes: [] }).toEqual(want);
  }, 120_000);

  it('a params event that is not valid parameters is a row error, and the events around it are ingested', async () => {
    const engine = createEngine({ connector: await createNodeConnector() });
    const ts = BigInt(START) * 1_000_000n;
    const bytes = encodeEvents([
      {
        type: 'equity_quote',
        ts: ts as EpochNs,
        symbol: 'SPY',
        bid: 600,
        ask: 600.02,
        bidSize: 1,
        askSize: 1,
      },
      { type: 'params', ts: ts as EpochNs, message: '{"flow":{"sweepGapMs":-5}}' },
      { type: 'params', ts: ts as EpochNs, message: 'not json' },
      {
        type: 'equity_quote',
        ts: ts as EpochNs,
        symbol: 'SPY',
        bid: 600,
        ask: 600.04,
        bidSize: 1,
        askSize: 1,
      },
    ]);
    const r = engine.ingest(bytes);
    expect(r.rows).toBe(4);
    expect(r.skipped).toBe(2);
    expect(r.errors.map((e) => e.row)).toEqual([1, 2]);
    expect(r.errors[0]!.reason).toMatch(/^params event not applied: .*sweepGapMs/);
    expect(r.errors[1]!.reason).toMatch(/^params event not applied: .*JSON/);
    expect(engine.params().flow.sweepGapMs).not.toBe(-5);
    expect(rows(engine, 'select count(*) as n from equity_quotes')).toEqual(['{"n":"2n"}']);
  });
});
