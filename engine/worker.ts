import * as duckdb from '@duckdb/duckdb-wasm/browser-blocking';
import { expose, transfer } from 'comlink';
import { connectorFromBindings } from './db/connector.ts';
import { DATABASE_CONFIG } from './db/database-config.ts';
import {
  createEngine,
  type Engine,
  type EngineParamsInput,
  type FlowMessage,
  type FlowReply,
} from './engine.ts';
import { stepBuffers } from './flow/flow-step.ts';
import { OpfsDatabase } from './db/opfs-database.ts';
import { installErrorTransfer } from './rpc-errors.ts';
import { csvParts, type ExportFormat, toParquet } from './session/export-table.ts';
import { type AdvanceReport, ReplayQueue } from './session/replay-queue.ts';

/** URLs of the DuckDB-WASM modules, resolved by the app's bundler. */
export interface WasmBundles {
  readonly mvp: string;
  readonly eh: string;
}

/** How the worker keeps its tables: the file database's memory limit (a valid parseMemoryLimit form). */
export interface EngineOptions {
  readonly memoryLimit?: string | undefined;
}

let engine: Engine | null = null;
/** The flow worker of the current engine (a new one per engine), or null where workers cannot nest. */
let flowWorker: Worker | null = null;
/** Readers waiting for flow results: each until `applied` reaches the `sent` count it saw. */
let waiting: { readonly upTo: number; readonly resume: () => void }[] = [];
let database: duckdb.DuckDBBindings | null = null;
/** The tables' database file, or why they are in memory instead. */
let file: OpfsDatabase | string = 'not initialized';
const queue = new ReplayQueue();
const ready = (): Engine => {
  if (!engine) throw new Error('engine not initialized: call init() first');
  return engine;
};

export const workerApi = {
  async init(bundles: WasmBundles, options: EngineOptions = {}): Promise<void> {
    const db = await duckdb.createDuckDB(
      { mvp: { mainModule: bundles.mvp, mainWorker: '' }, eh: { mainModule: bundles.eh, mainWorker: '' } },
      new duckdb.VoidLogger(),
      duckdb.BROWSER_RUNTIME,
    );
    await db.instantiate(() => {});
    db.open(DATABASE_CONFIG);
    database = db;
    file = await OpfsDatabase.open(db, options.memoryLimit);
    engine = startEngine(db, undefined);
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
    engine = startEngine(database, params);
  },
  /** Queues wire-schema events of an opened file for replay (transferred bytes). */
  replayPush(ipc: Uint8Array): number {
    queue.push(ipc);
    return queue.queued;
  },
  /**
   * Ingests queued events up to the replay clock (ns; null = as fast as possible), at most maxRows;
   * first waits while the flow worker is more than MAX_FLOW_BACKLOG steps behind.
   */
  async replayAdvance(until: bigint | null, maxRows: number): Promise<AdvanceReport> {
    await flowsWithin(MAX_FLOW_BACKLOG);
    return queue.advance(ready(), until, maxRows);
  },
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
  async ingest(ipc: Uint8Array) {
    await flowsWithin(MAX_FLOW_BACKLOG);
    return ready().ingest(ipc);
  },
  /** Runs SQL once the flows of every event ingested before it are in. */
  async query(sql: string): Promise<Uint8Array> {
    await flowsWithin(0);
    const bytes = ready().query(sql);
    return transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  /** A query's result as a file: CSV, Parquet or Arrow IPC stream bytes (transferred). */
  async exportQuery(sql: string, format: ExportFormat): Promise<Uint8Array> {
    await flowsWithin(0);
    const result = ready().query(sql);
    const bytes =
      format === 'arrow'
        ? result
        : format === 'parquet'
          ? toParquet([result])
          : new TextEncoder().encode([...csvParts([result])].join(''));
    return transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  async refreshAnalytics() {
    await flowsWithin(0);
    return ready().refreshAnalytics();
  },
  async stats() {
    await flowsWithin(0);
    return ready().stats();
  },
  /** Resolves once the flows of every event ingested so far are in the tables. */
  flowsSettled: (): Promise<void> => flowsWithin(0),
  params: () => ready().params(),
  /**
   * Applies once the flows of every event ingested before it are in, and answers at once: answers
   * come in the order changes and ingests applied, which the recorder keeps (docs/sessions.md). A
   * regroup it starts runs on; every read waits for it.
   */
  async setParams(params: EngineParamsInput) {
    await flowsWithin(0);
    return ready().setParams(params);
  },
};
export type WorkerApi = typeof workerApi;

const storageOf = (f: OpfsDatabase | string) => (typeof f === 'string' ? undefined : f.storage);

/** Flow steps a replay or live feed may run ahead of the flow worker (each holds its IPC bytes). */
const MAX_FLOW_BACKLOG = 4;

/** Resolves once at most `backlog` of the flow requests sent so far are still unanswered. */
function flowsWithin(backlog: number): Promise<void> {
  const e = engine;
  if (!e) return Promise.resolve();
  const { sent, applied, regrouping } = e.flowsApplied();
  if (sent - applied <= backlog && !regrouping) return Promise.resolve();
  return new Promise((resume) => waiting.push({ upTo: sent - backlog, resume }));
}

/** Resumes the readers whose results are in (every reader, when the engine is being replaced). */
function wake(all = false): void {
  const state = engine?.flowsApplied();
  const done = (w: { upTo: number }) => all || !state || (w.upTo <= state.applied && !state.regrouping);
  const ready = waiting.filter(done);
  if (ready.length === 0) return;
  waiting = waiting.filter((w) => !done(w));
  for (const w of ready) w.resume();
}

/**
 * An engine on `db`, its flows built by a flow worker of its own where this worker can start one
 * (a dedicated worker inside a dedicated worker), else in place. The old engine's flow worker stops.
 */
function startEngine(db: duckdb.DuckDBBindings, params: EngineParamsInput | undefined): Engine {
  flowWorker?.terminate();
  flowWorker = null;
  const connector = connectorFromBindings(db);
  const storage = storageOf(file);
  // Readers waiting on the old engine's flows wait no more: its tables are gone.
  wake(true);
  if (typeof Worker === 'undefined') {
    return createEngine({ connector, params, storage });
  }
  const fw = new Worker(new URL('./flow/flow-worker.ts', import.meta.url), { type: 'module', name: 'flows' });
  const channel = {
    post: (m: FlowMessage) => fw.postMessage(m, 'step' in m ? stepBuffers(m.step) : []),
  };
  const created = createEngine({ connector, params, storage, flowChannel: channel });
  fw.onmessage = (e: MessageEvent<FlowReply>) => {
    if (engine !== created) return;
    created.receiveFlows(e.data);
    wake();
  };
  fw.onerror = (e) => {
    e.preventDefault();
    if (engine !== created) return;
    created.receiveFlows({ error: `the flow worker failed: ${e.message || 'it could not start'}` });
    wake();
  };
  flowWorker = fw;
  return created;
}

installErrorTransfer();
expose(workerApi);
