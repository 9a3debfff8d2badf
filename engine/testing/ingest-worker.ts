import { parentPort } from 'node:worker_threads';
import { createEngine } from '../engine.ts';
import { createNodeConnector } from '../node/index.ts';
import { bytesSource } from '../session/byte-source.ts';
import { openEventFile } from '../session/event-file.ts';

/**
 * A Node worker that ingests the bytes it is sent, so a test's watchdog can stop a reader that hangs:
 * straight into `engine.ingest`, or (`open`) through the file reader the browser's parse worker uses.
 */
const engine = createEngine({ connector: await createNodeConnector() });
parentPort?.on('message', async (m: { id: number; bytes: Uint8Array; open?: string }) => {
  try {
    let rows = 0;
    let skipped = 0;
    let trades = 0;
    if (m.open) {
      const reader = await openEventFile(m.open, bytesSource(m.bytes));
      for (let c = await reader.next(); c; c = await reader.next()) {
        const r = engine.ingest(c.ipc);
        rows += r.rows;
        skipped += r.skipped;
        trades += r.optionTrades;
      }
      skipped += reader.skipped;
    } else {
      const r = engine.ingest(m.bytes);
      rows = r.rows;
      skipped = r.skipped;
      trades = r.optionTrades;
    }
    parentPort?.postMessage({ id: m.id, rows, skipped, trades });
  } catch (e) {
    parentPort?.postMessage({ id: m.id, error: `${(e as Error).name}: ${(e as Error).message}` });
  }
});
parentPort?.postMessage({ ready: true });
