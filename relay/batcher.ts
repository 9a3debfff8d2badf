import { batchesToIpc, EventEncoder, type FeedEvent } from '../engine/index.ts';

export interface BatchLimits {
  /** Flush when a batch holds this many events. */
  readonly maxRows: number;
  /** Flush at least this often while events are pending. */
  readonly maxMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxRows: 16_384, maxMs: 50 };

/**
 * Groups events into Arrow IPC messages bounded by rows and by time. Each message is a
 * self-contained IPC stream whose schema metadata carries a contiguous sequence number.
 */
export function createBatcher(limits: BatchLimits, emit: (ipc: Uint8Array, rows: number) => void) {
  let enc = new EventEncoder();
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (enc.length === 0) return;
    const rows = enc.length;
    seq += 1;
    const ipc = batchesToIpc([enc.finish(new Map([['flowbook.seq', String(seq)]]))]);
    enc = new EventEncoder();
    emit(ipc, rows);
  };
  return {
    push(events: readonly FeedEvent[]) {
      for (const e of events) {
        enc.add(e);
        if (enc.length >= limits.maxRows) flush();
      }
      if (enc.length > 0 && !timer) timer = setTimeout(flush, limits.maxMs);
    },
    flush,
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
