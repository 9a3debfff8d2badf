import { type RecordBatch, RecordBatchReader } from 'apache-arrow';
import type { Engine } from '../engine.ts';
import { batchesToIpc } from '../events/event-encoder.ts';
import { EventView } from '../events/event-view.ts';

export interface AdvanceReport {
  readonly rows: number;
  readonly optionTrades: number;
  /** Time of the last event ingested, ns, or null when none was. */
  readonly lastTs: bigint | null;
  /** Rows still queued. */
  readonly queued: number;
}

interface Item {
  readonly batch: RecordBatch;
  readonly view: EventView;
  /** The chunk's own bytes when it is this one batch, ingested as they are when taken whole. */
  readonly ipc: Uint8Array | null;
  at: number;
}

/**
 * The events of an opened file waiting to be replayed, in file order (which for a recording is
 * arrival order: a late print comes where it arrived, not where its time would sort it).
 */
export class ReplayQueue {
  private items: Item[] = [];
  queued = 0;

  push(ipc: Uint8Array): void {
    const batches = [...RecordBatchReader.from(ipc)].filter((b) => b.numRows > 0);
    for (const batch of batches) {
      this.items.push({ batch, view: new EventView(batch), ipc: batches.length === 1 ? ipc : null, at: 0 });
      this.queued += batch.numRows;
    }
  }

  clear(): void {
    this.items = [];
    this.queued = 0;
  }

  /**
   * Ingests queued events in order while each one's time is at or before `until` (every queued
   * event when null), at most `maxRows` (when `until` is null, the last batch taken is taken whole
   * and may pass it). It stops at the first event past `until`, so what the engine holds is exactly
   * the file's events up to the replay clock.
   */
  advance(engine: Engine, until: bigint | null, maxRows = 65_536): AdvanceReport {
    let rows = 0;
    let optionTrades = 0;
    let lastTs: bigint | null = null;
    while (rows < maxRows) {
      const item = this.items[0];
      if (!item) break;
      const { view } = item;
      let end = item.at;
      // As fast as possible, batches go whole (as the bytes they came in): a slice would be written
      // to IPC again and read again, so a step may pass maxRows by the rest of one batch.
      const limit = Math.min(view.length, item.at + (maxRows - rows));
      if (until === null) end = view.length;
      else while (end < limit && view.tsNs(end) <= until) end++;
      if (end > item.at) {
        const whole = item.at === 0 && end === view.length && item.ipc !== null;
        const bytes = whole ? item.ipc! : batchesToIpc([item.batch.slice(item.at, end)]);
        optionTrades += engine.ingest(bytes).optionTrades;
        lastTs = view.tsNs(end - 1);
        rows += end - item.at;
        this.queued -= end - item.at;
        item.at = end;
      }
      if (item.at < view.length) break;
      this.items.shift();
    }
    return { rows, optionTrades, lastTs, queued: this.queued };
  }
}
