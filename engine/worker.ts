import * as duckdb from '@duckdb/duckdb-wasm/browser-blocking';
import { expose, transfer } from 'comlink';
import { connectorFromBindings } from './db/connector.ts';
import { createEngine, type Engine, type EngineParamsInput } from './engine.ts';
import { installErrorTransfer } from './rpc-errors.ts';

/** URLs of the DuckDB-WASM modules, resolved by the app's bundler. */
export interface WasmBundles {
  readonly mvp: string;
  readonly eh: string;
}

let engine: Engine | null = null;
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
    engine = createEngine({ connector: connectorFromBindings(db) });
  },
  ingest: (ipc: Uint8Array) => ready().ingest(ipc),
  query(sql: string): Uint8Array {
    const bytes = ready().query(sql);
    return transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  refreshAnalytics: () => ready().refreshAnalytics(),
  stats: () => ready().stats(),
  params: () => ready().params(),
  setParams: (params: EngineParamsInput) => ready().setParams(params),
};
export type WorkerApi = typeof workerApi;

installErrorTransfer();
expose(workerApi);
