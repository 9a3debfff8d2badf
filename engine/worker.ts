import * as duckdb from '@duckdb/duckdb-wasm/browser-blocking';
import { expose, transfer } from 'comlink';
import { connectorFromBindings } from './db/connector.ts';
import { createEngine, type Engine, type EngineParamsInput } from './engine.ts';
import { OpfsDatabase } from './db/opfs-database.ts';
import { installErrorTransfer } from './rpc-errors.ts';
import { csvParts, type ExportFormat, toParquet } from './session/export-table.ts';
import { type AdvanceReport, ReplayQueue } from './session/replay-queue.ts';

/** URLs of the DuckDB-WASM modules, resolved by the app's bundler. */
export interface WasmBundles {
  readonly mvp: string;
  readonly eh: string;
}

let engine: Engine | null = null;
let database: duckdb.DuckDBBindings | null = null;
/** The tables' database file, or why they are in memory instead. */
let file: OpfsDatabase | string = 'not initialized';
const queue = new ReplayQueue();
const ready = (): Engine => {
  if (!engine) throw new Error('engine not initialized: call init() first');
  return engine;
};

export const workerApi = {
  async init(bundles: WasmBundles): Promise<void> {
    const db = await duckdb.createDuckDB(
      { mvp: { mainModule: bundles.mvp, mainWorker: '' }, eh: { mainModule: bundles.eh, mainWorker: '' } },
      new duckdb.VoidLogger(),
      duckdb.BROWSER_RUNTIME,
    );
    await db.instantiate(() => {});
    db.open({});
    database = db;
    file = await OpfsDatabase.open(db);
    engine = createEngine({ connector: connectorFromBindings(db), storage: storageOf(file) });
  },
  /**
   * A fresh database and engine with the same parameters (a replay seeking back starts over):
   * DuckDB drops every table and returns their memory; queued replay events are dropped too.
   */
  reset(): void {
    if (!database) throw new Error('engine not initialized: call init() first');
    const params = engine?.params();
    queue.clear();
    database.reset();
    if (typeof file !== 'string') file.renew(database);
    engine = createEngine({ connector: connectorFromBindings(database), params, storage: storageOf(file) });
  },
  /** Queues wire-schema events of an opened file for replay (transferred bytes). */
  replayPush(ipc: Uint8Array): number {
    queue.push(ipc);
    return queue.queued;
  },
  /** Ingests queued events up to the replay clock (ns; null = as fast as possible), at most maxRows. */
  replayAdvance: (until: bigint | null, maxRows: number): AdvanceReport =>
    queue.advance(ready(), until, maxRows),
  /**
   * This worker's memory: the DuckDB-WASM heap and, where the browser reports it, the JS heap; where
   * the tables live (a file's bytes on disk, or why they are in memory).
   */
  memory(): {
    wasmBytes: number;
    jsHeapBytes: number | null;
    database: { file: true; bytes: number } | { file: false; why: string };
  } {
    const mod = (database as unknown as { mod?: { HEAPU8?: Uint8Array } } | null)?.mod;
    const perf = performance as unknown as { memory?: { usedJSHeapSize: number } };
    return {
      wasmBytes: mod?.HEAPU8?.byteLength ?? 0,
      jsHeapBytes: perf.memory?.usedJSHeapSize ?? null,
      database: typeof file === 'string' ? { file: false, why: file } : { file: true, bytes: file.bytes() },
    };
  },
  ingest: (ipc: Uint8Array) => ready().ingest(ipc),
  query(sql: string): Uint8Array {
    const bytes = ready().query(sql);
    return transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  /** A query's result as a file: CSV, Parquet or Arrow IPC stream bytes (transferred). */
  exportQuery(sql: string, format: ExportFormat): Uint8Array {
    const result = ready().query(sql);
    const bytes =
      format === 'arrow'
        ? result
        : format === 'parquet'
          ? toParquet([result])
          : new TextEncoder().encode([...csvParts([result])].join(''));
    return transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  refreshAnalytics: () => ready().refreshAnalytics(),
  stats: () => ready().stats(),
  params: () => ready().params(),
  setParams: (params: EngineParamsInput) => ready().setParams(params),
};
export type WorkerApi = typeof workerApi;

const storageOf = (f: OpfsDatabase | string) => (typeof f === 'string' ? undefined : f.storage);

installErrorTransfer();
expose(workerApi);
