import { parentPort } from 'node:worker_threads';
import { createEngine } from '../engine.ts';
import { createNodeConnector } from '../node/index.ts';

/** A Node worker that ingests the bytes it is sent, so a test's watchdog can stop a reader that hangs. */
const engine = createEngine({ connector: await createNodeConnector() });
parentPort?.on('message', (m: { id: number; bytes: Uint8Array }) => {
  try {
    const r = engine.ingest(m.bytes);
    parentPort?.postMessage({ id: m.id, rows: r.rows, skipped: r.skipped, trades: r.optionTrades });
  } catch (e) {
    parentPort?.postMessage({ id: m.id, error: `${(e as Error).name}: ${(e as Error).message}` });
  }
});
parentPort?.postMessage({ ready: true });
