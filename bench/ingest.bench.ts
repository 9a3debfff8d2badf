/**
 * Ingest throughput on the same simulated batches, measured in one run:
 *   engine    — decode, enrich (NBBO side, sentiment, DTE, spot, OI, volume) and insert into DuckDB-WASM
 *   duckdb    — bare DuckDB-WASM Arrow IPC insert of the raw event batches
 *   perspective — @finos/perspective table() + update() of the same Arrow IPC batches
 * Usage: node --import tsx bench/ingest.bench.ts [--trade-rate 5000 --seconds 30]
 */
import perspectiveModule from '@finos/perspective';
import { createEngine, encodeEvents, SimMarket } from '../engine/index.ts';
import { createNodeConnector } from '../engine/node/index.ts';
import { arg } from './bench-args.ts';

// The package's typings describe its browser build; the Node build resolved here has table().
interface PerspectiveTable {
  update(data: ArrayBuffer): Promise<void>;
  size(): Promise<number>;
}
const perspective = perspectiveModule as unknown as { table(data: ArrayBuffer): Promise<PerspectiveTable> };

const rate = arg('trade-rate', 5000);
const seconds = arg('seconds', 30);
const BATCH_MS = 250;

const market = new SimMarket({ seed: 1, rate, startMs: Date.UTC(2026, 10, 20, 14, 30) });
const batches: Uint8Array[] = [];
let events = 0;
let trades = 0;
const g0 = performance.now();
for (let t = market.startMs; t < market.startMs + seconds * 1000;) {
  t += BATCH_MS;
  const chunk = market.take(t);
  if (chunk.length === 0) continue;
  events += chunk.length;
  trades += chunk.filter((e) => e.type === 'option_trade').length;
  batches.push(encodeEvents(chunk));
}
const genMs = performance.now() - g0;
const mb = batches.reduce((a, b) => a + b.byteLength, 0) / 2 ** 20;
console.log(
  `input: ${events.toLocaleString()} events (${trades.toLocaleString()} option trades) in ${batches.length} Arrow IPC batches, ${mb.toFixed(1)} MiB; simulated + encoded in ${(genMs / 1000).toFixed(2)} s`,
);

async function time(name: string, run: () => Promise<void> | void): Promise<number> {
  const t0 = performance.now();
  await run();
  const s = (performance.now() - t0) / 1000;
  const rps = events / s;
  console.log(
    `${name.padEnd(12)} ${s.toFixed(2).padStart(7)} s  ${Math.round(rps).toLocaleString().padStart(12)} rows/s`,
  );
  return rps;
}

const engine = createEngine({ connector: await createNodeConnector() });
const engineRps = await time('engine', () => {
  for (const b of batches) engine.ingest(b);
});

const bare = await createNodeConnector();
const duckRps = await time('duckdb', () => {
  batches.forEach((b, i) => bare.insertArrow('events', b, i === 0));
});

const copy = (b: Uint8Array) => b.slice().buffer;
const perspRps = await time('perspective', async () => {
  const [first, ...rest] = batches;
  if (!first) return;
  const table = await perspective.table(copy(first));
  for (const b of rest) await table.update(copy(b));
  await table.size();
});

console.log(
  `ratios: engine/duckdb ${(engineRps / duckRps).toFixed(2)}  engine/perspective ${(engineRps / perspRps).toFixed(2)}  duckdb/perspective ${(duckRps / perspRps).toFixed(2)}`,
);
process.exit(0);
