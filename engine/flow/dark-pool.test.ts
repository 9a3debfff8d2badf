import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.ts';
import { encodeEvents } from '../events/event-encoder.ts';
import type { FeedEvent } from '../events/event-types.ts';
import { createNodeConnector } from '../node/index.ts';
import { queryRows } from '../testing/query.ts';
import type { EpochNs } from '../time/units.ts';

const BASE_MS = Date.UTC(2026, 10, 20, 15, 0, 0);
const at = (min: number): EpochNs => (BigInt(Math.round((BASE_MS + min * 60_000) * 1000)) * 1000n) as EpochNs;
const q = (min: number, bid: number, ask: number): FeedEvent => ({
  type: 'equity_quote',
  ts: at(min),
  symbol: 'XYZ',
  bid,
  ask,
  bidSize: 100,
  askSize: 100,
});
const t = (min: number, price: number, size: number, exchange: string): FeedEvent => ({
  type: 'equity_trade',
  ts: at(min),
  symbol: 'XYZ',
  price,
  size,
  exchange,
  conditions: 0,
});

describe('off-exchange prints', () => {
  it('marks blocks, ranks dark-pool price levels and states its inferences with their evidence', async () => {
    const e = createEngine({
      connector: await createNodeConnector(),
      params: { flow: { absorptionMinVolumeMultiple: 1.5 } },
    });
    e.ingest(
      encodeEvents([
        q(0, 20, 20.02),
        // 15:00–15:05: bought off-exchange above the mid, price steady → accumulation.
        t(0.5, 20.02, 4000, 'FINN'),
        t(1, 20.015, 3000, 'FINY'),
        t(2, 20.0, 500, 'XNAS'),
        t(3, 20.02, 2000, 'FINN'),
        // 15:05–15:10: sold off-exchange below the mid → distribution.
        t(5.5, 20.0, 3000, 'FINC'),
        t(6, 20.001, 3000, 'FINN'),
        t(7, 20.02, 800, 'XNYS'),
        // 15:10–15:15: a block absorbed at one price with the price flat.
        t(10.5, 20.01, 60_000, 'FINY'),
        t(11, 20.01, 30_000, 'FINN'),
        t(12, 20.01, 500, 'XNAS'),
      ]),
    );
    const blocks = queryRows(e, 'SELECT size FROM equity_trades WHERE block ORDER BY ts').map((r) => r.size);
    expect(blocks).toEqual([60_000, 30_000]);
    expect(
      queryRows(e, 'SELECT price, shares, prints, blocks, rank FROM dark_pool_levels WHERE rank = 1'),
    ).toEqual([{ price: 20.01, shares: 90_000n, prints: 2n, blocks: 2n, rank: 1n }]);
    const signals = queryRows(
      e,
      "SELECT strftime(bucket, '%H:%M') AS at, signal, evidence FROM dark_pool_signals ORDER BY bucket, signal",
    );
    expect(signals.map((s) => [s.at, s.signal])).toEqual([
      ['15:00', 'accumulation'],
      ['15:05', 'distribution'],
      ['15:10', 'absorption'],
      ['15:10', 'accumulation'],
    ]);
    expect(signals[2]!.evidence).toMatch(
      /^inferred: off-exchange volume 2\.\d+x the symbol's mean interval \(>= 1\.5x\)/,
    );
    // Thresholds are parameters: a stricter absorption multiple drops that inference.
    e.setParams({ flow: { absorptionMinVolumeMultiple: 3 } });
    expect(queryRows(e, "SELECT count(*) AS n FROM dark_pool_signals WHERE signal = 'absorption'")).toEqual([
      { n: 0n },
    ]);
  });
});
