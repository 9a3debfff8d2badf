/**
 * Replay of a simulated trading day in Chromium, as fast as possible, through the app's own path
 * (parse worker → replay engine worker: enrichment, flows, DuckDB-WASM), against bare DuckDB-WASM
 * Arrow insert of the same chunks in the same run. The day is the simulated market at the trade rate
 * that gives --trades prints over 6.5 hours, its quotes conflated per 50 ms relay batch (latest quote
 * per contract), written once to a cache file as a recording (docs/sessions.md).
 * Usage: node --import tsx bench/session.bench.ts [--trades 6000000] [--hours 6.5] [--node]
 * With --node, the same day goes through the engine in Node instead, on one thread (flows built in
 * place, tables in a database file under the engine's memory limit), against bare DuckDB-WASM insert
 * in the same run: where the time goes with no second core to share it.
 * Memory: the replay worker's DuckDB-WASM heap (its WebAssembly memory, which only grows) sampled
 * every 0.5 s, and the peak resident size of the tab's renderer process (page and every worker).
 */
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecordBatchReader } from 'apache-arrow';
import { build } from 'vite';
import {
  batchesToIpc,
  createEngine,
  encodeEvents,
  IPC_EOS,
  RecordingWriter,
  SimMarket,
} from '../engine/index.ts';
import { emptyDatabaseFile } from '../engine/db/empty-database.ts';
import { FILE_DATABASE_MEMORY_LIMIT } from '../engine/db/memory-limit.ts';
import { createNodeConnector } from '../engine/node/index.ts';
import type { FeedEvent } from '../engine/index.ts';
import { launchChromium } from '../e2e/chromium.ts';
import { conflate } from '../relay/batcher.ts';
import { CONTENT_SECURITY_POLICY } from '../relay/app.ts';
import { arg } from './bench-args.ts';
import { serveBuilt } from './static-server.ts';

const TRADES = arg('trades', 6_000_000);
const HOURS = arg('hours', 6.5);
const root = fileURLToPath(new URL('..', import.meta.url));
const GB = 1024 ** 3;

function dayFile(): string {
  const dir = join(tmpdir(), 'flowbook-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `day-${TRADES}-${HOURS}h.arrows`);
  if (existsSync(path)) return path;
  const t0 = performance.now();
  const ms = HOURS * 3_600_000;
  const market = new SimMarket({
    seed: 7,
    rate: TRADES / (ms / 1000),
    startMs: Date.UTC(2026, 10, 20, 14, 30),
  });
  const writer = new RecordingWriter(new Map([['flowbook.recording.source', 'bench sim']]));
  const tmp = `${path}.part`;
  const fd = openSync(tmp, 'w');
  writeSync(fd, writer.header);
  let trades = 0;
  let events = 0;
  let pending: FeedEvent[] = [];
  for (let t = market.startMs; t < market.startMs + ms; t += 50) {
    // One relay batch: every trade, the latest quote per contract.
    const batch = conflate([market.take(t + 50)]);
    for (const e of batch) if (e.type === 'option_trade') trades++;
    for (const e of batch) pending.push(e);
    if (pending.length >= 60_000) {
      writeSync(fd, writer.append(encodeEvents(pending), pending.length));
      events += pending.length;
      pending = [];
    }
  }
  if (pending.length > 0) writeSync(fd, writer.append(encodeEvents(pending), pending.length));
  events += pending.length;
  writeSync(fd, IPC_EOS);
  closeSync(fd);
  renameSync(tmp, path);
  console.log(
    `wrote ${path}: ${events.toLocaleString()} events, ${trades.toLocaleString()} option trades in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  return path;
}

/** Resident size of the largest Chromium renderer process, bytes. */
function rendererRss(): number {
  let max = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) max = Math.max(max, Number(rss[1]) * 1024);
    } catch {
      // the process ended
    }
  }
  return max;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (n: number, ms: number, unit = 'rows') =>
  `${Math.round(n / (ms / 1000)).toLocaleString()} ${unit}/s`;

/** The day's record batches, one at a time, as IPC bytes. */
async function* dayBatches(path: string): AsyncGenerator<{ ipc: Uint8Array; rows: number }> {
  for await (const b of await RecordBatchReader.from(createReadStream(path)))
    yield { ipc: batchesToIpc([b]), rows: b.numRows };
}

async function inNode(path: string) {
  const bare = await createNodeConnector();
  let rows = 0;
  let insertMs = 0;
  let inTable = 0;
  for await (const b of dayBatches(path)) {
    // The whole day uncompressed outgrows DuckDB-WASM's memory in Node (3.1 GiB by default): the
    // table starts over every 4M rows, outside the timing.
    if (inTable >= 4_000_000) {
      bare.exec('DROP TABLE events');
      inTable = 0;
    }
    const t = performance.now();
    bare.insertArrow('events', b.ipc, inTable === 0);
    insertMs += performance.now() - t;
    rows += b.rows;
    inTable += b.rows;
  }
  console.log(
    `  bare DuckDB-WASM insert (in memory): ${rows.toLocaleString()} rows in ${seconds(insertMs)}, ${rate(rows, insertMs)}`,
  );
  const file = join(tmpdir(), `flowbook-session-bench-${process.pid}.duckdb`);
  writeFileSync(file, emptyDatabaseFile());
  try {
    const engine = createEngine({
      connector: await createNodeConnector(),
      storage: { path: file, memoryLimit: FILE_DATABASE_MEMORY_LIMIT },
    });
    const t0 = performance.now();
    for await (const b of dayBatches(path)) engine.ingest(b.ipc);
    engine.query('SELECT count(*) FROM flows');
    const ms = performance.now() - t0;
    const st = engine.stats();
    const p = st.ingestMs;
    const db = p.tradeStore + p.eventStore + p.updates + p.flowStore;
    const js = p.decode + p.enrich + p.flows + p.flowRows;
    console.log(
      `replay of a simulated day in Node, one thread: ${st.optionTrades.toLocaleString()} option trades, ${st.events.toLocaleString()} events in ${seconds(ms)}, ${rate(st.events, ms, 'events')}`,
    );
    console.log(
      `  where ingest time went: ${Object.entries(p)
        .map(([k, v]) => `${k} ${seconds(v)}`)
        .join(', ')}`,
    );
    console.log(
      `  DuckDB-WASM work (inserts, updates, commits, checkpoints into the file under ${FILE_DATABASE_MEMORY_LIMIT}): ${seconds(db)}; JavaScript work (decode, enrichment, flows, flow rows): ${seconds(js)}`,
    );
    console.log(
      `  peer: the load path is ${(rows / (insertMs / 1000) / (st.events / (ms / 1000))).toFixed(0)}× slower than bare insert; its DuckDB work alone takes ${(db / insertMs).toFixed(1)}× the bare insert's time`,
    );
  } finally {
    rmSync(file, { force: true });
    rmSync(`${file}.wal`, { force: true });
  }
}

