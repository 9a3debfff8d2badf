import { createWriteStream, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RecordBatch } from 'apache-arrow';
import {
  batchesToIpc,
  createEngine,
  csvParts,
  toParquet,
  EventEncoder,
  ANALYTICS_PARAM_NAMES,
  ANALYTICS_PARAM_SPECS,
  FLOW_PARAM_NAMES,
  FLOW_PARAM_SPECS,
  type ParamSpec,
  SimMarket,
  systemClock,
  toNdjsonLine,
} from '../../engine/index.ts';
import { createNodeConnector } from '../../engine/node/index.ts';
import { createFileRecorder } from '../recorder.ts';
import { startRelay } from '../server.ts';
import { parseArgs, parseDuration, parseNumber } from './args.ts';
import { FEED_OPTIONS, feedFromArgs } from './feed-args.ts';
import { PARAM_OPTIONS, engineParamsFromArgs } from './param-args.ts';
import { formatResult, type OutputFormat } from './format.ts';
import { loadFile } from './load-files.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

export const USAGE = `flowbook — a local analytics notebook for US options flow

  flowbook serve [--port 8787] [--seed 1] [--trade-rate 400] [--rate R] [--dividend SYM=Q]... [--param N=V]...
      Serve the app on 127.0.0.1 with the simulated market; prints the URL with its launch token.
  flowbook serve --feed massive --symbols SPY,QQQ [--massive-url wss://socket.massive.com] ...
      The same with Massive's (ex-Polygon.io) real-time options and stocks; the key comes from
      MASSIVE_API_KEY (or POLYGON_API_KEY) and never reaches the browser or the log.
  flowbook serve --feed databento --symbols SPY,QQQ [--databento-schemas tcbbo,statistics] ...
      Databento OPRA.PILLAR from its live gateway; the key comes from DATABENTO_API_KEY.
  flowbook sim --out FILE.arrow|FILE.ndjson [--seed 1] [--duration 10m] [--trade-rate 400] [--start ISO]
      Write a simulated session as an Arrow IPC stream or NDJSON.
  flowbook query FILE... --sql "SQL" [--format table|csv|json] [--out R.csv|R.parquet|R.arrows] [--param N=V]...
      Load event files (Arrow IPC stream or file, Parquet, NDJSON, CSV: the formats the browser opens
      and exports; or Databento .dbn) into the engine (DuckDB-WASM, as in the browser) and print the
      result, or write it to --out.
  flowbook serve --record DIR ...
      Also record every event the relay sends to DIR/flowbook-<start>.arrows (synced each second).

  --trade-rate  simulated option prints per second
  --rate        risk-free rate for IV and Greeks, continuous, as a decimal (default 0.04)
  --dividend    continuous dividend yield of an underlying, repeatable (defaults: docs/conventions.md)
  --param       NAME=VALUE, repeatable: staleQuoteMs, minExpirySeconds, defaultDividendYield, greeks, or a
                flow or analytics parameter (sweepGapMs, gexPutSign…: \`flowbook params\` lists them all)
  flowbook params
      List the flow and analytics parameters with their defaults, bounds and meanings
      (docs/classifiers.md, docs/analytics.md).
`;

