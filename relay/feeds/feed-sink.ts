import { type Clock, type EpochNs, type FeedEvent, type FeedState, parseOsi } from '../../engine/index.ts';
import type { QuoteSet } from './quote-set.ts';

/**
 * Where an adapter's events go: the relay's sink once started, and `status` events (also logged) for
 * the feed's own state. Every adapter uses one, so their status events and logs read alike.
 */
export function createFeedSink(name: string, clock: Clock, log: ((line: string) => void) | undefined) {
  let sink: ((events: readonly FeedEvent[]) => void) | null = null;
  return {
    attach(s: (events: readonly FeedEvent[]) => void) {
      sink = s;
    },
    detach() {
      sink = null;
    },
    emit(events: readonly FeedEvent[]) {
      if (events.length > 0) sink?.(events);
    },
    status(state: FeedState, message: string) {
      log?.(`${name}: ${state}: ${message}`);
      sink?.([
        {
          type: 'status',
          ts: (BigInt(Math.round(clock.now())) * 1_000_000n) as EpochNs,
          status: state,
          message,
        },
      ]);
    },
  };
}

/**
 * Option events of the wanted underlyings (all when none is named), and the NBBO subscriptions the
 * trades among them call for: each traded contract joins `quoted`, the least recently traded leaves.
 */
export function followTrades(events: readonly FeedEvent[], wanted: ReadonlySet<string>, quoted: QuoteSet) {
  const out: FeedEvent[] = [];
  const add: string[] = [];
  const drop: string[] = [];
  for (const e of events) {
    if (e.type === 'option_trade' || e.type === 'option_quote') {
      const c = parseOsi(e.contract);
      if (wanted.size > 0 && (typeof c === 'string' || !wanted.has(c.underlying))) continue;
      if (e.type === 'option_trade') {
        const q = quoted.traded(e.contract);
        if (q.add) add.push(q.add);
        if (q.drop) drop.push(q.drop);
      }
    }
    out.push(e);
  }
  return { out, add, drop };
}

/** The start and stop of a feed made of upstream sessions: events flow to the relay while it runs. */
export function sessionLifecycle(
  feed: ReturnType<typeof createFeedSink>,
  sessions: readonly { start(): void; close(): void }[],
) {
  return {
    start(sink: (events: readonly FeedEvent[]) => void) {
      feed.attach(sink);
      for (const s of sessions) s.start();
    },
    stop() {
      for (const s of sessions) s.close();
      feed.detach();
    },
  };
}