async function main() {
  const path = dayFile();
  if (process.argv.includes('--node')) return inNode(path);
  const size = statSync(path).size;
  const out = join(tmpdir(), `flowbook-session-bench-${process.pid}`);
  await build({
    configFile: false,
    // error: duckdb-wasm's bundle uses direct eval, which rolldown warns about at length.
    logLevel: 'error',
    root: join(root, 'bench/session'),
    resolve: {
      alias: {
        '@duckdb/duckdb-wasm/browser-blocking': join(
          root,
          'node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs',
        ),
      },
    },
    worker: { format: 'es' },
    build: { outDir: out, emptyOutDir: true, target: 'es2022' },
  });
  const server = await serveBuilt(out, () => CONTENT_SECURITY_POLICY);
  const browser = await launchChromium();
  try {
    const run = async (which: 'replay' | 'bare'): Promise<Record<string, number>> => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.text().startsWith('progress:') && console.log(`  ${which} ${m.text()}`));
      await page.goto(server.url);
      await page.waitForFunction(() => 'flowbookReplayBench' in window);
      await page.setInputFiles('#file', path);
      let peakRss = 0;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, rendererRss())), 500);
      try {
        const r = await page.evaluate(
          (w) =>
            (
              window as unknown as {
                flowbookReplayBench: Record<string, () => Promise<Record<string, number>>>;
              }
            ).flowbookReplayBench[w]!(),
          which,
        );
        if (errors.length) throw new Error(errors.join('\n'));
        return { ...r, peakRss };
      } finally {
        clearInterval(sampler);
        await page.close();
      }
    };
    // Each run reports its failure (DuckDB-WASM runs out of its 4 GB of memory on a big enough day)
    // instead of ending the bench.
    const attempt = (which: 'replay' | 'bare') =>
      run(which).catch((e: Error) => {
        console.log(`  ${which}: failed: ${e.message.split('\n')[0]}`);
        return null;
      });
    const peer = await attempt('bare');
    if (peer)
      console.log(
        `  bare DuckDB-WASM insert: ${peer.rows!.toLocaleString()} rows, ${rate(peer.rows!, peer.insertMs!)} inserting, ${seconds(peer.totalMs!)} with the parse worker, heap ${(peer.wasmBytes! / GB).toFixed(2)} GB, renderer peak RSS ${(peer.peakRss! / GB).toFixed(2)} GB`,
      );
    const r = await attempt('replay');
    if (!peer || !r) return;
    console.log(
      `replay of a simulated day in Chromium: ${r.trades!.toLocaleString()} option trades, ${r.events!.toLocaleString()} events, ${(size / GB).toFixed(2)} GB recording`,
    );
    console.log(
      `  replay as fast as possible: ${seconds(r.totalMs!)} (read pass ${seconds(r.scanMs!)}, replay ${seconds(r.replayMs!)}; target ≤ 60 s)`,
    );
    console.log(`  load path ${rate(r.events!, r.replayMs!)}, ${rate(r.trades!, r.replayMs!, 'trades')}`);
    const phases = Object.entries(r)
      .filter(([k]) => k.startsWith('phase.'))
      .map(([k, v]) => `${k.slice(6)} ${seconds(v)} (${((v / r.replayMs!) * 100).toFixed(0)}%)`);
    console.log(
      `  where ingest time went (flows and flowRows in the flow worker, alongside the rest): ${phases.join(', ')}`,
    );
    console.log(
      `  replay worker memory: DuckDB-WASM heap peak ${(r.peakWasm! / GB).toFixed(2)} GB (target ≤ 1.5 GB); renderer process peak RSS (the page and every worker) ${(r.peakRss! / GB).toFixed(2)} GB`,
    );
    console.log(
      `  peer, bare DuckDB-WASM insert of the same chunks: ${rate(peer.rows!, peer.insertMs!)} inserting (${rate(peer.rows!, peer.totalMs!)} with the parse worker), heap ${(peer.wasmBytes! / GB).toFixed(2)} GB; the load path is ${(peer.rows! / (peer.insertMs! / 1000) / (r.events! / (r.replayMs! / 1000))).toFixed(0)}× slower than bare insert`,
    );
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
