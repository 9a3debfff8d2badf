import ehUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpUrl from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { type Remote, transfer, wrap } from 'comlink';
import { installErrorTransfer } from '../engine/rpc-errors.ts';
import type { WorkerApi } from '../engine/worker.ts';

export type EngineClient = Remote<WorkerApi>;

/** Starts the engine worker (which owns DuckDB-WASM) and waits until its database is open. */
export async function startEngine(): Promise<EngineClient> {
  installErrorTransfer();
  const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), {
    type: 'module',
    name: 'engine',
  });
  const api = wrap<WorkerApi>(worker);
  const abs = (u: string) => new URL(u, location.href).href;
  await api.init({ mvp: abs(mvpUrl), eh: abs(ehUrl) });
  return api;
}

/** Hands a received WebSocket message to the worker without copying it. */
export function ingestTransfer(engine: EngineClient, buf: ArrayBuffer) {
  return engine.ingest(transfer(new Uint8Array(buf), [buf]));
}
