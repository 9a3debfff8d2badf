import { batchesToIpc, EventEncoder, type FeedEvent } from '../engine/index.ts';

export interface BatchLimits {
  /** Flush when a batch holds this many events. */
  readonly maxRows: number;
  /** Flush at least this often while events are pending. */
  readonly maxMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxRows: 16_384, maxMs: 50 };

/** One flushed batch: its bytes as every client gets them, and its events for a client that lags. */
export interface Batch {
  readonly ipc: Uint8Array;
  readonly events: readonly FeedEvent[];
  readonly seq: number;
}

/**
 * Groups events into Arrow IPC messages bounded by rows and by time. Each message is a
 * self-contained IPC stream whose schema metadata carries a contiguous sequence number and the
 * relay's session id (docs/events.md).
 */
export function createBatcher(limits: BatchLimits, session: string, emit: (batch: Batch) => void) {
  let enc = new EventEncoder();
  let events: FeedEvent[] = [];
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (enc.length === 0) return;
    seq += 1;
    const ipc = batchesToIpc([enc.finish(seqMetadata(session, seq, seq))]);
    const batch = { ipc, events, seq };
    enc = new EventEncoder();
    events = [];
    emit(batch);
  };
  return {
    get seq() {
      return seq;
    },
    push(input: readonly FeedEvent[]) {
      for (const e of input) {
        enc.add(e);
        events.push(e);
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

/** Schema metadata of a live message covering sequence numbers from..to (equal unless conflated). */
export function seqMetadata(session: string, from: number, to: number): Map<string, string> {
  const m = new Map([
    ['flowbook.seq', String(to)],
    ['flowbook.session', session],
  ]);
  if (from !== to) m.set('flowbook.seq_from', String(from));
  return m;
}

/**
 * The events of several batches as one, for a client that fell behind: every trade, cancel, open
 * interest and status event kept in order, each contract's and symbol's quotes reduced to the latest.
 */
export function conflate(batches: readonly (readonly FeedEvent[])[]): FeedEvent[] {
  const seen = new Set<string>();
  const out: FeedEvent[] = [];
  for (let b = batches.length - 1; b >= 0; b--) {
    const events = batches[b]!;
    for (let i = events.length - 1; i >= 0; i--) {
      const e = events[i]!;
      const key =
        e.type === 'option_quote' ? `o:${e.contract}` : e.type === 'equity_quote' ? `e:${e.symbol}` : null;
      if (key !== null) {
        if (seen.has(key)) continue;
        seen.add(key);
      }
      out.push(e);
    }
  }
  return out.reverse();
}
