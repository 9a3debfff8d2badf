import { WebSocket } from 'ws';
import { batchesToIpc, EventEncoder, type FeedEvent } from '../engine/index.ts';
import { type Batch, conflate, seqMetadata } from './batcher.ts';

export interface SlowClientLimits {
  /** Bytes the socket may have buffered before batches are held back and conflated. */
  readonly softBufferBytes: number;
  /** Events held back for one client; past this it is disconnected (close code 4008). */
  readonly maxPendingEvents: number;
  /** How often a lagging client's backlog is retried. */
  readonly drainMs: number;
}

export const DEFAULT_SLOW_CLIENT_LIMITS: SlowClientLimits = {
  softBufferBytes: 4 << 20,
  maxPendingEvents: 250_000,
  drainMs: 25,
};

/** Close code for a client too slow to keep up; the browser reconnects and sees the gap by sequence. */
export const CLOSE_SLOW_CONSUMER = 4008;

/**
 * The live stream to one browser. While its socket drains, every batch is sent as received; when it
 * lags, batches are held, quotes conflated per contract (trades never dropped), and sent as one
 * message covering their sequence range. A backlog past `maxPendingEvents` closes the socket with
 * 4008 instead of growing without bound.
 */
export function createClientStream(ws: WebSocket, session: string, limits: SlowClientLimits) {
  let pending: (readonly FeedEvent[])[] = [];
  let pendingEvents = 0;
  let from = 0;
  let to = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const stats = { sent: 0, conflated: 0, closedSlow: false };

  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const drain = () => {
    if (ws.readyState !== WebSocket.OPEN) return stopTimer();
    if (pending.length === 0 || ws.bufferedAmount > limits.softBufferBytes) return;
    const events = conflate(pending);
    stats.conflated += pendingEvents - events.length;
    const enc = new EventEncoder();
    for (const e of events) enc.add(e);
    ws.send(batchesToIpc([enc.finish(seqMetadata(session, from, to))]), { binary: true });
    stats.sent += 1;
    pending = [];
    pendingEvents = 0;
    stopTimer();
  };
  return {
    stats,
    send(batch: Batch) {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (pending.length === 0 && ws.bufferedAmount <= limits.softBufferBytes) {
        ws.send(batch.ipc, { binary: true });
        stats.sent += 1;
        return;
      }
      if (pending.length === 0) from = batch.seq;
      to = batch.seq;
      pending.push(batch.events);
      pendingEvents += batch.events.length;
      if (pendingEvents > limits.maxPendingEvents) {
        stats.closedSlow = true;
        pending = [];
        stopTimer();
        ws.close(CLOSE_SLOW_CONSUMER, `slow consumer: more than ${limits.maxPendingEvents} events behind`);
        return;
      }
      timer ??= setInterval(drain, limits.drainMs);
    },
    close: stopTimer,
  };
}
