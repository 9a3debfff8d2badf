import type { FeedEvent } from '../events/event-types.ts';
import { parseIsoNs } from '../events/ndjson.ts';
import type { EpochNs } from '../time/units.ts';

/** `2026-11-20T14:30:00.000001Z` → EpochNs, throwing on a bad literal (test helper). */
export function ns(iso: string): EpochNs {
  const v = parseIsoNs(iso);
  if (typeof v === 'string') throw new Error(v);
  return v;
}

export const quote = (ts: string, contract: string, bid: number, ask: number): FeedEvent => ({
  type: 'option_quote',
  ts: ns(ts),
  contract,
  bid,
  ask,
  bidSize: 10,
  askSize: 10,
});

export const trade = (
  ts: string,
  contract: string,
  price: number,
  size: number,
  id: string,
  conditions = 0,
): FeedEvent => ({
  type: 'option_trade',
  ts: ns(ts),
  contract,
  price,
  size,
  exchange: 'XCBO',
  conditions,
  id,
});
