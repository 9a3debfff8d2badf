import ehUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpUrl from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import { tableFromIPC } from 'apache-arrow';
import { FileReaderClient } from '../../app/session/file-reader.ts';
import { createReplay } from '../../app/session/replay-controller.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const file = () => (document.getElementById('file') as HTMLInputElement).files![0]!;

/** The app's replay path, as fast as possible: read (scan) pass, then replay into a fresh engine. */
async function replay() {
  const f = file();
  const t0 = performance.now();
  const r = createReplay(f, f.name);
  while (r.phase() !== 'paused') {
    if (r.phase() === 'error') throw new Error(r.error() ?? 'replay failed');
    await sleep(50);
  }
  const scanMs = performance.now() - t0;
  r.setSpeed(Number.POSITIVE_INFINITY);
  const t1 = performance.now();
  r.play();
  let peakWasm = 0;
  let peakJs = 0;
  let polls = 0;
  while (r.phase() !== 'ended') {
    if (r.phase() === 'error') throw new Error(r.error() ?? 'replay failed');
    const m = await r.engine()!.memory();
    peakWasm = Math.max(peakWasm, m.wasmBytes);
    peakJs = Math.max(peakJs, m.jsHeapBytes ?? 0);
    if (++polls % 20 === 0)
      console.log(
        `progress: ${((performance.now() - t1) / 1000).toFixed(0)} s, ${r.ingested()} of ${r.range()!.rows} events, heap ${(m.wasmBytes / 1024 ** 3).toFixed(2)} GB`,
      );
    await sleep(500);
  }
  const replayMs = performance.now() - t1;
  const engine = r.engine()!;
  const m = await engine.memory();
  const counts = tableFromIPC(
    await engine.query('select count(*)::INT n, (select count(*)::INT from option_trades) t from _events'),
  );
  const row = counts.get(0)!.toJSON() as { n: number; t: number };
  const phases = (await engine.stats()).ingestMs;
  r.close();
  return {
    scanMs,
    replayMs,
    totalMs: scanMs + replayMs,
    events: row.n,
    trades: row.t,
    peakWasm: Math.max(peakWasm, m.wasmBytes),
    peakJs,
    ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [`phase.${k}`, v])),
  };
}

/** The peer: the same chunks, read by the same parse worker, inserted into bare DuckDB-WASM. */
async function bare() {
  const f = file();
  const w = new Worker(new URL('./bare-worker.ts', import.meta.url), { type: 'module' });
  const reply = () =>
    new Promise<Record<string, number | boolean>>((res) => (w.onmessage = (e) => res(e.data)));
  const abs = (u: string) => new URL(u, location.href).href;
  w.postMessage({ init: { mvp: abs(mvpUrl), eh: abs(ehUrl) } });
  await reply();
  const t0 = performance.now();
  const reader = await FileReaderClient.open(f, f.name);
  let rows = 0;
  for (let c = await reader.next(); c; c = await reader.next()) {
    rows += c.rows;
    w.postMessage({ ipc: c.ipc }, [c.ipc.buffer as ArrayBuffer]);
    await reply();
  }
  reader.close();
  w.postMessage({ done: true });
  const end = await reply();
  w.terminate();
  return {
    rows,
    totalMs: performance.now() - t0,
    insertMs: end.insertMs as number,
    wasmBytes: end.wasmBytes as number,
  };
}

Object.assign(window, { flowbookReplayBench: { replay, bare } });
