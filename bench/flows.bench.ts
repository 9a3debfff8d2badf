/**
 * Cluster + classify throughput on a simulated session, one core, measured in one run:
 *   flowbook  — FlowBuilder: packages, orders, repeated hits, ladders, tags with evidence, incremental
 *               (fed in the relay's 250 ms batches, and in one replay batch)
 *   sql       — the usual notebook answer: DuckDB-WASM gaps-and-islands over the same prints
 *               (lag + running sum per contract and side), orders only, no packages, patterns or tags
 * Usage: node --import tsx bench/flows.bench.ts [--trade-rate 5000 --seconds 60]
 */
import { RecordBatchReader } from 'apache-arrow';
import { createEngine, encodeEvents, EVENT_TYPES, type EventType, SimMarket } from '../engine/index.ts';
import { TradeEnricher } from '../engine/enrich/trade-enricher.ts';
import { EventView } from '../engine/events/event-view.ts';
import { FlowBuilder } from '../engine/flow/flow-builder.ts';
import type { FlowPrint } from '../engine/flow/flow-print.ts';
import { printsOfTrades } from '../engine/flow/trade-prints.ts';
import { batchesToIpc } from '../engine/events/event-encoder.ts';
import { createNodeConnector } from '../engine/node/index.ts';
import { arg } from './bench-args.ts';

const rate = arg('trade-rate', 5000);
const seconds = arg('seconds', 60);

const market = new SimMarket({ seed: 1, rate, startMs: Date.UTC(2026, 10, 20, 14, 30) });
const enricher = new TradeEnricher();
const batches: FlowPrint[][] = [];
const ipc: Uint8Array[] = [];
let cancels = 0;
for (let t = market.startMs; t < market.startMs + seconds * 1000;) {
  t += 250;
  const chunk = market.take(t);
  if (chunk.length === 0) continue;
  const bytes = encodeEvents(chunk);
  ipc.push(bytes);
  const prints: FlowPrint[] = [];
  for (const b of RecordBatchReader.from(bytes)) {
    const counts = Object.fromEntries(EVENT_TYPES.map((x) => [x, 0])) as Record<EventType, number>;
    const tally = { counts, cancels: [], oiDays: new Set<number>(), maxTsNs: -1n };
    const enriched = enricher.process(new EventView(b), [], tally);
    if (enriched) for (const p of printsOfTrades(batchesToIpc([enriched]))) prints.push(p);
    cancels += tally.cancels.length;
  }
  batches.push(prints);
}
const trades = batches.reduce((a, b) => a + b.length, 0);
console.log(
  `flows: ${trades.toLocaleString()} enriched option prints (${seconds} s simulated at ${rate}/s, ${cancels} cancels) in ${batches.length} batches`,
);

function run(name: string, feed: (b: FlowBuilder) => number): number {
  const rates: number[] = [];
  let flows = 0;
  for (let r = 0; r < 5; r++) {
    const b = new FlowBuilder();
    const t0 = performance.now();
    flows = feed(b);
    rates.push(trades / ((performance.now() - t0) / 1000));
  }
  rates.sort((a, c) => a - c);
  const rate = rates[2]!;
  console.log(
    `${name.padEnd(22)} ${Math.round(rate).toLocaleString().padStart(11)} trades/s  (median of 5, range ${Math.round(rates[0]!).toLocaleString()}–${Math.round(rates[4]!).toLocaleString()}; ${flows.toLocaleString()} flows written)`,
  );
  return rate;
}

const live = run('flowbook, live batches', (b) => {
  let n = 0;
  for (const batch of batches) {
    for (const p of batch) b.add(p);
    n += b.flush().upserted.length;
  }
  return n;
});
const replay = run('flowbook, one replay', (b) => {
  for (const batch of batches) for (const p of batch) b.add(p);
  return b.flush().upserted.length;
});
{
  // Memory the builder keeps per print (every print stays for regrouping), with a collection forced
  // when node runs with --expose-gc.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const b = new FlowBuilder();
  for (const batch of batches) for (const p of batch) b.add(p);
  b.flush();
  gc?.();
  const per = (process.memoryUsage().heapUsed - before) / trades;
  console.log(
    `memory                 ${Math.round(per)} bytes per print held by the builder${gc ? '' : ' (no --expose-gc: rough)'}`,
  );
}

// The peer: load the same session into DuckDB-WASM, then time the SQL that groups orders.
const engine = createEngine({ connector: await createNodeConnector() });
for (const b of ipc) engine.ingest(b);
const SQL = `
WITH p AS (
  SELECT rid, contract, aggressor, exchange, premium, size, epoch_ns(ts) / 1e6 AS t FROM option_trades
  WHERE NOT cancelled AND NOT multi_leg),
g AS (
  SELECT *, CASE WHEN t - lag(t) OVER w > 50 OR lag(t) OVER w IS NULL THEN 1 ELSE 0 END AS brk
  FROM p WINDOW w AS (PARTITION BY contract, aggressor ORDER BY t, rid)),
o AS (SELECT *, sum(brk) OVER (PARTITION BY contract, aggressor ORDER BY t, rid) AS grp FROM g)
SELECT count(*) AS orders, count(*) FILTER (WHERE venues >= 2 AND n >= 2) AS sweeps FROM (
  SELECT contract, aggressor, grp, count(*) AS n, count(DISTINCT exchange) AS venues, sum(premium) AS premium
  FROM o GROUP BY ALL)`;
const sqlRates: number[] = [];
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  engine.query(SQL);
  sqlRates.push(trades / ((performance.now() - t0) / 1000));
}
sqlRates.sort((a, c) => a - c);
const sql = sqlRates[2]!;
console.log(
  `${'sql gaps-and-islands'.padEnd(22)} ${Math.round(sql).toLocaleString().padStart(11)} trades/s  (median of 5, range ${Math.round(sqlRates[0]!).toLocaleString()}–${Math.round(sqlRates[4]!).toLocaleString()}; orders only)`,
);
console.log(
  `ratio                  live ${(live / sql).toFixed(2)}×, replay ${(replay / sql).toFixed(2)}× the SQL peer (which does orders only); target 1,000,000 trades/s`,
);