async function serve(argv: string[]) {
  const { opts } = parseArgs(argv, {
    port: 'string',
    seed: 'string',
    'trade-rate': 'string',
    record: 'string',
    ...FEED_OPTIONS,
    ...PARAM_OPTIONS,
  });
  const port = parseNumber('port', opts.port as string | undefined, 8787);
  const seed = parseNumber('seed', opts.seed as string | undefined, 1);
  const rate = parseNumber('trade-rate', opts['trade-rate'] as string | undefined, 400);
  const params = engineParamsFromArgs(opts);
  const log = (l: string) => console.error(l);
  const feed = feedFromArgs(opts, { seed, rate, log });
  const recordDir = opts.record as string | undefined;
  const recorder = recordDir
    ? createFileRecorder(recordDir, { source: feed.name, params, now: Date.now() })
    : null;
  const relay = await startRelay({
    feed,
    params,
    ...(recorder && recordDir
      ? { record: recorder.record, recordings: { dir: recordDir, current: () => recorder.path } }
      : {}),
    clock: systemClock,
    port,
    staticDir: resolve(ROOT, 'dist/app'),
    log,
  });
  console.log(`flowbook relay: ${feed.name}`);
  console.log(`open ${relay.url}`);
  if (recorder) console.log(`recording to ${recorder.path}`);
  const stop = () =>
    void relay.close().then(() => {
      recorder?.close();
      if (recorder) console.error(`recorded ${recorder.rows()} events to ${recorder.path}`);
      process.exit(0);
    });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function sim(argv: string[]) {
  const { opts } = parseArgs(argv, {
    out: 'string',
    seed: 'string',
    duration: 'string',
    'trade-rate': 'string',
    start: 'string',
  });
  const out = opts.out as string | undefined;
  if (!out) throw new Error('sim needs --out FILE.arrow or FILE.ndjson');
  const ndjson = /\.(ndjson|jsonl)$/i.test(out);
  if (!ndjson && !/\.(arrow|arrows)$/i.test(out))
    throw new Error(`--out ${out}: use a .arrow or .ndjson file name`);
  const seed = parseNumber('seed', opts.seed as string | undefined, 1);
  const rate = parseNumber('trade-rate', opts['trade-rate'] as string | undefined, 400);
  const duration = parseDuration((opts.duration as string | undefined) ?? '10m');
  const startMs = opts.start ? Date.parse(opts.start as string) : undefined;
  if (startMs !== undefined && Number.isNaN(startMs))
    throw new Error(`--start ${opts.start}: not an ISO-8601 time`);
  const market = new SimMarket({ seed, rate, ...(startMs !== undefined ? { startMs } : {}) });
  const file = createWriteStream(out);
  const write = (chunk: string | Uint8Array) =>
    new Promise<void>((res, rej) => file.write(chunk, (e) => (e ? rej(e) : res())));
  const counts = new Map<string, number>();
  const batches: RecordBatch[] = [];
  for (let t = market.startMs; t < market.startMs + duration;) {
    t = Math.min(market.startMs + duration, t + 10_000);
    const chunk = market.take(t);
    for (const e of chunk) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    if (ndjson) await write(`${chunk.map(toNdjsonLine).join('\n')}\n`);
    else {
      const enc = new EventEncoder();
      for (const e of chunk) enc.add(e);
      batches.push(enc.finish());
    }
  }
  if (!ndjson) await write(batchesToIpc(batches));
  await new Promise<void>((res) => file.end(res));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const detail = [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
  console.error(`wrote ${out}: ${total} events (${detail})`);
}

/**
 * Every flow and analytics parameter with its default, bounds and meaning (docs/classifiers.md and
 * docs/analytics.md have the long form).
 */
function paramsTable(): string {
  const specs: [string, ParamSpec][] = [
    ...FLOW_PARAM_NAMES.map((n) => [n, FLOW_PARAM_SPECS[n]] as [string, ParamSpec]),
    ...ANALYTICS_PARAM_NAMES.map((n) => [n, ANALYTICS_PARAM_SPECS[n]] as [string, ParamSpec]),
  ];
  const rows = specs.map(([name, s]) => {
    const range = typeof s.value === 'boolean' ? 'true|false' : `${s.min ?? ''}..${s.max ?? ''}`;
    return [name, String(s.value), range, s.doc];
  });
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < 3 ? c.padEnd(w[i]!) : c)).join('  ');
  const flowRows = rows.slice(0, FLOW_PARAM_NAMES.length).map(line);
  const analyticsRows = rows.slice(FLOW_PARAM_NAMES.length).map(line);
  return [
    '# flow (docs/classifiers.md)',
    ...flowRows,
    '',
    '# analytics (docs/analytics.md)',
    ...analyticsRows,
  ].join('\n');
}

async function query(argv: string[]) {
  const { opts, positional } = parseArgs(argv, {
    sql: 'string',
    format: 'string',
    out: 'string',
    ...PARAM_OPTIONS,
  });
  const params = engineParamsFromArgs(opts);
  const sql = opts.sql as string | undefined;
  if (!sql) throw new Error('query needs --sql "SELECT ..."');
  const format = ((opts.format as string | undefined) ?? 'table') as OutputFormat;
  if (!['table', 'csv', 'json'].includes(format))
    throw new Error(`--format ${format}: use table, csv or json`);
  if (positional.length === 0) throw new Error('query needs at least one event file');
  const engine = createEngine({ connector: await createNodeConnector(), params });
  const ctx = {};
  for (const f of positional) {
    const r = await loadFile(engine, f, ctx);
    for (const m of r.messages.slice(0, 20)) console.error(m);
    if (r.skipped > 0) console.error(`${f}: skipped ${r.skipped} malformed record(s), loaded ${r.rows}`);
  }
  const result = engine.query(sql);
  const out = opts.out as string | undefined;
  if (out) {
    const bytes = /\.csv$/i.test(out)
      ? new TextEncoder().encode([...csvParts([result])].join(''))
      : /\.parquet$/i.test(out)
        ? toParquet([result])
        : /\.(arrow|arrows)$/i.test(out)
          ? result
          : null;
    if (!bytes) throw new Error(`--out ${out}: use a .csv, .parquet or .arrows file name`);
    writeFileSync(out, bytes);
    console.error(`wrote ${out}`);
  } else console.log(formatResult(result, format));
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'serve') await serve(rest);
    else if (cmd === 'sim') await sim(rest);
    else if (cmd === 'query') await query(rest);
    else if (cmd === 'params') console.log(paramsTable());
    else {
      console.log(USAGE);
      return cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2;
    }
    return 0;
  } catch (e) {
    console.error(`flowbook ${cmd}: ${(e as Error).message}`);
    return 1;
  }
}
