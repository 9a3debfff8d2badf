import type { FeedEvent } from '../engine/index.ts';

/**
 * What a client that connects mid-session needs before the live stream: the feed's latest status, the
 * day's open interest and the latest NBBO of every contract and symbol, so its first prints can be
 * enriched.
 */
export function createSnapshot() {
  const oi = new Map<string, FeedEvent>();
  const quotes = new Map<string, FeedEvent>();
  const equity = new Map<string, FeedEvent>();
  let status: FeedEvent | null = null;
  return {
    observe(events: readonly FeedEvent[]) {
      for (const e of events) {
        if (e.type === 'open_interest') oi.set(e.contract, e);
        else if (e.type === 'option_quote') quotes.set(e.contract, e);
        else if (e.type === 'equity_quote') equity.set(e.symbol, e);
        else if (e.type === 'status') status = e;
      }
    },
    events(): FeedEvent[] {
      return [...(status ? [status] : []), ...oi.values(), ...equity.values(), ...quotes.values()];
    },
  };
}
