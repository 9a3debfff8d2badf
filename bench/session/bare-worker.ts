import * as duckdb from '@duckdb/duckdb-wasm/browser-blocking';

// The peer: the same wire-schema chunks inserted into one DuckDB-WASM table, nothing else.
let db: duckdb.DuckDBBindings | null = null;
let conn: ReturnType<duckdb.DuckDBBindings['connect']> | null = null;
let first = true;
let insertMs = 0;

self.onmessage = async (e: MessageEvent) => {
  try {
    await handle(e);
  } catch (err) {
    self.postMessage({ error: `bare DuckDB-WASM insert failed: ${(err as Error).message}` });
  }
};

async function handle(e: MessageEvent) {
  const m = e.data as { init?: { mvp: string; eh: string }; ipc?: Uint8Array; done?: boolean };
  if (m.init) {
    const d = await duckdb.createDuckDB(
      { mvp: { mainModule: m.init.mvp, mainWorker: '' }, eh: { mainModule: m.init.eh, mainWorker: '' } },
      new duckdb.VoidLogger(),
      duckdb.BROWSER_RUNTIME,
    );
    await d.instantiate(() => {});
    d.open({});
    db = d;
    conn = d.connect();
    self.postMessage({ ready: true });
  } else if (m.ipc) {
    const t = performance.now();
    conn!.insertArrowFromIPCStream(m.ipc, { name: 'events', create: first });
    first = false;
    insertMs += performance.now() - t;
    self.postMessage({ inserted: true });
  } else if (m.done) {
    const heap = (db as unknown as { mod: { HEAPU8: Uint8Array } }).mod.HEAPU8.byteLength;
    self.postMessage({ insertMs, wasmBytes: heap });
  }
}
