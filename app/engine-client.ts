import ehUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpUrl from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { type Remote, transfer, wrap } from 'comlink';
import { installErrorTransfer } from '../engine/rpc-errors.ts';
import { parseMemoryLimit } from '../engine/db/memory-limit.ts';
import { fragmentParam } from './url-fragment.ts';
import type { WorkerApi } from '../engine/worker.ts';

export type EngineClient = Remote<WorkerApi>;

const workers = new WeakMap<EngineClient, Worker>();

/** Starts an engine worker (which owns DuckDB-WASM) and waits until its database is open. */
export async function startEngine(name = 'engine'): Promise<EngineClient> {
  installErrorTransfer();
  const worker = new Worker(new URL('../engine/worker.ts', import.meta.url), {
    type: 'module',
    name,
  });
  const api = wrap<WorkerApi>(worker);
  workers.set(api, worker);
  const abs = (u: string) => new URL(u, location.href).href;
  const asked = fragmentParam('memory');
  const memoryLimit = parseMemoryLimit(asked) ?? undefined;
  if (asked !== null && !memoryLimit)
    console.warn(
      `memory=${asked} in the URL is not a memory limit such as 512MB or 2GB (16MB at least): 1GB is used`,
    );
  await api.init({ mvp: abs(mvpUrl), eh: abs(ehUrl) }, { memoryLimit });
  return api;
}

/** Ends an engine worker and frees its database. */
export function stopEngine(engine: EngineClient): void {
  workers.get(engine)?.terminate();
}

/** Hands a received WebSocket message to the worker without copying it. */
export function ingestTransfer(engine: EngineClient, buf: ArrayBuffer) {
  return engine.ingest(transfer(new Uint8Array(buf), [buf]));
}
